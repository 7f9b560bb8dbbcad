import { condition, defineSignal, setHandler } from '@temporalio/workflow';

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

const DEFAULT_ACTOR = 'temporal-ui';

/**
 * Installs the two signal handlers (at workflow start, so a signal is never rejected as unknown) and
 * returns the wait. A signal while nothing waits is ignored: there is nothing to retry or skip.
 */
export function humanDecisions(onIgnored: (why: string) => void): { wait(): Promise<HumanDecision> } {
  let waiting = false;
  // A holder, not a variable: the signal handlers fill it while the wait's condition watches it.
  const inbox: { decision?: HumanDecision } = {};
  setHandler(retrySignal, (request) => {
    if (!waiting) return onIgnored('a retry signal arrived while nothing was waiting for a human');
    inbox.decision = { kind: 'retry', by: request?.by ?? DEFAULT_ACTOR };
  });
  setHandler(skipSignal, (request) => {
    if (!waiting) return onIgnored('a skip signal arrived while nothing was waiting for a human');
    const reason = (typeof request === 'string' ? request : request?.reason)?.trim();
    if (!reason)
      return onIgnored('a skip signal without a reason was ignored: say why the record is skipped');
    inbox.decision = {
      kind: 'skip',
      reason,
      by: typeof request === 'string' ? DEFAULT_ACTOR : (request.by ?? DEFAULT_ACTOR),
    };
  });
  return {
    async wait() {
      waiting = true;
      delete inbox.decision;
      await condition(() => inbox.decision !== undefined);
      waiting = false;
      const { decision } = inbox;
      delete inbox.decision;
      if (!decision) throw new Error('unreachable: the wait ended without a decision');
      return decision;
    },
  };
}
