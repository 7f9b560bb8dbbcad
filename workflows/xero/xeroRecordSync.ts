import {
  ApplicationFailure,
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
import { mappingSettingsSchema } from '../domain/mappingSettings';
import { planXeroRecord } from './planXeroRecord';
import type { XeroRecordCategory } from './recordIds';

// Reading the settings is a quick store read: a local activity spares the server round trips.
const { loadMappingSettings } = proxyLocalActivities<XeroSyncActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds' },
});
const { fetchXeroRecord, applyXeroRecord } = proxyActivities<XeroSyncActivities>({
  // One record's calls take seconds; a worker that died mid-activity is given up on after this.
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 10,
    // Classified at the connector: these will not fix themselves by retrying.
    nonRetryableErrorTypes: ['VendorValidationError', 'VendorReauthRequiredError', 'VendorConflictError'],
  },
});
const { syncConnectionsReady } = proxyActivities<XeroSyncActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface XeroRecordChange {
  eventType: 'CREATE' | 'UPDATE';
  eventDateUtc: string;
  source: 'webhook' | 'poll' | 'manual' | 'credit_note';
}

/** A Xero change for this record (a webhook event or a safety-net poll found it). */
export const xeroRecordChangedSignal = defineSignal<[XeroRecordChange]>('xeroRecordChanged');

export interface XeroRecordSyncState {
  step: 'waiting' | 'syncing' | 'paused_needs_reauth' | 'idle';
  changesSeen: number;
  syncs: number;
  lastOutcome: string | null;
  lastError: string | null;
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
    lastOutcome: null,
    lastError: null,
  };
  let dirty = input.pending ?? false;
  setHandler(xeroRecordChangedSignal, () => {
    state.changesSeen++;
    dirty = true;
  });
  setHandler(xeroRecordStateQuery, () => state);

  for (;;) {
    if (!(await condition(() => dirty, idleMs))) {
      state.step = 'idle';
      return state;
    }
    if (coalesceMs > 0) await sleep(coalesceMs);
    dirty = false;
    state.step = 'syncing';
    try {
      const result = await syncOnce(input);
      state.syncs++;
      state.lastOutcome = result;
      state.lastError = null;
    } catch (err) {
      const cause = err instanceof Error && 'cause' in err ? err.cause : undefined;
      if (cause instanceof ApplicationFailure && cause.type === 'VendorReauthRequiredError') {
        // Park until a human reconnects; the change is kept and synced then.
        state.step = 'paused_needs_reauth';
        state.lastError = cause.message;
        dirty = true;
        while (!(await syncConnectionsReady({ tenantId: input.tenantId }))) await sleep(reauthPollMs);
        continue;
      }
      state.lastError =
        err instanceof Error ? (cause instanceof Error ? cause.message : err.message) : String(err);
      throw err;
    }
    state.step = 'waiting';
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof xeroRecordSyncWorkflow>({ ...input, pending: dirty });
  }
}

/**
 * Fetch the record as it is now, decide under the mapping settings what the CRM should say (pure,
 * here in the workflow, so the decision is in the history), then apply it to every CRM connected.
 */
async function syncOnce(input: XeroRecordSyncInput): Promise<string> {
  const fetched = await fetchXeroRecord({
    tenantId: input.tenantId,
    category: input.category,
    resourceId: input.resourceId,
  });
  const settings = mappingSettingsSchema.parse(await loadMappingSettings({ tenantId: input.tenantId }));
  const plan = planXeroRecord(fetched, settings);
  const applied = await applyXeroRecord({
    tenantId: input.tenantId,
    plan,
    workflowId: workflowInfo().workflowId,
    runId: workflowInfo().runId,
  });
  return applied.outcome;
}
