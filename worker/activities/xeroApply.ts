import { ApplicationFailure } from '@temporalio/activity';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import type { XeroRecordPlan } from '../../workflows/xero/planXeroRecord';
import type { AuditEntry } from '../audit/auditLog';
import { VendorError } from '../connectors/errors';
import { shadowPlanOf } from '../parity/shadowPlanOf';
import type { LinkOutcome } from '../sync/accountLinker';
import type { CrmTarget, CrmWriteResult } from '../sync/crmTarget';
import { linksWritten, type LinkWrite } from '../sync/recordLinks';
import type { ReviewWait } from '../reviews/reviewWaits';
import type { JsonObject } from '../store/schema';
import type { XeroSyncDeps } from './xeroSync';
import { postPaymentsOnTimeline } from './timelineActivities';

export interface ApplyInput {
  tenantId: string;
  plan: XeroRecordPlan;
  /** The settings the plan was made under (loadMappingSettings): shadow mode and thresholds. */
  settings: MappingSettings;
  workflowId: string;
  runId: string;
}

export interface AppliedXeroRecord {
  outcome: 'applied' | 'skipped' | 'no_crm_connected' | 'shadowed';
  writes: number;
  /** The CRM deal records written (an invoice's), for the workflow's CrmRecordId search attribute. */
  crmRecordIds: string[];
}

/**
 * Applies a Xero record's plan to every CRM of the organisation's installation (or records it, in
 * shadow mode), with the audit rows and record links of each write.
 */
export async function applyXeroRecordPlan(
  deps: XeroSyncDeps,
  input: ApplyInput,
  targetsOf: (tenantId: string) => Promise<CrmTarget[]>,
): Promise<AppliedXeroRecord> {
  const { plan } = input;
  const base = { actor: 'worker', workflowId: input.workflowId, runId: input.runId };
  const xeroSubject: Record<string, string> =
    plan.kind === 'upsert_deal'
      ? {
          xeroTenantId: input.tenantId,
          xeroInvoiceId: plan.invoice.xeroInvoiceId,
          xeroInvoiceNumber: plan.invoice.number,
        }
      : plan.kind === 'upsert_account'
        ? { xeroTenantId: input.tenantId, xeroContactId: plan.contact.xeroContactId }
        : plan.kind === 'resync_invoices'
          ? { xeroTenantId: input.tenantId, xeroCreditNoteId: plan.creditNoteId }
          : { xeroTenantId: input.tenantId, ...plan.subject };
  if (plan.kind === 'resync_invoices') {
    // Each allocated invoice's own workflow fetches it again (its AmountCredited changed).
    await deps.dispatchXeroChanges(
      plan.invoiceIds.map((resourceId) => ({
        tenantId: input.tenantId,
        category: 'INVOICE' as const,
        resourceId,
        change: {
          eventType: 'UPDATE' as const,
          eventDateUtc: new Date().toISOString(),
          source: 'credit_note' as const,
        },
      })),
    );
    await deps.audit.record({
      ...base,
      action: 'resync_invoices',
      outcome: 'succeeded',
      subject: xeroSubject,
      detail: { invoiceIds: plan.invoiceIds },
    });
    return { outcome: 'applied', writes: 0, crmRecordIds: [] };
  }
  if (plan.kind === 'skip') {
    await deps.audit.record({
      ...base,
      action: 'xero_to_crm',
      outcome: 'skipped',
      subject: xeroSubject,
      detail: { reason: plan.reason },
    });
    return { outcome: 'skipped', writes: 0, crmRecordIds: [] };
  }
  const targets = await targetsOf(input.tenantId);
  if (targets.length === 0) {
    await deps.audit.record({
      ...base,
      action: plan.kind,
      outcome: 'skipped',
      subject: xeroSubject,
      detail: { reason: 'no CRM connected' },
    });
    return { outcome: 'no_crm_connected', writes: 0, crmRecordIds: [] };
  }
  const { settings } = input;
  if (settings.shadowMode.xeroToCrm) {
    // Shadow mode: the plan each CRM would have been given is recorded; no CRM is touched.
    if (!deps.shadowPlans)
      throw ApplicationFailure.nonRetryable(
        'shadow mode is on but no plan store is configured',
        LEDGERBRIDGE_ERROR_TYPES.shadowMode,
      );
    const recordKey = plan.kind === 'upsert_deal' ? plan.invoice.xeroInvoiceId : plan.contact.xeroContactId;
    for (const target of targets)
      await deps.shadowPlans.record({
        flow: 'xero_to_crm',
        xeroTenantId: input.tenantId,
        target: `${target.vendor}:${target.connectionId}`,
        recordKey,
        plan: shadowPlanOf(plan),
        workflowId: input.workflowId,
      });
    await deps.audit.record({
      ...base,
      action: plan.kind,
      outcome: 'planned',
      subject: xeroSubject,
      detail: { shadow: true, targets: targets.map((t) => `${t.vendor}:${t.connectionId}`) },
    });
    return { outcome: 'shadowed', writes: 0, crmRecordIds: [] };
  }
  let writes = 0;
  const crmRecordIds: string[] = [];
  const [payments, origin] = await Promise.all([
    paymentFailuresOf(deps, input.tenantId, plan, settings.paymentFailureTaskThreshold),
    plan.kind === 'upsert_deal'
      ? deps.dealOrigin?.(input.tenantId, plan.invoice.xeroInvoiceId, plan.invoice.reference)
      : undefined,
  ]);
  const context = { xeroTenantId: input.tenantId, ...(origin ? { originDeal: origin } : {}) };
  // Every CRM's audit rows and links are stored together after the writes: one insert and one
  // read for all of them in the usual case, instead of a round of statements per CRM.
  const audits: AuditEntry[] = [];
  const linkWrites: Array<{ crm: { connectionId: string }; links: LinkWrite[] }> = [];
  // The records whose sync waits on a person's decision about their contact in a CRM (resumed then).
  const waits: ReviewWait[] = [];
  // One CRM failing (e.g. needing re-authorisation) does not hold the others back: each is
  // written, then the first failure (a re-authorisation first) is raised for the workflow.
  const failures: unknown[] = [];
  for (const target of targets) {
    const crmSubject = { ...xeroSubject, crm: target.vendor, crmConnectionId: target.connectionId };
    try {
      const outcomes: Array<[string, CrmWriteResult | LinkOutcome]> = [];
      if (plan.kind === 'upsert_deal') {
        const written = await target.upsertDeal(plan, context);
        crmRecordIds.push(written.deal.recordId);
        if (written.account) outcomes.push(['link_account', written.account]);
        outcomes.push(['upsert_deal', written.deal]);
        if (written.invoiceRecord) outcomes.push(['upsert_invoice_record', written.invoiceRecord]);
        for (const payment of written.payments ?? []) outcomes.push(['upsert_payment_record', payment]);
        await postPaymentsOnTimeline(target, written.deal.recordId, plan.invoice, payments?.unstored);
        if (payments && payments.newlyFailed.length > 0) {
          await target.deals.recordPaymentFailures(written.deal.recordId, payments.failed, payments.task);
          audits.push({
            ...base,
            action: 'record_payment_failures',
            outcome: 'succeeded',
            subject: { ...crmSubject, crmRecordId: written.deal.recordId },
            detail: {
              failed: payments.failed,
              newlyFailed: payments.newlyFailed,
              taskCreated: Boolean(payments.task),
            },
          });
        }
      } else {
        outcomes.push(['link_account', await target.upsertAccount(plan, context)]);
      }
      for (const [action, outcome] of outcomes)
        audits.push({ ...base, action, ...auditOf(outcome, crmSubject) });
      if (plan.contact && outcomes.some(([, o]) => 'kind' in o && o.kind === 'queued_for_review'))
        waits.push({
          crmConnectionId: target.connectionId,
          xeroTenantId: input.tenantId,
          xeroContactId: plan.contact.xeroContactId,
          ...(plan.kind === 'upsert_deal'
            ? { category: 'INVOICE' as const, xeroRecordId: plan.invoice.xeroInvoiceId }
            : { category: 'CONTACT' as const, xeroRecordId: plan.contact.xeroContactId }),
        });
      linkWrites.push({
        crm: { connectionId: target.connectionId },
        links: linksWritten(plan, outcomes),
      });
      for (const [, outcome] of outcomes) if (!('kind' in outcome) || outcome.kind === 'linked') writes++;
    } catch (err) {
      audits.push({
        ...base,
        action: plan.kind,
        outcome: 'failed',
        subject: crmSubject,
        detail: { error: err instanceof Error ? err.message : String(err) },
      });
      failures.push(err);
    }
  }
  await Promise.all([
    ...audits.map((entry) => deps.audit.record(entry)),
    deps.links?.upsertAll(input.tenantId, linkWrites),
    deps.reviewWaits?.add(waits),
  ]);
  if (failures.length > 0)
    throw failures.find((f) => f instanceof VendorError && f.kind === 'reauthRequired') ?? failures[0];
  if (payments && plan.kind === 'upsert_deal')
    await deps.paymentFailures?.commit(input.tenantId, plan.invoice.xeroInvoiceId, payments);
  return { outcome: 'applied', writes, crmRecordIds };
}

/** What the invoice's payments say now: failures found, and the task when the threshold is crossed. */
async function paymentFailuresOf(
  deps: XeroSyncDeps,
  tenantId: string,
  plan: XeroRecordPlan,
  threshold: number,
) {
  if (plan.kind !== 'upsert_deal' || !plan.invoice.paymentIds || !deps.paymentFailures) return undefined;
  const { invoice } = plan;
  const seen = await deps.paymentFailures.observe(tenantId, invoice.xeroInvoiceId, invoice.paymentIds ?? []);
  if (seen.newlyFailed.length === 0) return { ...seen, task: undefined };
  const before = seen.failed - seen.newlyFailed.length;
  const task =
    before < threshold && seen.failed >= threshold
      ? {
          subject: `Payment failed ${seen.failed} times: invoice ${invoice.number}`,
          body: `${seen.failed} payments on Xero invoice ${invoice.number} (${invoice.contactName}) failed or were reversed; ${invoice.amountDue.toFixed(2)} ${invoice.currency} is still due. Contact the customer about payment.`,
        }
      : undefined;
  return { ...seen, task };
}

/** An audit row's outcome, subject and detail for one CRM write or link attempt. */
function auditOf(
  outcome: CrmWriteResult | LinkOutcome,
  subject: Record<string, string>,
): Pick<AuditEntry, 'outcome' | 'subject' | 'detail'> {
  if ('kind' in outcome && outcome.kind === 'queued_for_review')
    return {
      outcome: 'skipped',
      subject,
      detail: { reason: `queued for review: ${outcome.reason}`, candidates: outcome.candidates },
    };
  const write = 'kind' in outcome ? outcome.result : outcome;
  return {
    outcome: 'succeeded',
    subject: { ...subject, crmRecordId: write.recordId },
    detail: {
      created: write.created,
      ...('kind' in outcome ? { rule: outcome.rule } : {}),
      changes: JSON.parse(JSON.stringify(write.changes)) as JsonObject,
    },
  };
}
