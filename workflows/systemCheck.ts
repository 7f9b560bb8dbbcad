import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SystemActivities } from '../worker/activities/system';
import { systemCheck } from './activityOptions';

const { describeStore, recordAudit } = proxyActivities<SystemActivities>(systemCheck);

export interface SystemCheckInput {
  reason: string;
}

export interface SystemCheckResult {
  storeKind: string;
  migrationVersion: number;
  auditId: string;
}

/**
 * Proves the whole chain works — Temporal server, this worker, the store — and leaves an audit row
 * saying so. `npm start` runs it once at boot; ops can run it any time.
 */
export async function systemCheckWorkflow(input: SystemCheckInput): Promise<SystemCheckResult> {
  const store = await describeStore();
  const { workflowId, runId } = workflowInfo();
  const auditId = await recordAudit({
    action: 'system.check',
    outcome: 'succeeded',
    actor: 'ledgerbridge',
    workflowId,
    runId,
    detail: { reason: input.reason, storeKind: store.kind, migrationVersion: store.migrationVersion },
  });
  return { storeKind: store.kind, migrationVersion: store.migrationVersion, auditId };
}
