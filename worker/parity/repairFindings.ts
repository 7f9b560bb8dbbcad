import { isCrmVendor } from '../../workflows/domain/crmVendor';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import type { ParityStore } from './parityStore';
import { planRepair } from './repairPlan';

export interface RepairDeps {
  parity: ParityStore;
  connections: ConnectionStore;
  audit: AuditLog;
  dispatchXeroChanges: XeroEventDispatch;
  dispatchDealChanges: CrmDealDispatch;
}

export interface RepairOutcome {
  resynced: Array<{ findingKey: string; workflowId: string }>;
  needsHuman: Array<{ findingKey: string; reason: string }>;
}

/**
 * Repairs findings of a run, one, several or all: each record is handed to its normal sync
 * workflow (the same signalWithStart the webhooks use), so the repair is that workflow's ordinary
 * work, visible in the Temporal UI under the record's workflow ID. Nothing is deleted: duplicate and
 * orphaned links are left for a person. Every finding touched leaves an audit row.
 */
export async function repairFindings(
  deps: RepairDeps,
  input: { runId: string; findingKeys?: string[]; actor: string },
): Promise<RepairOutcome> {
  const run = await deps.parity.run(input.runId);
  if (!run) throw new Error(`no parity run ${input.runId}`);
  const connection = (await deps.connections.list()).find((c) => c.id === run.crm_connection_id);
  const wanted = input.findingKeys ? new Set(input.findingKeys) : undefined;
  const findings = (await deps.parity.findings(input.runId)).filter(
    (f) => !wanted || wanted.has(f.finding_key),
  );
  if (wanted && findings.length !== wanted.size)
    throw new Error(
      `run ${input.runId} has no finding ${[...wanted].find((k) => !findings.some((f) => f.finding_key === k))}`,
    );
  const outcome: RepairOutcome = { resynced: [], needsHuman: [] };
  for (const finding of findings) {
    const plan = planRepair(finding);
    let workflowId: string | undefined;
    if (plan.kind === 'xero_record') {
      [workflowId] = await deps.dispatchXeroChanges([
        {
          tenantId: run.xero_tenant_id,
          category: plan.category,
          resourceId: plan.resourceId,
          change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'manual' },
        },
      ]);
    } else if (plan.kind === 'crm_deal' && connection && isCrmVendor(run.crm)) {
      [workflowId] = await deps.dispatchDealChanges([
        { crm: run.crm, crmAccount: connection.externalId, dealId: plan.dealId, source: 'parity_repair' },
      ]);
    }
    const reason =
      plan.kind === 'needs_human' ? plan.reason : workflowId ? undefined : 'the CRM is no longer connected';
    if (workflowId) outcome.resynced.push({ findingKey: finding.finding_key, workflowId });
    else outcome.needsHuman.push({ findingKey: finding.finding_key, reason: reason ?? 'unknown' });
    await deps.audit.record({
      action: 'parity.repair',
      outcome: workflowId ? 'succeeded' : 'skipped',
      actor: input.actor,
      subject: { parityRunId: input.runId, findingKey: finding.finding_key, kind: finding.kind },
      detail: workflowId ? { resyncedBy: workflowId } : { reason: reason ?? null },
      ...(workflowId ? { workflowId } : {}),
    });
  }
  return outcome;
}
