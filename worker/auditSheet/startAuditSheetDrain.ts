import type { Client } from '@temporalio/client';
import { auditSheetDrainWorkflow } from '../../workflows/auditSheet/auditSheetDrain';
import { auditSheetWakeSignal, auditSheetWorkflowId } from '../../workflows/auditSheet/auditSheetIds';

/** Starts the installation's drain, or wakes the one running (it then looks at the outbox at once). */
export async function startAuditSheetDrain(
  client: Client,
  taskQueue: string,
  installationId: string,
): Promise<void> {
  await client.workflow.signalWithStart(auditSheetDrainWorkflow, {
    workflowId: auditSheetWorkflowId(installationId),
    taskQueue,
    args: [{ installationId }],
    signal: auditSheetWakeSignal,
    signalArgs: [],
  });
}
