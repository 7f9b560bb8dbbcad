import type { Client } from '@temporalio/client';
import type { History } from '@temporalio/common/lib/proto-utils';

/** One run of a workflow: its ID, how many events its history holds, and the run it continued as. */
export interface RunHistory {
  runId: string;
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
    runs.push({ runId, events: events.length, continuedAs });
    runId = continuedAs;
  }
  return runs;
}
