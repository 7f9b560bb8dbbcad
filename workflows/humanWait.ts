import { condition, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { StuckSubject } from '../worker/alerts/stuckRecords';
import type { OperationsActivities } from '../worker/temporal/operationsActivities';
import { operationsWrite } from './activityOptions';

/**
 * A record whose sync still fails after its retries waits for a person instead of failing: ops send
 * `retry` (try again, e.g. after fixing the data or the vendor came back) or `skip` with a reason
 * (leave the record as it is; audited). From the Temporal UI's "Send a signal", or `npm run ops`.
 */
export interface RetryRequest {
  /** Who decided, for the audit trail (the ops CLI sends the OS user). */
  by?: string;
}
/** A reason alone (as typed in the Temporal UI) or with who decided. */
export type SkipRequest = string | { reason: string; by?: string };

export const retrySignal = defineSignal<[RetryRequest?]>('retry');
export const skipSignal = defineSignal<[SkipRequest]>('skip');

export type HumanDecision = { kind: 'retry'; by: string } | { kind: 'skip'; reason: string; by: string };

/** A failure waiting for a person. Carried into the next run when the workflow continues as new. */
export interface PersonWait {
  error: string;
  errorType: string | null;
  /** Workflow time the wait began (ISO 8601). */
  since: string;
  /** The stuck record was reported (audit row, CRM problem, alert): a carried wait is not reported again. */
  reported?: boolean;
}

/** The part of a record workflow's state (its `state` query) the wait keeps current. */
export interface WaitingState {
  lastError: string | null;
  waitingSince: string | null;
  lastIgnoredSignal: string | null;
}

const DEFAULT_ACTOR = 'temporal-ui';

const ops = proxyActivities<OperationsActivities>(operationsWrite);

export interface HumanDesk {
  /**
   * The whole wait for a person: the state says so, `show` publishes it (memo, SyncOutcome), the
   * stuck record is reported, and the decision is awaited and audited. Ends early with `hand_over`
   * when `handOver()` turns true (the history grew long meanwhile): the caller continues as new,
   * carrying `wait`, and the next run calls this again with it. A decision beats a hand-over.
   */
  waitForPerson(
    wait: PersonWait,
    options: { show(): void; handOver(): boolean },
  ): Promise<HumanDecision | { kind: 'hand_over' }>;
}

/**
 * Installs the retry and skip handlers (at workflow start, so a signal is never rejected as unknown)
 * and returns the desk that waits on them. A signal while nothing waits is ignored and noted in
 * `state.lastIgnoredSignal`: there is nothing to retry or skip.
 */
export function humanDesk(state: WaitingState, subject: StuckSubject): HumanDesk {
  let waiting = false;
  // A holder, not a variable: the signal handlers fill it while the wait's condition watches it.
  const inbox: { decision?: HumanDecision } = {};
  const ignore = (why: string) => void (state.lastIgnoredSignal = why);
  setHandler(retrySignal, (request) => {
    if (!waiting) return ignore('a retry signal arrived while nothing was waiting for a human');
    inbox.decision = { kind: 'retry', by: request?.by ?? DEFAULT_ACTOR };
  });
  setHandler(skipSignal, (request) => {
    if (!waiting) return ignore('a skip signal arrived while nothing was waiting for a human');
    const reason = (typeof request === 'string' ? request : request?.reason)?.trim();
    if (!reason) return ignore('a skip signal without a reason was ignored: say why the record is skipped');
    inbox.decision = {
      kind: 'skip',
      reason,
      by: typeof request === 'string' ? DEFAULT_ACTOR : (request.by ?? DEFAULT_ACTOR),
    };
  });

  return {
    async waitForPerson(wait, options) {
      const audit = () => ({ workflowId: workflowInfo().workflowId, runId: workflowInfo().runId, subject });
      state.lastError = wait.error;
      state.waitingSince = wait.since;
      // Open to decisions before reporting: ops may signal as soon as the UI shows the wait.
      waiting = true;
      options.show();
      if (!wait.reported) {
        await ops.reportStuckRecord({
          ...audit(),
          error: wait.error,
          errorType: wait.errorType ?? undefined,
        });
        wait.reported = true;
      }
      await condition(() => inbox.decision !== undefined || options.handOver());
      const { decision } = inbox;
      if (!decision) return { kind: 'hand_over' };
      waiting = false;
      delete inbox.decision;
      await ops.recordHumanDecision({
        ...audit(),
        decision: decision.kind,
        by: decision.by,
        ...(decision.kind === 'skip' ? { reason: decision.reason } : {}),
      });
      state.waitingSince = null;
      return decision;
    },
  };
}
