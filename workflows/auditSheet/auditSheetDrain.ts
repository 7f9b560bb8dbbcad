import { condition, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { AuditSheetActivities } from '../../worker/auditSheet/auditSheetActivities';
import { NON_RETRYABLE_ERROR_TYPES } from '../errorTypes';
import { handOver, historyIsLong, type HistoryBoundInput } from '../historyBound';
import { auditSheetWakeSignal } from './auditSheetIds';
import { DEFAULT_DRAIN_TIMING, waitAfter, type DrainTiming } from './drainPacing';

/** One drain step: a store read, at most one Sheets read and one append. */
const { drainAuditSheet } = proxyActivities<AuditSheetActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '2 seconds',
    maximumInterval: '1 minute',
    nonRetryableErrorTypes: NON_RETRYABLE_ERROR_TYPES,
  },
});

export interface AuditSheetDrainInput extends HistoryBoundInput {
  installationId: string;
  /** Rows per values.append (default 200). */
  batchSize?: number;
  timing?: Partial<DrainTiming>;
  /** Stop when the sheet is disabled or nothing is left (tests, and the CLI's one-off flush). */
  stopWhenIdle?: boolean;
}

/**
 * One per installation (ID `audit-sheet:<installation>`): drains the installation's audit sheet
 * outbox in batches, paced under Google's per-minute write quota, backing off on 429. Idle, it looks
 * again every idlePollMs or when woken; it ends when the sheet is disabled.
 */
export async function auditSheetDrainWorkflow(input: AuditSheetDrainInput): Promise<{ sent: number }> {
  const timing: DrainTiming = { ...DEFAULT_DRAIN_TIMING, ...input.timing };
  let woken = false;
  setHandler(auditSheetWakeSignal, () => void (woken = true));
  let sent = 0;
  let failuresInARow = 0;
  for (;;) {
    if (historyIsLong(input)) await handOver<typeof auditSheetDrainWorkflow>(() => [input]);
    woken = false;
    const step = await drainAuditSheet({
      installationId: input.installationId,
      batchSize: input.batchSize ?? 200,
      workflowId: workflowInfo().workflowId,
    });
    if (step.kind === 'sent') {
      sent += step.rows;
      failuresInARow = 0;
    } else if (step.kind === 'throttled' || step.kind === 'unknown') failuresInARow++;
    else if (step.kind === 'disabled') return { sent };
    else if (step.kind === 'idle' && input.stopWhenIdle) return { sent };
    const waitMs = waitAfter(
      { kind: step.kind, ...(step.kind === 'throttled' ? { retryAfterMs: step.retryAfterMs } : {}) },
      failuresInARow,
      timing,
      Math.random(),
    );
    if (step.kind === 'idle' || step.kind === 'refused') await condition(() => woken, waitMs);
    else await sleep(waitMs);
  }
}
