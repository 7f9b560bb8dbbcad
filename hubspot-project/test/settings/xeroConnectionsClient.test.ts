import {
  workerXeroConnectionsSource,
  type ConnectionsFetch,
} from '../../src/app/settings/lib/xeroConnectionsClient';

function fakeFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; method: string | undefined; body: unknown }> = [];
  const fetch: ConnectionsFetch = (url, options) => {
    calls.push({ url, method: options?.method, body: options?.body });
    return Promise.resolve(new Response(JSON.stringify(body), { status }));
  };
  return { fetch, calls };
}

const ID = '6f1c1b2e-4a7d-4c1e-9b8f-0d2a5e7c9a11';

describe('the Xero organisations client', () => {
  it('lists with GET, asks for a connect link and disconnects with POST, validating each answer', async () => {
    const listed = fakeFetch(200, { connections: [] });
    expect(await workerXeroConnectionsSource(listed.fetch, 'https://lb.example.com').list()).toEqual({
      connections: [],
    });
    expect(listed.calls).toEqual([
      { url: 'https://lb.example.com/hubspot/connections/xero', method: undefined, body: undefined },
    ]);

    const link = {
      url: 'https://lb.example.com/oauth/xero/start?ticket=t',
      expiresAt: '2026-11-20T14:15:00.000Z',
    };
    const linked = fakeFetch(201, link);
    expect(await workerXeroConnectionsSource(linked.fetch, 'https://lb.example.com').connectLink()).toEqual(
      link,
    );
    expect(linked.calls[0]).toEqual({
      url: 'https://lb.example.com/hubspot/connections/xero/connect-link',
      method: 'POST',
      body: {},
    });

    const gone = fakeFetch(200, { id: ID, status: 'disconnected' });
    await workerXeroConnectionsSource(gone.fetch, 'https://lb.example.com').disconnect(ID);
    expect(gone.calls[0]?.url).toBe(`https://lb.example.com/hubspot/connections/xero/${ID}/disconnect`);
  });

  it('a refusal becomes its sentence; an unreadable answer or an unreachable worker a clear error', async () => {
    const refused = fakeFetch(403, { error: 'not_allowed', message: 'Only a super admin can.' });
    await expect(workerXeroConnectionsSource(refused.fetch, 'https://x').connectLink()).rejects.toThrow(
      'Only a super admin can.',
    );
    const garbled = fakeFetch(200, { connections: [{ id: 'nope' }] });
    await expect(workerXeroConnectionsSource(garbled.fetch, 'https://x').list()).rejects.toThrow(
      'Ledgerbridge sent an answer this page does not understand.',
    );
    const down: ConnectionsFetch = () => Promise.reject(new Error('ECONNREFUSED'));
    await expect(workerXeroConnectionsSource(down, 'https://x').disconnect(ID)).rejects.toThrow(
      'Ledgerbridge could not be reached. Try again in a moment.',
    );
  });
});
