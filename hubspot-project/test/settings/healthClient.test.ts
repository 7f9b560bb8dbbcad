import type { HubspotFetch } from '../../src/app/settings/lib/settingsClient';
import { workerHealthSource } from '../../src/app/settings/lib/healthClient';
import { checkedHealth } from '../support/healthFactories';

function fakeFetch(status: number, body: unknown) {
  const urls: string[] = [];
  const fetch: HubspotFetch = (url) => {
    urls.push(url);
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fetch, urls };
}

describe('the sync health client', () => {
  it('reads GET /hubspot/health and validates it with the shared contract', async () => {
    const { fetch, urls } = fakeFetch(200, checkedHealth());
    const health = await workerHealthSource(fetch, 'https://lb.example.com').load();
    expect(health.status).toBe('checked');
    expect(urls).toEqual(['https://lb.example.com/hubspot/health']);
  });

  it('turns a refusal into its sentence, and an answer it cannot read into a clear error', async () => {
    const refused = fakeFetch(403, { error: 'portal_not_connected', message: 'Not connected.' });
    await expect(workerHealthSource(refused.fetch, 'https://x').load()).rejects.toThrow('Not connected.');
    const garbled = fakeFetch(200, { status: 'checked', runs: [] });
    await expect(workerHealthSource(garbled.fetch, 'https://x').load()).rejects.toThrow(
      'Ledgerbridge sent an answer this page does not understand.',
    );
    const down: HubspotFetch = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(workerHealthSource(down, 'https://x').load()).rejects.toThrow(
      'Ledgerbridge could not be reached. Try again in a moment.',
    );
  });
});
