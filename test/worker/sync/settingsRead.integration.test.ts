import { retrySignal } from '../../../workflows/humanWait';
import { startRecordHarness, untilRecord, type RecordHarness } from '../../workflows/recordHarness';

/**
 * The mapping settings are read with bounded retries (activityOptions.settingsRead: 5 tries over
 * about 8 seconds): invalid stored settings or a store outage make the record wait for a person,
 * saying what is wrong, instead of every workflow retrying the read every 10 seconds for ever; a
 * retry after the fix carries on.
 */
describe('reading the mapping settings', () => {
  const TRIES = 5;
  let h: RecordHarness;
  beforeAll(async () => {
    h = await startRecordHarness();
  });
  afterAll(() => h.close());
  afterEach(() => {
    h.settings.stored = {};
    h.settings.failure = null;
  });

  /** The report the record files when it starts waiting (an activity, so it may land just after the state shows). */
  const stuckReport = async (workflowId: string) => {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const row = await h.store.db
        .selectFrom('audit_log')
        .select('detail')
        .where('workflow_id', '=', workflowId)
        .where('action', '=', 'sync_waiting_for_human')
        .executeTakeFirst();
      if (row || Date.now() > deadline) return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('waits for a person naming each invalid field, then carries on once they are fixed', async () => {
    const { tenantId } = await h.connectTenant();
    h.settings.stored = { paymentTermsDays: 400, currencies: { allowed: ['usd'] } };
    const readsBefore = h.settings.reads;
    const handle = await h.startContact({ tenantId, idleMs: 60_000 });
    const stuck = await untilRecord(handle, (s) => s.step === 'waiting_for_human');
    expect(stuck.lastError).toContain(`mapping settings of Xero organisation ${tenantId} are invalid`);
    expect(stuck.lastError).toContain('paymentTermsDays: must be at most 365 days');
    expect(stuck.lastError).toContain('currencies.allowed.0: must be a three-letter ISO 4217 code');
    expect(await stuckReport(handle.workflowId)).toMatchObject({
      detail: { errorType: 'InvalidMappingSettings' },
    });
    // Bounded: the tries, and none while the record waits.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(h.settings.reads - readsBefore).toBe(TRIES);

    h.settings.stored = { paymentTermsDays: 14 };
    await handle.signal(retrySignal, { by: 'ops:carol' });
    const synced = await untilRecord(handle, (s) => s.step === 'waiting' && s.syncs === 1);
    expect(synced).toMatchObject({ lastOutcome: 'no_crm_connected', lastError: null, waitingSince: null });
    await handle.terminate('test done');
  });

  it('waits for a person through a store outage, then carries on once the store is back', async () => {
    const { tenantId } = await h.connectTenant();
    h.settings.failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const readsBefore = h.settings.reads;
    const handle = await h.startContact({ tenantId, idleMs: 60_000 });
    const stuck = await untilRecord(handle, (s) => s.step === 'waiting_for_human');
    expect(stuck.lastError).toBe('connect ECONNREFUSED 127.0.0.1:5432');
    expect(h.settings.reads - readsBefore).toBe(TRIES);

    h.settings.failure = null;
    await handle.signal(retrySignal);
    const synced = await untilRecord(handle, (s) => s.step === 'waiting' && s.syncs === 1);
    expect(synced).toMatchObject({ lastOutcome: 'no_crm_connected', lastError: null });
    await handle.terminate('test done');
  });
});
