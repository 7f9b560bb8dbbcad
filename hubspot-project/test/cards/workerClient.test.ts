import { workerDataSource, WorkerError, type HubspotFetch } from '../../src/app/cards/lib/workerClient';
import { companyCard } from '../support/cardFactories';

function fakeFetch(status: number, body: unknown) {
  const requests: Array<{ url: string; options: Parameters<HubspotFetch>[1] }> = [];
  const fetch: HubspotFetch = (url, options) => {
    requests.push({ url, options });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fetch, requests };
}

describe('the cards’ worker client', () => {
  it('calls the worker’s card endpoints and returns validated data', async () => {
    const { fetch, requests } = fakeFetch(200, companyCard());
    const data = await workerDataSource(fetch, 'https://lb.example.com').companyCard('1001');
    expect(data.invoices[0]?.number).toBe('INV-0042');
    expect(requests[0]?.url).toBe('https://lb.example.com/hubspot/cards/companies/1001');
  });

  it('re-sync is a POST to the deal’s resync endpoint', async () => {
    const { fetch, requests } = fakeFetch(202, { workflowId: 'w', requestedAt: '2026-11-20T14:06:00.000Z' });
    await workerDataSource(fetch, 'https://lb.example.com').resyncDeal('2001');
    expect(requests[0]).toMatchObject({
      url: 'https://lb.example.com/hubspot/cards/deals/2001/resync',
      options: { method: 'POST' },
    });
  });

  it('turns a refusal into its sentence, and an answer it cannot read into a clear error', async () => {
    const refused = fakeFetch(403, { error: 'portal_not_connected', message: 'Not connected.' });
    await expect(workerDataSource(refused.fetch, 'https://x').dealCard('1')).rejects.toEqual(
      new WorkerError('Not connected.', 403, 'portal_not_connected'),
    );
    const garbled = fakeFetch(200, { dealId: 1 });
    await expect(workerDataSource(garbled.fetch, 'https://x').dealCard('1')).rejects.toMatchObject({
      code: 'bad_answer',
    });
  });
});
