import type { Client } from '@temporalio/client';
import { tsToDate } from '@temporalio/common/lib/time';

export interface ListedExecution {
  workflowId: string;
  runId: string;
  type: string;
  closeTime?: Date;
}

/**
 * Workflow executions matching a visibility query, without decoding their memos: a workflow whose
 * payloads were sealed with a key this process does not hold (retired, or another deployment's on a
 * shared namespace) is still listed, instead of failing the whole listing.
 */
export async function* listExecutions(client: Client, query: string): AsyncGenerator<ListedExecution> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query,
      ...(nextPageToken ? { nextPageToken } : {}),
    });
    for (const e of page.executions ?? [])
      yield {
        workflowId: e.execution?.workflowId ?? '',
        runId: e.execution?.runId ?? '',
        type: e.type?.name ?? '',
        ...(e.closeTime ? { closeTime: tsToDate(e.closeTime) } : {}),
      };
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
}
