import { orgIn, startReceiver, startZoho, START, type Connection, type ZohoHarness } from './harness';

type Row = Record<string, unknown>;
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('Zoho emulator: notification channels (actions/watch)', () => {
  let h: ZohoHarness;
  let api: Connection;
  let orgId: string;
  let receiver: Receiver;
  beforeEach(async () => {
    h = await startZoho();
    ({ orgId, connection: api } = await orgIn(h, 'au'));
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  const enable = (watch: Row, method = 'POST') =>
    api.call(method, '/crm/v8/actions/watch', { watch: [watch] });
  const createDeal = (name: string) =>
    api.call('POST', '/crm/v8/Deals', { data: [{ Deal_Name: name, Stage: 'Qualification' }] });
  const idOf = (reply: { body: Row | undefined }) =>
    String(((reply.body?.data as Row[])[0]?.details as Row).id);

  it('subscribes a channel and POSTs Zoho’s callback body for inserts and updates of the watched module only', async () => {
    const subscribed = await enable({
      channel_id: '1000000068001',
      events: ['Deals.all'],
      notify_url: `${receiver.url}?installation=inst-1`,
      token: 'verify-me',
    });
    expect(subscribed.status).toBe(200);
    expect((subscribed.body?.watch as Row[])[0]).toEqual({
      code: 'SUCCESS',
      details: {
        events: [
          {
            channel_expiry: '2026-01-31T13:00:00+00:00',
            resource_uri: `${api.apiDomain}/crm/v8/Deals`,
            resource_id: expect.any(String),
            resource_name: 'Deals',
            channel_id: '1000000068001',
          },
        ],
      },
      message: 'Successfully subscribed for actions-watch of the given module',
      status: 'success',
    });
    const dealId = idOf(await createDeal('Acme renewal'));
    await api.call('POST', '/crm/v8/Accounts', { data: [{ Account_Name: 'Not watched' }] });
    h.clock.advance(2_000);
    await api.call('PUT', '/crm/v8/Deals', {
      data: [{ id: dealId, Stage: 'Closed Won', Deal_Name: 'Acme renewal' }],
    });
    await api.call('DELETE', `/crm/v8/Deals?ids=${dealId}`);
    await h.emulator.idle();
    expect(receiver.received.map((r) => r.body)).toEqual([
      {
        server_time: expect.any(Number),
        query_params: { installation: 'inst-1' },
        module: 'Deals',
        resource_uri: `${api.apiDomain}/crm/v8/Deals`,
        ids: [dealId],
        affected_fields: [],
        operation: 'insert',
        channel_id: '1000000068001',
        token: 'verify-me',
      },
      expect.objectContaining({
        operation: 'update',
        ids: [dealId],
        affected_fields: [{ [dealId]: ['Stage'] }],
      }),
      expect.objectContaining({ operation: 'delete', ids: [dealId], affected_fields: [] }),
    ]);
    expect(receiver.received[0]?.url).toBe('/webhooks/zoho?installation=inst-1');
    // server_time is the emulator's clock: pinned at START, two seconds later for the update.
    const times = receiver.received.map((r) => Number(r.body.server_time) - START);
    expect(times[0]).toBeLessThan(1_000);
    expect(times[1]).toBeGreaterThanOrEqual(2_000);
    expect(h.emulator.sentNotifications().map((n) => n.delivery.delivered)).toEqual([true, true, true]);
  });

  it('stops at channel_expiry (one hour by default, and when asked for more than v8 allows); renewing keeps it alive', async () => {
    await enable({ channel_id: '11', events: ['Deals.create'], notify_url: receiver.url });
    await enable({
      channel_id: '12',
      events: ['Deals.create'],
      notify_url: receiver.url,
      channel_expiry: new Date(START + 30 * 24 * 3600_000).toISOString(),
    });
    await enable({
      channel_id: '13',
      events: ['Deals.create'],
      notify_url: receiver.url,
      channel_expiry: new Date(START + 2 * 3600_000).toISOString(),
    });
    h.clock.advance(3600_000 - 1_000);
    await enable({ channel_id: '11', events: ['Deals.create'], notify_url: receiver.url });
    h.clock.advance(1_000);
    api = await h.connect(orgId); // the first access token has expired too
    await createDeal('After the first hour');
    await h.emulator.idle();
    expect(receiver.received.map((r) => r.body.channel_id).sort()).toEqual(['11', '13']);
    const listed = await api.call('GET', '/crm/v8/actions/watch');
    expect((listed.body?.watch as Row[]).map((w) => [w.channel_id, w.channel_expiry])).toEqual([
      ['11', '2026-01-31T13:59:59+00:00'],
      ['13', '2026-01-31T14:00:00+00:00'],
    ]);
    h.clock.advance(2 * 3600_000);
    api = await h.connect(orgId);
    await createDeal('Nobody listens');
    await h.emulator.idle();
    expect(receiver.received).toHaveLength(2);
    expect((await api.call('GET', '/crm/v8/actions/watch')).status).toBe(204);
  });

  it('removes events with PATCH _delete_events and channels with DELETE; refuses a watch without notify_url or with a bad event', async () => {
    await enable({ channel_id: '21', events: ['Deals.all', 'Accounts.edit'], notify_url: receiver.url });
    const patched = await enable({ channel_id: '21', events: ['Deals.all'], _delete_events: true }, 'PATCH');
    expect((patched.body?.watch as Row[])[0]).toMatchObject({
      message: 'Successfully removed the subscribe details',
    });
    expect(h.emulator.channels(orgId).map((c) => c.events)).toEqual([['Accounts.edit']]);
    await createDeal('Unwatched now');
    const removed = await api.call('DELETE', '/crm/v8/actions/watch?channel_ids=21');
    expect((removed.body?.watch as Row[])[0]).toMatchObject({
      code: 'SUCCESS',
      details: { channel_id: '21' },
    });
    expect(h.emulator.channels(orgId)).toEqual([]);
    const noUrl = await enable({ channel_id: '22', events: ['Deals.all'] });
    expect(noUrl.status).toBe(400);
    expect((noUrl.body?.watch as Row[])[0]).toMatchObject({
      code: 'MANDATORY_NOT_FOUND',
      details: { api_name: 'notify_url' },
    });
    const badEvent = await enable({
      channel_id: '23',
      events: ['Deals.everything'],
      notify_url: receiver.url,
    });
    expect((badEvent.body?.watch as Row[])[0]).toMatchObject({
      code: 'INVALID_DATA',
      details: { json_path: '$.watch[0].events[0]' },
    });
    await h.emulator.idle();
    expect(receiver.received).toEqual([]);
  });

  it('retries a callback the receiver refuses', async () => {
    await receiver.close();
    receiver = await startReceiver([500]);
    await enable({ channel_id: '31', events: ['Deals.create'], notify_url: receiver.url });
    await createDeal('Retried');
    await h.emulator.idle();
    const [sent] = h.emulator.sentNotifications();
    expect(sent?.delivery.attempts.map((a) => a.status)).toEqual([500, 200]);
    expect(receiver.received).toHaveLength(2);
  });
});
