import { ApplicationFailure } from '@temporalio/activity';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import type { FetchedXeroRecord, XeroRecordPlan } from '../../workflows/xero/planXeroRecord';
import type { XeroRecordCategory } from '../../workflows/xero/recordIds';
import type { AuditEntry, AuditLog } from '../audit/auditLog';
import type { LinkOutcome } from '../sync/accountLinker';
import type { JsonObject } from '../store/schema';
import type { ConnectionStore } from '../connections/connectionStore';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { CrmTargets, CrmWriteResult } from '../sync/crmTarget';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import type { PaymentFailures } from '../sync/paymentFailures';
import { linksWritten, type RecordLinks } from '../sync/recordLinks';
import type { ShadowPlans } from '../parity/shadowPlans';
import { shadowPlanOf } from '../parity/shadowPlanOf';
import { validMappingSettings } from './mappingSettings';
import { activeXeroConnectionId } from './xeroConnection';

export interface XeroSyncDeps {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  audit: AuditLog;
  /** The tenant's stored mapping settings as saved (validated by the activities that use them). */
  loadSettings(tenantId: string): Promise<unknown>;
  /** The CRM deal an invoice was made from by the CRM-to-Xero flow, if it was. */
  dealOrigin?(
    xeroTenantId: string,
    xeroInvoiceId: string,
    reference?: string,
  ): Promise<{ crm: 'salesforce' | 'hubspot'; crmConnectionId: string; dealId: string } | undefined>;
  /** Failed (deleted or reversed) payments per invoice, for the retry counter and its task. */
  paymentFailures?: PaymentFailures;
  /** Hands Xero changes to their records' workflows (credit notes re-sync their invoices). */
  dispatchXeroChanges: XeroEventDispatch;
  /** Where shadow (dry-run) mode records the writes it does not make. */
  shadowPlans?: ShadowPlans;
  /** Ledgerbridge's own CRM record ↔ Xero record links, which the cards read. */
  links?: RecordLinks;
}

/** The activities of the Xero-to-CRM flow: fetch the record, load settings, apply the plan. */
export function createXeroSyncActivities(deps: XeroSyncDeps) {
  /** What the invoice's payments say now: failures found, and the task when the threshold is crossed. */
  async function paymentFailuresOf(tenantId: string, plan: XeroRecordPlan, threshold: number) {
    if (plan.kind !== 'upsert_deal' || !plan.invoice.paymentIds || !deps.paymentFailures) return undefined;
    const { invoice } = plan;
    const seen = await deps.paymentFailures.observe(
      tenantId,
      invoice.xeroInvoiceId,
      invoice.paymentIds ?? [],
    );
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

  return {
    async fetchXeroRecord(input: {
      tenantId: string;
      category: XeroRecordCategory;
      resourceId: string;
    }): Promise<FetchedXeroRecord> {
      const api = deps.xeroApi(await activeXeroConnectionId(deps.connections, input.tenantId));
      const missing: FetchedXeroRecord = {
        kind: 'missing',
        category: input.category,
        resourceId: input.resourceId,
      };
      try {
        if (input.category === 'INVOICE') {
          const invoice = await api.getInvoice(input.resourceId);
          const contact = await api.getContact(invoice.contactId);
          return { kind: 'invoice', invoice, contact };
        }
        if (input.category === 'CREDITNOTE')
          return {
            kind: 'credit_note',
            creditNoteId: input.resourceId,
            invoiceIds: await api.getCreditNoteInvoiceIds(input.resourceId),
          };
        if (input.category === 'CONTACT')
          return { kind: 'contact', contact: await api.getContact(input.resourceId) };
        return missing;
      } catch (err) {
        if (err instanceof VendorError && err.kind === 'notFound') return missing;
        throw err;
      }
    },

    /**
     * The tenant's mapping settings, validated (defaults filled in). Until an admin saves some from
     * a CRM package, the defaults apply. Validation happens here rather than in the workflow so the
     * workflow bundle carries no zod: building its schemas again for every workflow run was the
     * largest cost of starting one. Settings that no longer validate (saved under an older schema)
     * fail this activity, naming each field; after a few tries (workflows/activityOptions.ts,
     * settingsRead) the record waits for a person, whose retry after fixing them lets it go on.
     */
    async loadMappingSettings(input: { tenantId: string }): Promise<MappingSettings> {
      return validMappingSettings(input.tenantId, await deps.loadSettings(input.tenantId));
    },

    async applyXeroRecord(input: {
      tenantId: string;
      plan: XeroRecordPlan;
      /** The settings the plan was made under (loadMappingSettings): shadow mode and thresholds. */
      settings: MappingSettings;
      workflowId: string;
      runId: string;
    }): Promise<AppliedXeroRecord> {
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
      const targets = await deps.crmTargets.forXeroTenant(input.tenantId);
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
        const recordKey =
          plan.kind === 'upsert_deal' ? plan.invoice.xeroInvoiceId : plan.contact.xeroContactId;
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
      const payments = await paymentFailuresOf(input.tenantId, plan, settings.paymentFailureTaskThreshold);
      const origin =
        plan.kind === 'upsert_deal'
          ? await deps.dealOrigin?.(input.tenantId, plan.invoice.xeroInvoiceId, plan.invoice.reference)
          : undefined;
      const context = { xeroTenantId: input.tenantId, ...(origin ? { originDeal: origin } : {}) };
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
            if (payments && payments.newlyFailed.length > 0) {
              await target.deals.recordPaymentFailures(written.deal.recordId, payments.failed, payments.task);
              await deps.audit.record({
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
          // Recorded together: the audit log stores rows recorded in the same tick in one insert.
          await Promise.all(
            outcomes.map(([action, outcome]) =>
              deps.audit.record({ ...base, action, ...auditOf(outcome, crmSubject) }),
            ),
          );
          await deps.links?.upsert(
            { connectionId: target.connectionId },
            input.tenantId,
            linksWritten(plan, outcomes),
          );
          for (const [, outcome] of outcomes) if (!('kind' in outcome) || outcome.kind === 'linked') writes++;
        } catch (err) {
          await deps.audit.record({
            ...base,
            action: plan.kind,
            outcome: 'failed',
            subject: crmSubject,
            detail: { error: err instanceof Error ? err.message : String(err) },
          });
          failures.push(err);
        }
      }
      if (failures.length > 0)
        throw failures.find((f) => f instanceof VendorError && f.kind === 'reauthRequired') ?? failures[0];
      if (payments && plan.kind === 'upsert_deal')
        await deps.paymentFailures?.commit(input.tenantId, plan.invoice.xeroInvoiceId, payments);
      return { outcome: 'applied', writes, crmRecordIds };
    },

    /**
     * Whether everything a Xero organisation's sync needs is usable again: its own connection and
     * every CRM of its installation (a paused workflow polls this until a human has reconnected).
     */
    async syncConnectionsReady(input: { tenantId: string }): Promise<boolean> {
      const xero = await deps.connections.find('xero', input.tenantId);
      if (xero?.status !== 'active') return false;
      const own = await deps.connections.list({ installationId: xero.installationId });
      const crms = own.filter((c) => c.vendor !== 'xero' && c.status !== 'disconnected');
      return crms.every((c) => c.status === 'active');
    },
  };
}

export interface AppliedXeroRecord {
  outcome: 'applied' | 'skipped' | 'no_crm_connected' | 'shadowed';
  writes: number;
  /** The CRM deal records written (an invoice's), for the workflow's CrmRecordId search attribute. */
  crmRecordIds: string[];
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

export type XeroSyncActivities = ReturnType<typeof createXeroSyncActivities>;
