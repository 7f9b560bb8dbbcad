import {
  allHandlersFinished,
  condition,
  continueAsNew,
  workflowInfo,
  type Workflow,
} from '@temporalio/workflow';

/**
 * Long-lived workflows start a new run (continue-as-new) before their history grows large: a
 * record parked for weeks, or waiting for a person while its changes keep arriving, would otherwise
 * reach the server's limits (50,000 events) and be terminated. Well under those, so a run replays
 * quickly when a worker picks it up.
 */
export const DEFAULT_MAX_HISTORY_EVENTS = 10_000;

export interface HistoryBoundInput {
  /** Start a new run once the history has this many events (default 10,000); tests make it tiny. */
  maxHistoryEvents?: number;
}

/** Whether the run should hand over: the server suggests it, or the history reached the bound. */
export function historyIsLong(input: HistoryBoundInput): boolean {
  const info = workflowInfo();
  return (
    info.continueAsNewSuggested ||
    info.historyLength >= (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS)
  );
}

/**
 * Hands over to a new run. Signal handlers finish first, and the next run's input is built only
 * then (`nextInput` is called after them), so a signal that arrived during the hand-over is carried.
 */
export async function handOver<F extends Workflow>(nextInput: () => Parameters<F>): Promise<never> {
  await condition(allHandlersFinished);
  return continueAsNew<F>(...nextInput());
}
