import { Client, Connection } from '@temporalio/client';

export interface DeliveryWorkflowCounts {
  running: number;
  completed: number;
  /** Failed, terminated, timed out or cancelled. */
  ended: number;
}

/**
 * The run's invoice delivery workflows by status, from Temporal's visibility (the run's own task
 * queue, so runs sharing a server are told apart). Counts only: the payloads are sealed.
 */
export async function deliveryWorkflowCounter(
  address: string,
  taskQueue: string,
): Promise<{ counts(): Promise<DeliveryWorkflowCounts>; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const of = async (status: string) =>
    (
      await client.workflow.count(
        `WorkflowType = 'invoiceDeliveryWorkflow' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = '${status}'`,
      )
    ).count;
  return {
    async counts() {
      const [running, completed, failed, terminated, timedOut, canceled] = await Promise.all(
        ['Running', 'Completed', 'Failed', 'Terminated', 'TimedOut', 'Canceled'].map(of),
      );
      return {
        running: running ?? 0,
        completed: completed ?? 0,
        ended: (failed ?? 0) + (terminated ?? 0) + (timedOut ?? 0) + (canceled ?? 0),
      };
    },
    close: () => connection.close(),
  };
}
