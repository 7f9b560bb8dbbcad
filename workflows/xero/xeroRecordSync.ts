import {
  condition,
  defineQuery,
  defineSignal,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { XeroRecordSyncActivities } from '../../worker/activities/xeroRecordSync';
import type { XeroSyncActivities } from '../../worker/activities/xeroSync';
import type { OperationsActivities } from '../../worker/temporal/operationsActivities';
import { recordSync, settingsRead, storeLookup, storeRead } from '../activityOptions';
import { VENDOR_ERROR_TYPES } from '../errorTypes';
import { handOver, historyIsLong, type HistoryBoundInput } from '../historyBound';
import { humanDesk, type PersonWait } from '../humanWait';
import type { RecordSearchAttributes, SyncOutcomeName } from '../searchAttributes';
import { failureMessage, failureType, publish, storyQuery } from '../story';
import { planXeroRecord } from './planXeroRecord';
import type { XeroRecordCategory } from './recordIds';
import { xeroRecordStory } from './xeroRecordStory';

// Reading the settings is a quick store read: a local activity spares the server round trips.
const { loadMappingSettings } = proxyLocalActivities<XeroSyncActivities>(settingsRead);
const { syncConnectionsReady } = proxyActivities<XeroSyncActivities>(storeRead);
const { linkedCrmRecords } = proxyLocalActivities<OperationsActivities>(storeLookup);

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

export interface XeroRecordSyncInput extends HistoryBoundInput {
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
  /** Carried across continue-as-new: the story so far, and a wait for a person still open. */
  carried?: { state: XeroRecordSyncState; waiting: PersonWait | null };
}

/**
 * One per Xero record (ID from xeroRecordWorkflowId). Xero's events carry no record, only "it
 * changed", so the first change syncs at once and a burst arriving meanwhile collapses into one more
 * fetch of the current record, applied to the CRM:
 * duplicates, reordering and replays all converge on the record's latest state. Parked for
 * re-authorisation or waiting for a person, it continues as new before its history grows large,
 * and the next run takes up the park or the wait where this one left it.
 */
export async function xeroRecordSyncWorkflow(input: XeroRecordSyncInput): Promise<XeroRecordSyncState> {
  const coalesceMs = input.coalesceMs ?? 0;
  const idleMs = input.idleMs ?? 2 * 60_000;
  const reauthPollMs = input.reauthPollMs ?? 5 * 60_000;
  const state: XeroRecordSyncState = input.carried?.state ?? {
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
  let waiting = input.carried?.waiting ?? null;
  let dirty = input.pending ?? false;
  setHandler(xeroRecordChangedSignal, () => {
    state.changesSeen++;
    dirty = true;
  });
  setHandler(xeroRecordStateQuery, () => state);
  setHandler(storyQuery, () => xeroRecordStory(input, state));
  const desk = humanDesk(state, {
    flow: 'xero_to_crm',
    xeroTenantId: input.tenantId,
    category: input.category,
    xeroRecordId: input.resourceId,
  });
  const attributes = (outcome: SyncOutcomeName): RecordSearchAttributes => ({
    flow: 'xero_to_crm',
    accounts: [input.tenantId],
    xeroRecordId: input.resourceId,
    ...(state.xeroNumber ? { xeroNumber: state.xeroNumber } : {}),
    crmRecordIds: state.crmRecordIds,
    outcome,
  });
  const tell = (outcome: SyncOutcomeName) => publish(xeroRecordStory(input, state), attributes(outcome));
  const historyLong = () => historyIsLong(input);
  const nextRun = () =>
    handOver<typeof xeroRecordSyncWorkflow>(() => [
      { ...input, pending: dirty, carried: { state, waiting } },
    ]);
  /** Until a human reconnects; the change is kept and synced then. */
  const parkedUntilReconnected = async () => {
    state.step = 'paused_needs_reauth';
    tell('needs_reauth');
    while (!(await syncConnectionsReady({ tenantId: input.tenantId }))) {
      if (historyLong()) await nextRun();
      await sleep(reauthPollMs);
    }
  };

  if (state.step === 'paused_needs_reauth') await parkedUntilReconnected();
  for (;;) {
    if (waiting) {
      const decision = await desk.waitForPerson(waiting, {
        show: () => {
          state.step = 'waiting_for_human';
          tell('waiting_for_human');
        },
        handOver: historyLong,
      });
      if (decision.kind === 'hand_over') return nextRun();
      waiting = null;
      if (decision.kind === 'retry') dirty = true;
      else {
        state.lastOutcome = `skipped by ${decision.by}: ${decision.reason}`;
        state.step = 'waiting';
        tell('skipped');
      }
    }
    if (historyLong()) return nextRun();
    if (!(await condition(() => dirty, idleMs))) {
      state.step = 'idle';
      return state;
    }
    if (coalesceMs > 0) await sleep(coalesceMs);
    dirty = false;
    state.step = 'syncing';
    state.attempts++;
    try {
      const result = patched(ONE_ACTIVITY_PER_SYNC) ? await syncInOneActivity(input) : await syncOnce(input);
      state.syncs++;
      state.lastOutcome = result.outcome;
      state.lastError = null;
      if (result.xeroNumber) state.xeroNumber = result.xeroNumber;
      if (result.outcome === 'applied' && input.category === 'INVOICE' && state.crmRecordIds.length === 0)
        state.crmRecordIds = result.crmRecordIds ?? (await crmRecordIdsOf(input.resourceId));
      state.step = 'waiting';
      tell(result.outcome === 'applied' ? 'synced' : 'skipped');
    } catch (err) {
      state.lastError = failureMessage(err);
      if (failureType(err) === VENDOR_ERROR_TYPES.reauthRequired) {
        dirty = true;
        await parkedUntilReconnected();
        continue;
      }
      // Retries are spent (or the error cannot fix itself): a person decides, nothing fails silently.
      waiting = {
        error: state.lastError,
        errorType: failureType(err) ?? null,
        since: new Date().toISOString(),
      };
    }
  }
}

/**
 * Runs started before 2026-12 fetched, loaded the settings and applied in three local activities
 * (syncOnce below, kept so their histories replay); newer runs make one, which plans in the activity.
 * Once no run of the old kind is left (an idle record finishes within minutes; a parked one continues
 * as new onto this path), syncOnce and crmRecordIdsOf can go, with deprecatePatch.
 */
const ONE_ACTIVITY_PER_SYNC = 'xero-record-sync-in-one-activity';

async function syncInOneActivity(
  input: XeroRecordSyncInput,
): Promise<{ outcome: string; xeroNumber?: string; crmRecordIds: string[] }> {
  const { syncXeroRecord } = proxyLocalActivities<XeroRecordSyncActivities>(
    recordSync(input.retryAttempts ?? 10),
  );
  const { workflowId, runId } = workflowInfo();
  return syncXeroRecord({
    tenantId: input.tenantId,
    category: input.category,
    resourceId: input.resourceId,
    workflowId,
    runId,
  });
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
async function syncOnce(
  input: XeroRecordSyncInput,
): Promise<{ outcome: string; xeroNumber?: string; crmRecordIds?: string[] }> {
  const { fetchXeroRecord, applyXeroRecord } = proxyLocalActivities<XeroSyncActivities>(
    recordSync(input.retryAttempts ?? 10),
  );
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
