import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
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

/** At start-up: every enabled sheet has its drain (one that ended, e.g. terminated, starts again). */
export async function resumeAuditSheetDrains(
  db: Kysely<Database>,
  client: Client,
  taskQueue: string,
): Promise<number> {
  const rows = await db
    .selectFrom('audit_sheets')
    .select('installation_id')
    .where('enabled', '=', true)
    .execute();
  for (const row of rows) await startAuditSheetDrain(client, taskQueue, row.installation_id);
  return rows.length;
}
