import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { XeroSyncActivities } from '../../worker/activities/xeroSync';
import type { OperationsActivities } from '../../worker/temporal/operationsActivities';
import { humanDecisions } from '../humanWait';
import type { RecordSearchAttributes, SyncOutcomeName } from '../searchAttributes';
import { failureMessage, failureType, publish, storyQuery } from '../story';
import { planXeroRecord } from './planXeroRecord';
import type { XeroRecordCategory } from './recordIds';
import { xeroRecordStory } from './xeroRecordStory';

// Reading the settings is a quick store read: a local activity spares the server round trips.
const { loadMappingSettings } = proxyLocalActivities<XeroSyncActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});
/**
 * The record's fetch and apply, each tried up to `maximumAttempts` times before a person is asked.
 * Local activities: a sync is two short vendor exchanges, and running them in the workflow task
 * spares the server two activity tasks and two workflow tasks per sync (the difference between
 * keeping up with a busy organisation's webhooks and queueing them). Both are idempotent upserts,
 * so the re-run after a worker dies mid-task is safe; backoffs longer than a minute become timers.
 */
const recordActivities = (maximumAttempts: number) =>
  proxyLocalActivities<XeroSyncActivities>({
    // One record's calls take seconds; a worker that died mid-activity is given up on after this.
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      maximumAttempts,
      // Classified at the connector: these will not fix themselves by retrying.
      nonRetryableErrorTypes: ['VendorValidationError', 'VendorReauthRequiredError', 'VendorConflictError'],
    },
  });
const { syncConnectionsReady } = proxyActivities<XeroSyncActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const ops = proxyActivities<OperationsActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { linkedCrmRecords } = proxyLocalActivities<OperationsActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 3 },
});

export interface XeroRecordChange {
  eventType: 'CREATE' | 'UPDATE';
  eventDateUtc: string;
  source: 'webhook' | 'poll' | 'manual' | 'credit_note';
}

/** A Xero change for this record (a webhook event or a safety-net poll found it). */
export const xeroRecordChangedSignal = defineSignal<[XeroRecordChange]>('xeroRecordChanged');

export interface XeroRecordSyncState {
  step: 'waiting' | 'syncing' | 'paused_needs_reauth' | 'waiting_for_human' | 'idle';
  changesSeen: number;
  syncs: number;
  /** Syncs tried, including failed ones (each one already retried its activities). */
  attempts: number;
  lastOutcome: string | null;
  lastError: string | null;
  /** Set while a failed sync waits for a person's retry or skip signal. */
  waitingSince: string | null;
  /** The Xero invoice number and CRM records, once known. */
  xeroNumber: string | null;
  crmRecordIds: string[];
  /** A signal that could not be acted on, and why. */
  lastIgnoredSignal: string | null;
}
export const xeroRecordStateQuery = defineQuery<XeroRecordSyncState>('state');

export interface XeroRecordSyncInput {
  tenantId: string;
  category: XeroRecordCategory;
  resourceId: string;
  /**
   * Wait this long after a change before syncing, to gather a burst into one sync (default 0: sync
   * at once; changes arriving during a sync still collapse into one follow-up sync). A server timer
   * fires up to about a second late, so a wait here costs more than it says.
   */
  coalesceMs?: number;
  /** Finish after this long without a change (default 2 minutes); the next event starts a new run. */
  idleMs?: number;
  /** While the connection needs re-authorisation, look again this often (default 5 minutes). */
  reauthPollMs?: number;
  /** Carried across continue-as-new: a change not yet synced. */
  pending?: boolean;
  /** Tries of each activity before the record waits for a person (default 10, about 10 minutes). */
  retryAttempts?: number;
}

/**
 * One per Xero record (ID from xeroRecordWorkflowId). Xero's events carry no record, only "it
 * changed", so the first change syncs at once and a burst arriving meanwhile collapses into one more
 * fetch of the current record, applied to the CRM:
 * duplicates, reordering and replays all converge on the record's latest state.
 */
export async function xeroRecordSyncWorkflow(input: XeroRecordSyncInput): Promise<XeroRecordSyncState> {
  const coalesceMs = input.coalesceMs ?? 0;
  const idleMs = input.idleMs ?? 2 * 60_000;
  const reauthPollMs = input.reauthPollMs ?? 5 * 60_000;
  const state: XeroRecordSyncState = {
    step: 'waiting',
    changesSeen: 0,
    syncs: 0,
    attempts: 0,
    lastOutcome: null,
    lastError: null,
    waitingSince: null,
    xeroNumber: null,
    crmRecordIds: [],
    lastIgnoredSignal: null,
  };
  let dirty = input.pending ?? false;
  setHandler(xeroRecordChangedSignal, () => {
    state.changesSeen++;
    dirty = true;
  });
  setHandler(xeroRecordStateQuery, () => state);
  setHandler(storyQuery, () => xeroRecordStory(input, state));
  const human = humanDecisions((why) => (state.lastIgnoredSignal = why));
  const audit = () => ({ workflowId: workflowInfo().workflowId, runId: workflowInfo().runId });
  const subject = {
    flow: 'xero_to_crm' as const,
    xeroTenantId: input.tenantId,
    category: input.category,
    xeroRecordId: input.resourceId,
  };
  const attributes = (outcome: SyncOutcomeName): RecordSearchAttributes => ({
    flow: 'xero_to_crm',
    accounts: [input.tenantId],
    xeroRecordId: input.resourceId,
    ...(state.xeroNumber ? { xeroNumber: state.xeroNumber } : {}),
    crmRecordIds: state.crmRecordIds,
    outcome,
  });
  const tell = (outcome: SyncOutcomeName) => publish(xeroRecordStory(input, state), attributes(outcome));

  for (;;) {
    if (!(await condition(() => dirty, idleMs))) {
      state.step = 'idle';
      return state;
    }
    if (coalesceMs > 0) await sleep(coalesceMs);
    dirty = false;
    state.step = 'syncing';
    state.attempts++;
    try {
      const result = await syncOnce(input);
      state.syncs++;
      state.lastOutcome = result.outcome;
      state.lastError = null;
      if (result.xeroNumber) state.xeroNumber = result.xeroNumber;
      if (result.outcome === 'applied' && input.category === 'INVOICE' && state.crmRecordIds.length === 0)
        state.crmRecordIds = await crmRecordIdsOf(input.resourceId);
      state.step = 'waiting';
      tell(result.outcome === 'applied' ? 'synced' : 'skipped');
    } catch (err) {
      state.lastError = failureMessage(err);
      if (failureType(err) === 'VendorReauthRequiredError') {
        // Park until a human reconnects; the change is kept and synced then.
        state.step = 'paused_needs_reauth';
        tell('needs_reauth');
        dirty = true;
        while (!(await syncConnectionsReady({ tenantId: input.tenantId }))) await sleep(reauthPollMs);
        continue;
      }
      // Retries are spent (or the error cannot fix itself): a person decides, nothing fails silently.
      state.step = 'waiting_for_human';
      state.waitingSince = new Date().toISOString();
      tell('waiting_for_human');
      // Open to decisions before reporting: ops may signal as soon as the UI shows the wait.
      const decided = human.wait();
      await ops.reportStuckRecord({
        ...audit(),
        subject,
        error: state.lastError,
        errorType: failureType(err),
      });
      const decision = await decided;
      await ops.recordHumanDecision({
        ...audit(),
        subject,
        decision: decision.kind,
        by: decision.by,
        ...(decision.kind === 'skip' ? { reason: decision.reason } : {}),
      });
      state.waitingSince = null;
      if (decision.kind === 'retry') {
        dirty = true;
        continue;
      }
      state.lastOutcome = `skipped by ${decision.by}: ${decision.reason}`;
      state.step = 'waiting';
      tell('skipped');
    }
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof xeroRecordSyncWorkflow>({ ...input, pending: dirty });
  }
}

/**
 * The CRM records written for the invoice, for the CrmRecordId search attribute. Best effort: the
 * record is synced either way, so a failed lookup leaves the attribute for the next sync.
 */
async function crmRecordIdsOf(xeroInvoiceId: string): Promise<string[]> {
  try {
    return (await linkedCrmRecords({ xeroInvoiceId })).map((r) => r.crmRecordId);
  } catch {
    return [];
  }
}

/**
 * Fetch the record as it is now, decide under the mapping settings what the CRM should say (pure,
 * here in the workflow, so the decision is in the history), then apply it to every CRM connected.
 */
async function syncOnce(input: XeroRecordSyncInput): Promise<{ outcome: string; xeroNumber?: string }> {
  const { fetchXeroRecord, applyXeroRecord } = recordActivities(input.retryAttempts ?? 10);
  // Side by side: one activation of the workflow for both instead of one each.
  const [fetched, settings] = await Promise.all([
    fetchXeroRecord({ tenantId: input.tenantId, category: input.category, resourceId: input.resourceId }),
    loadMappingSettings({ tenantId: input.tenantId }),
  ]);
  const plan = planXeroRecord(fetched, settings);
  const applied = await applyXeroRecord({
    tenantId: input.tenantId,
    plan,
    settings,
    workflowId: workflowInfo().workflowId,
    runId: workflowInfo().runId,
  });
  return {
    outcome: applied.outcome,
    ...(plan.kind === 'upsert_deal' ? { xeroNumber: plan.invoice.number } : {}),
  };
}
