import { ACCESS_TOKEN_SECONDS } from '../../../../sandbox/zoho';
import { DEFAULT_CREDIT_WAIT_MS } from '../../../../worker/connectors/zoho/zohoErrors';
import { startZohoClientHarness, type ZohoClientHarness } from './zohoClientHarness';

describe('ZohoClient against the emulator: expired tokens, throttling, spent credits, faults', () => {
  let h: ZohoClientHarness;
  beforeEach(async () => (h = await startZohoClientHarness()));
  afterEach(async () => h.close());

  const list = { fields: ['Account_Name'] };

  /** A sleep that moves the emulator's clock instead of waiting, and remembers how long it was asked for. */
  const clockSleep = () => {
    const slept: number[] = [];
    return {
      slept,
      sleep: (ms: number) => {
        slept.push(ms);
        h.clock.advance(ms);
        return Promise.resolve();
      },
    };
  };

  it('refreshes once on 401 INVALID_TOKEN after the token expires, then answers', async () => {
    const org = await h.connectOrg('eu');
    const first = org.tokens().accessToken;
    h.clock.advance(ACCESS_TOKEN_SECONDS * 1000);
    expect(await org.client.listRecords('Accounts', list)).toEqual({ records: [], moreRecords: false });
    expect(org.refreshes()).toBe(1);
    expect(org.tokens().accessToken).not.toBe(first);
  });

  it('gives up as auth when the refreshed token is refused too (one refresh per call)', async () => {
    const org = await h.connectOrg('eu', { onUnauthorized: () => Promise.resolve() });
    h.emulator.faults.add({ kind: 'expire_token', count: 1 });
    await expect(org.client.listRecords('Accounts', list)).rejects.toMatchObject({
      kind: 'auth',
      details: { status: 401, vendorCode: 'INVALID_TOKEN' },
    });
  });

  it('waits out a 429 TOO_MANY_REQUESTS for its Retry-After, then answers', async () => {
    const { sleep, slept } = clockSleep();
    const org = await h.connectOrg('us', { sleep });
    h.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    await org.client.listRecords('Accounts', list);
    expect(slept).toEqual([7_000]);
  });

  it('waits out the per-minute throttle for as long as Zoho says', async () => {
    const { sleep, slept } = clockSleep();
    const org = await h.connectOrg('us', {
      sleep,
      rateLimit: { maxWaitMs: 60_000 },
      limits: { perMinute: 1 },
    });
    await org.client.listRecords('Accounts', list);
    await org.client.listRecords('Accounts', list);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(1_000);
    expect(slept[0]).toBeLessThanOrEqual(60_000);
  });

  it('holds the org’s pace for the Retry-After instead of sleeping when a pace is given', async () => {
    const holds: number[] = [];
    const pace = {
      acquire: () => Promise.resolve({ release: () => undefined }),
      holdUntil: (until: number) => (holds.push(until - h.clock.now()), Promise.resolve()),
    };
    const { sleep, slept } = clockSleep();
    const org = await h.connectOrg('us', { pace, sleep });
    h.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 3, count: 1 });
    await org.client.listRecords('Accounts', list);
    expect(slept).toEqual([]);
    expect(holds).toHaveLength(1);
    expect(holds[0]).toBeGreaterThan(2_900);
    expect(holds[0]).toBeLessThanOrEqual(3_000);
  });

  it('hands a Retry-After longer than it may wait back as rateLimited with the wait', async () => {
    const { sleep, slept } = clockSleep();
    const org = await h.connectOrg('us', { sleep, rateLimit: { maxWaitMs: 5_000 } });
    h.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 30, count: 1 });
    await expect(org.client.listRecords('Accounts', list)).rejects.toMatchObject({
      kind: 'rateLimited',
      name: 'VendorRateLimitedError',
      details: { status: 429, vendorCode: 'TOO_MANY_REQUESTS', retryAfterMs: 30_000 },
    });
    expect(slept).toEqual([]);
  });

  it('surfaces spent credits (429 LIMIT_EXCEEDED) as rateLimited until a time it names, without retrying', async () => {
    const { sleep, slept } = clockSleep();
    let requests = 0;
    const counting: typeof fetch = (input, init) => (requests++, fetch(input, init));
    // Even a client allowed to wait a day does not sit out spent credits: Temporal's retry does.
    const org = await h.connectOrg('in', {
      sleep,
      fetch: counting,
      rateLimit: { maxWaitMs: 24 * 3600_000 },
      limits: { creditsPerDay: 2 },
    });
    await org.client.listRecords('Accounts', list);
    await org.client.listRecords('Accounts', list);
    const error = await org.client.listRecords('Accounts', list).catch((err: unknown) => err);
    expect(error).toMatchObject({
      kind: 'rateLimited',
      details: { status: 429, vendorCode: 'LIMIT_EXCEEDED', retryAfterMs: DEFAULT_CREDIT_WAIT_MS },
    });
    const until = new Date(h.clock.now() + DEFAULT_CREDIT_WAIT_MS).toISOString().slice(0, 16);
    expect((error as Error).message).toContain(`retry after ${until}`);
    expect([requests, slept]).toEqual([3, []]);
  });

  it('passes a 5xx as retryable and does not retry it itself', async () => {
    const org = await h.connectOrg('cn');
    h.emulator.faults.add({ kind: 'error', status: 503, count: 1 });
    await expect(org.client.listRecords('Accounts', list)).rejects.toMatchObject({
      kind: 'retryable',
      details: { status: 503 },
    });
    expect(await org.client.listRecords('Accounts', list)).toEqual({ records: [], moreRecords: false });
  });
});
