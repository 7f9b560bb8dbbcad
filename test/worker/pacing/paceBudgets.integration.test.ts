import { pacePolicies } from '../../../worker/pacing/pacePolicies';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/**
 * Budgets belong to one vendor account each (issue #18: Xero's limits are per organisation, the
 * CRMs' per portal or org): an account that spent its budget makes its own calls wait, never
 * another account's, whichever installation either belongs to.
 */
describe('pace budgets per vendor account', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore('pglite');
  });
  afterAll(async () => {
    await store.close();
  });

  /** A frozen clock: the waits the pacer asks for are recorded, none is slept. */
  function pacer() {
    const waits: number[] = [];
    const clock = {
      now: () => 1_800_000_000_000,
      sleep: (ms: number) => (waits.push(ms), Promise.resolve()),
    };
    const policies = pacePolicies({
      xero: { perMinute: 60, perDay: 5_000 },
      hubspot: { per10Seconds: 100, perDay: 250_000 },
      salesforce: { perDay: 15_000, concurrency: 25 },
    });
    return { pacer: new SharedPacer(store.db, policies, clock), waits };
  }

  /** How long each of `n` calls on the key, one after the other, was told to wait. */
  async function waitsOf(setup: ReturnType<typeof pacer>, key: string, n: number): Promise<number[]> {
    const asked: number[] = [];
    for (let i = 0; i < n; i++) {
      const before = setup.waits.length;
      const permit = await setup.pacer.acquire(key);
      await permit.release();
      asked.push(setup.waits.slice(before).reduce((sum, ms) => sum + ms, 0));
    }
    return asked;
  }

  it.each([
    ['xero', 'xero:org-a', 'xero:org-b', 40],
    ['hubspot', 'hubspot:1001', 'hubspot:1002', 120],
  ])('%s: a spent account waits, the next account does not', async (_vendor, spent, fresh, calls) => {
    const setup = pacer();
    const spentWaits = await waitsOf(setup, spent, calls);
    // Past its burst the spent account's calls are spread over its window.
    expect(Math.max(...spentWaits)).toBeGreaterThan(0);
    expect(await waitsOf(setup, fresh, 5)).toEqual([0, 0, 0, 0, 0]);
  });
});
