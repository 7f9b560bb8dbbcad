import type { CrmVendor } from '../../workflows/domain/crmVendor';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { Database } from '../store/schema';
import type { CrmTarget, CrmTargets } from '../sync/crmTarget';
import { linkedCrmRecords } from '../temporal/linkedCrmRecords';
import type { Alerter } from './alerter';

/** The record a stuck workflow is about, as the audit trail and the CRMs know it. */
export type StuckSubject =
  | { flow: 'xero_to_crm'; xeroTenantId: string; category: string; xeroRecordId: string }
  | { flow: 'crm_to_xero'; crm: CrmVendor; crmAccount: string; dealId: string };

export interface StuckRecordDeps {
  db: Kysely<Database>;
  audit: AuditLog;
  alerter: Alerter;
  connections: ConnectionStore;
  crmTargets: CrmTargets;
}

const MAX_ERROR_CHARS = 300;

/**
 * What happens when a record's sync still fails after its retries: one audit row, the problem on
 * the record in the CRMs (the deal itself for a deal; for a Xero invoice, the deal or opportunity
 * already linked to it, where one exists: a record that never reached a CRM has nothing to show it
 * on), and an alert. Then a person's retry or skip is audited the same way.
 */
export function createStuckRecordActivities(deps: StuckRecordDeps) {
  /** CRM deals showing this record: the deal itself, or the deals written for a Xero invoice. */
  async function dealsShowing(subject: StuckSubject): Promise<Array<{ target: CrmTarget; dealId: string }>> {
    if (subject.flow === 'crm_to_xero') {
      const connection = await deps.connections.find(subject.crm, subject.crmAccount);
      const target = connection && (await deps.crmTargets.forConnection(connection.id));
      return target ? [{ target, dealId: subject.dealId }] : [];
    }
    const targets = await deps.crmTargets.forXeroTenant(subject.xeroTenantId);
    if (subject.category !== 'INVOICE') return [];
    const linked = await linkedCrmRecords(deps.db, subject.xeroRecordId);
    return targets.flatMap((target) => {
      const link = linked.find((l) => l.crmConnectionId === target.connectionId);
      return link ? [{ target, dealId: link.crmRecordId }] : [];
    });
  }

  return {
    async reportStuckRecord(input: {
      workflowId: string;
      runId: string;
      subject: StuckSubject;
      error: string;
      errorType: string | undefined;
    }): Promise<{ shownOn: string[]; alerted: boolean }> {
      const error = input.error.slice(0, MAX_ERROR_CHARS);
      const shownOn: string[] = [];
      const problem =
        `Ledgerbridge could not sync this record and is waiting for a person: ${error} ` +
        `Retry or skip it from the Temporal UI (workflow ${input.workflowId}) or npm run ops.`;
      for (const { target, dealId } of await dealsShowing(input.subject)) {
        // Best effort: the CRM may be the very thing that is failing; the alert still goes out.
        try {
          const deal = await target.deals.readDeal(dealId);
          if (!deal) continue;
          await target.deals.reportProblem(deal, problem);
          shownOn.push(`${target.vendor}:${dealId}`);
        } catch {
          continue;
        }
      }
      await deps.audit.record({
        action: 'sync_waiting_for_human',
        outcome: 'failed',
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        subject: { ...input.subject },
        detail: { error, errorType: input.errorType ?? null, shownOn },
      });
      await deps.alerter.send({
        kind: 'sync_waiting_for_human',
        text: `A record's sync failed after its retries and waits for a retry or skip: ${input.workflowId}`,
        fields: { workflowId: input.workflowId, flow: input.subject.flow, error },
      });
      return { shownOn, alerted: true };
    },

    async recordHumanDecision(input: {
      workflowId: string;
      runId: string;
      subject: StuckSubject;
      decision: 'retry' | 'skip';
      by: string;
      reason?: string;
    }): Promise<void> {
      await deps.audit.record({
        action: input.decision === 'retry' ? 'human_retry' : 'human_skip',
        outcome: input.decision === 'retry' ? 'succeeded' : 'skipped',
        actor: input.by,
        workflowId: input.workflowId,
        runId: input.runId,
        subject: { ...input.subject },
        detail: input.reason ? { reason: input.reason } : {},
      });
    },
  };
}

export type StuckRecordActivities = ReturnType<typeof createStuckRecordActivities>;
