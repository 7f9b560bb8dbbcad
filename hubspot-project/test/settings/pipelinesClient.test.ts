import { isBusy } from '../../src/app/cards/lib/remoteState';
import { workerPipelinesSource } from '../../src/app/settings/lib/pipelinesClient';
import type { HubspotFetch } from '../../src/app/settings/lib/settingsClient';

function fakeFetch(status: number, body: unknown) {
  const urls: string[] = [];
  const fetch: HubspotFetch = (url) => {
    urls.push(url);
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fetch, urls };
}

const renewals = {
  id: '75010001',
  label: 'Renewals',
  stages: [{ id: '75010013', label: 'Renewed', isClosed: true, probability: 1 }],
};

describe('the deal pipelines client', () => {
  it('reads GET /hubspot/pipelines and validates it with the shared contract', async () => {
    const { fetch, urls } = fakeFetch(200, { pipelines: [renewals] });
    await expect(workerPipelinesSource(fetch, 'https://lb.example.com').load()).resolves.toEqual([renewals]);
    expect(urls).toEqual(['https://lb.example.com/hubspot/pipelines']);
  });

  it("turns a refusal into its sentence (the worker's 429 as busy), and an unreadable answer into a clear error", async () => {
    const limited = fakeFetch(429, {
      error: 'busy',
      message: 'hubspot asked us to slow down; try again in 3 s.',
    });
    const err: unknown = await workerPipelinesSource(limited.fetch, 'https://x')
      .load()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('hubspot asked us to slow down; try again in 3 s.');
    expect(isBusy(err)).toBe(true);

    const garbled = fakeFetch(200, { pipelines: [{ id: 'x', stages: [] }] });
    await expect(workerPipelinesSource(garbled.fetch, 'https://x').load()).rejects.toThrow(
      'Ledgerbridge sent an answer this page does not understand.',
    );
    const down: HubspotFetch = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(workerPipelinesSource(down, 'https://x').load()).rejects.toThrow(
      'Ledgerbridge could not be reached. Try again in a moment.',
    );
  });
});
