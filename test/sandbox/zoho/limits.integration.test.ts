import { creditCost } from '../../../sandbox/zoho';
import { startZoho, type ZohoHarness } from './harness';

describe('Zoho emulator: credits, throttling and injected faults', () => {
  let h: ZohoHarness;
  beforeEach(async () => (h = await startZoho()));
  afterEach(async () => h.close());

  const list = '/crm/v8/Accounts?fields=Account_Name';

  it('charges credits by Zoho’s table and answers 429 LIMIT_EXCEEDED once the 24-hour budget is spent', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'us', limits: { creditsPerDay: 8 } });
    const api = await h.connect(orgId);
    await api.call('GET', list);
    await api.call('POST', '/crm/v8/coql', { select_query: 'select Account_Name from Accounts limit 500' });
    const accounts = Array.from({ length: 25 }, (_, i) => ({ Account_Name: `Bulk ${i}` }));
    expect((await api.call('POST', '/crm/v8/Accounts', { data: accounts })).status).toBe(201);
    expect(h.emulator.credits(orgId)).toEqual({ limit: 8, used: 6, remaining: 2 });
    await api.call('GET', list);
    await api.call('GET', list);
    const spent = await api.call('GET', list);
    expect(spent.status).toBe(429);
    expect(spent.body).toMatchObject({ code: 'LIMIT_EXCEEDED', status: 'error' });
    // The window rolls: a day later the credits are back (and the token must be renewed).
    h.clock.advance(24 * 3600_000);
    expect((await (await h.connect(orgId)).call('GET', list)).status).toBe(200);
  });

  it('prices COQL by LIMIT and writes by tens of records', () => {
    expect([200, 201, 1000, 1001, 2000].map((limit) => creditCost({ kind: 'coql', limit }))).toEqual([
      1, 2, 2, 3, 3,
    ]);
    expect([1, 10, 11, 100].map((records) => creditCost({ kind: 'write', records }))).toEqual([1, 1, 2, 10]);
  });

  it('answers 429 TOO_MANY_REQUESTS with Retry-After past the per-minute allowance, and lets calls through after it', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'eu', limits: { perMinute: 2 } });
    const api = await h.connect(orgId);
    expect((await api.call('GET', list)).status).toBe(204);
    expect((await api.call('GET', list)).status).toBe(204);
    const throttled = await api.call('GET', list);
    expect(throttled.status).toBe(429);
    expect(throttled.body).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(h.emulator.credits(orgId).used).toBe(2);
    h.clock.advance(retryAfter * 1000);
    expect((await api.call('GET', list)).status).toBe(204);
  });

  it('refuses a call over the concurrency cap while a slow one holds its slot', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'in', limits: { concurrency: 1 } });
    const api = await h.connect(orgId);
    h.emulator.faults.add({
      kind: 'latency',
      latencyMs: 300,
      count: 1,
      pathPrefix: '/dc/in/crm/v8/Accounts',
    });
    const slow = api.call('GET', list);
    // Admission charges the credit before the latency: once it shows, the slow call holds its slot.
    while (h.emulator.credits(orgId).used < 1) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await api.call('GET', '/crm/v8/Deals?fields=Deal_Name');
    expect(second.status).toBe(429);
    expect(second.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(second.headers.get('retry-after')).toBe('1');
    expect((await slow).status).toBe(204);
    expect((await api.call('GET', '/crm/v8/Deals?fields=Deal_Name')).status).toBe(204);
  });

  it('injects faults in Zoho’s shapes: 500 INTERNAL_ERROR, 429 with Retry-After, an expired token', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'cn' });
    const api = await h.connect(orgId);
    h.emulator.faults.add({ kind: 'error', status: 500, count: 1 });
    const failed = await api.call('GET', list);
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ code: 'INTERNAL_ERROR', status: 'error' });
    h.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    const limited = await api.call('GET', list);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    h.emulator.faults.add({ kind: 'expire_token', count: 1 });
    expect((await api.call('GET', list)).body).toMatchObject({ code: 'INVALID_TOKEN' });
    expect((await api.call('GET', list)).status).toBe(401);
  });
});
