import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';

/** One run of a workflow: its ID, when it started, how many events its history holds, and the run it continued as. */
export interface RunHistory {
  runId: string;
  startedAtMs: number;
  events: number;
  continuedAs: string | undefined;
}

/** Every run of the workflow from `firstRunId`, following continue-as-new, each history fetched. */
export async function runChain(
  client: Client,
  workflowId: string,
  firstRunId: string,
): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const continuedAs: string | undefined =
      events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    const started = events[0]?.eventTime;
    const startedAtMs = started
      ? Number(started.seconds ?? 0) * 1000 + Math.floor((started.nanos ?? 0) / 1e6)
      : 0;
    runs.push({ runId, startedAtMs, events: events.length, continuedAs });
    runId = continuedAs;
  }
  return runs;
}
