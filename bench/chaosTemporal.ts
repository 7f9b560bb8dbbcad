import { Client, Connection } from '@temporalio/client';

/**
 * What bench:chaos reads from Temporal, by the IDs the README documents: whether the initial load
 * and the first won-deal polls have run, and the run's Schedules, deleted at the end (on a shared
 * server they would go on firing at a task queue nobody polls). Raw service calls: the payloads
 * are sealed with the worker's keys, which the bench does not read.
 */
export interface ChaosTemporal {
  /** Resolves when `xero-backfill:<tenant>` has completed and each CRM's won-deal poll ran once. */
  initialLoadDone(ids: { tenantId: string; crms: string[] }, timeoutMs: number): Promise<void>;
  /** Deletes the Schedules whose IDs name any of these accounts. */
  deleteSchedules(accounts: string[]): Promise<number>;
  close(): Promise<void>;
}

const COMPLETED = 2; // temporal.api.enums.v1.WorkflowExecutionStatus

export async function connectChaosTemporal(address: string, namespace = 'default'): Promise<ChaosTemporal> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  const service = client.workflowService;

  const backfillDone = async (tenantId: string) => {
    const found = await service
      .describeWorkflowExecution({ namespace, execution: { workflowId: `xero-backfill:${tenantId}` } })
      .catch(() => undefined);
    const status = found?.workflowExecutionInfo?.status;
    if (status !== undefined && status !== null && status > COMPLETED)
      throw new Error(`the initial load ended with status ${status}`);
    return status === COMPLETED;
  };
  const polledOnce = async (scheduleId: string) => {
    const found = await service.describeSchedule({ namespace, scheduleId }).catch(() => undefined);
    return (
      (found?.info?.recentActions?.length ?? 0) > 0 && (found?.info?.runningWorkflows?.length ?? 0) === 0
    );
  };

  return {
    async initialLoadDone({ tenantId, crms }, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const polls = await Promise.all(crms.map((crm) => polledOnce(`crm-won-poll:${crm}`)));
        if ((await backfillDone(tenantId)) && polls.every(Boolean)) return;
        if (Date.now() > deadline) throw new Error('the initial load did not finish in time');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    },
    async deleteSchedules(accounts) {
      let deleted = 0;
      for await (const schedule of client.schedule.list()) {
        if (!accounts.some((a) => schedule.scheduleId.includes(a))) continue;
        await client.schedule.getHandle(schedule.scheduleId).delete();
        deleted++;
      }
      return deleted;
    },
    close: () => connection.close(),
  };
}
