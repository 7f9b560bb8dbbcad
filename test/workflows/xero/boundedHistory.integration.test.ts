import { retrySignal, skipSignal } from '../../../workflows/humanWait';
import { storyQuery } from '../../../workflows/story';
import { xeroRecordChangedSignal } from '../../../workflows/xero/xeroRecordSync';
import { VendorError } from '../../../worker/connectors/errors';
import { startRecordHarness, untilRecord, type RecordHarness } from '../recordHarness';
import { runChain, type RunHistory } from '../runChain';

/**
 * A record that cannot sync for weeks (its connection needs re-authorisation, or it waits for a
 * person while its changes keep coming) continues as new before its history grows large, and the
 * next run takes up the park or the wait: the state, the story and the retry and skip signals.
 */
describe('the Xero record workflow keeps its history bounded', () => {
  // A bound this small hands over every few cycles; the defaults' is 10,000 events.
  const MAX_EVENTS = 40;
  // A run hands over at its first workflow task past the bound: one park cycle (about 11 events)
  // past it, or the signals that arrive while the hand-over is made (the server refuses a
  // continue-as-new while new signals are unseen, so the run sees them and tries again).
  const RUN_BOUND = MAX_EVENTS + 25;
  let h: RecordHarness;
  beforeAll(async () => {
    h = await startRecordHarness();
  });
  afterAll(() => h.close());

  const change = {
    eventType: 'UPDATE' as const,
    eventDateUtc: '2026-11-20T10:00:00.000Z',
    source: 'poll' as const,
  };
  const auditRows = (workflowId: string, action: string) =>
    h.store.db
      .selectFrom('audit_log')
      .select(['run_id', 'actor', 'detail'])
      .where('workflow_id', '=', workflowId)
      .where('action', '=', action)
      .execute();

  it('parked for re-authorisation for the equivalent of 30 days, then syncs once reconnected', async () => {
    const { tenantId } = await h.connectTenant('needs_reauth');
    // At the defaults (a look every 5 minutes, a 10,000-event bound) 30 days parked are 8,640 looks
    // of about 11 events: some 95,000 events, 9.5 times the bound and past the server's 50,000-event
    // limit. The dev server's timers fire up to a second late, so the proportion is kept instead: a
    // look every millisecond (as often as timers fire) until 9.5 times this bound was written.
    const thirtyDaysOfEvents = 9.5 * MAX_EVENTS;
    const handle = await h.startContact({
      tenantId,
      reauthPollMs: 1,
      maxHistoryEvents: MAX_EVENTS,
      idleMs: 60_000,
    });
    let runs = await runChain(h.temporal.client, handle.workflowId, handle.signaledRunId);
    for (let i = 0; i < 600 && runs.reduce((n, r) => n + r.events, 0) < thirtyDaysOfEvents; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      runs = await runChain(h.temporal.client, handle.workflowId, handle.signaledRunId);
    }
    expect(runs.reduce((n, r) => n + r.events, 0)).toBeGreaterThanOrEqual(thirtyDaysOfEvents);
    expect(runs.length).toBeGreaterThanOrEqual(8);
    for (const run of runs) expect(run.events).toBeLessThanOrEqual(RUN_BOUND);
    expect(await untilRecord(handle, () => true)).toMatchObject({
      step: 'paused_needs_reauth',
      changesSeen: 1,
      lastError: expect.stringContaining('needs re-authorisation'),
    });
    expect(h.xero.contactReads).toBe(0);

    await h.reconnect(tenantId);
    const synced = await untilRecord(handle, (s) => s.step === 'waiting' && s.syncs === 1);
    expect(synced).toMatchObject({ lastOutcome: 'no_crm_connected', lastError: null, changesSeen: 1 });
    await handle.terminate('test done');
  });

  it('waits for a person across runs while changes arrive: reported once, no change lost, then retried', async () => {
    const { tenantId } = await h.connectTenant();
    h.xero.failure = new VendorError('validation', 'xero', 'the contact is archived');
    const handle = await h.startContact({ tenantId, maxHistoryEvents: MAX_EVENTS, idleMs: 60_000 });
    const waiting = await untilRecord(handle, (s) => s.step === 'waiting_for_human');
    expect(waiting.lastError).toBe('xero: the contact is archived');
    expect(waiting.waitingSince).toEqual(expect.any(String));

    // A burst of 100 changes a second, far beyond what one record's webhooks send.
    const changes = 60;
    for (let i = 0; i < changes; i++) {
      await handle.signal(xeroRecordChangedSignal, change);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const still = await untilRecord(handle, (s) => s.changesSeen === changes + 1);
    const runs = await runChain(h.temporal.client, handle.workflowId, handle.signaledRunId);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) expect(run.events).toBeLessThanOrEqual(RUN_BOUND);
    expect(still).toMatchObject({ step: 'waiting_for_human', attempts: 1 });
    // The wait began in the first run and was carried over, not begun again. Not compared with the
    // first query to the millisecond: a workflow task retried under load reads the clock again.
    const carriedSince = Date.parse(still.waitingSince ?? '');
    expect(carriedSince).toBeGreaterThanOrEqual((runs[0] as RunHistory).startedAtMs);
    expect(carriedSince).toBeLessThan((runs[1] as RunHistory).startedAtMs);
    expect(await handle.query(storyQuery)).toContain(
      `Waiting for a person since ${still.waitingSince}: the sync failed after its retries with "xero: the contact is archived"`,
    );
    // Reported by the first run only: one audit row, one alert.
    expect(await auditRows(handle.workflowId, 'sync_waiting_for_human')).toHaveLength(1);

    h.xero.failure = null;
    await handle.signal(retrySignal, { by: 'ops:alice' });
    const retried = await untilRecord(handle, (s) => s.step === 'waiting' && s.syncs === 1);
    expect(retried).toMatchObject({ lastOutcome: 'no_crm_connected', waitingSince: null, lastError: null });
    const decisions = await auditRows(handle.workflowId, 'human_retry');
    expect(decisions.map((d) => [d.actor, d.run_id])).toEqual([['ops:alice', runs.at(-1)?.runId]]);
    await handle.terminate('test done');
  });

  it('answers a skip in a run after the one that began the wait', async () => {
    const { tenantId } = await h.connectTenant();
    h.xero.failure = new VendorError('validation', 'xero', 'the contact has no name');
    const handle = await h.startContact({ tenantId, maxHistoryEvents: MAX_EVENTS, idleMs: 60_000 });
    await untilRecord(handle, (s) => s.step === 'waiting_for_human');
    // Skips without a reason are no decision (and no change to sync), but they do fill the history.
    for (let i = 0; i < 20; i++) await handle.signal(skipSignal, ' ');
    for (let i = 0; i < 600; i++) {
      if ((await runChain(h.temporal.client, handle.workflowId, handle.signaledRunId)).length > 1) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(
      (await runChain(h.temporal.client, handle.workflowId, handle.signaledRunId)).length,
    ).toBeGreaterThan(1);
    expect((await untilRecord(handle, () => true)).lastIgnoredSignal).toMatch(/without a reason/);

    await handle.signal(skipSignal, { reason: 'archived on purpose', by: 'ops:bob' });
    const skipped = await untilRecord(handle, (s) => s.waitingSince === null);
    expect(skipped).toMatchObject({
      step: 'waiting',
      syncs: 0,
      lastOutcome: 'skipped by ops:bob: archived on purpose',
    });
    expect(await auditRows(handle.workflowId, 'human_skip')).toMatchObject([
      { actor: 'ops:bob', detail: { reason: 'archived on purpose' } },
    ]);
    await handle.terminate('test done');
    h.xero.failure = null;
  });
});
