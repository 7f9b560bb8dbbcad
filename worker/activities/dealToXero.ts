import type { CrmVendor } from '../../workflows/domain/crmVendor';
import { ApplicationFailure } from '@temporalio/activity';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { CrmDeal, XeroOrgFacts } from '../../workflows/domain/crmDeal';
import type { DealRoute } from '../../workflows/domain/dealRouting';
import type { DealPlan } from '../../workflows/domain/dealToInvoice';
import { intentIdempotencyKey, type InvoiceIntent } from '../../workflows/domain/invoiceIntent';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import type { JsonObject } from '../store/schema';
import type { Store } from '../store/store';
import { MappingSettingsStore } from '../sync/mappingSettingsStore';
import { dealConnections } from './dealConnections';
import { createDealInvoiceActivities } from './dealInvoiceActivities';
import type { XeroSyncDeps } from './xeroSync';

export type { DealInvoiceState } from './dealInvoiceActivities';

export interface DealRef {
  crm: CrmVendor;
  /** The CRM account: Salesforce org ID or HubSpot portal ID. */
  crmAccount: string;
  dealId: string;
}

export interface AuditRef {
  workflowId: string;
  runId: string;
}

/**
 * The activities of the CRM-to-Xero flow. Each one is safe to repeat: reads are reads, the contact
 * and invoice writes carry Idempotency-Keys from the deal's invoice intent (recorded before Xero is
 * asked; see dealInvoiceActivities.ts) and a retried create looks for the intent's invoice first,
 * and the CRM write-back sets fields to fixed values. Vendor errors leave as VendorErrors, made
 * Temporal failures by the worker's activity interceptor.
 */
export function createDealToXeroActivities(
  deps: XeroSyncDeps & { store: Store; mappingSettings?: MappingSettingsStore },
) {
  const { source, xero, route } = dealConnections({
    ...deps,
    settings: deps.mappingSettings ?? new MappingSettingsStore(deps.store.db),
  });

  return {
    ...createDealInvoiceActivities(deps, { xero }),

    async readCrmDeal(ref: DealRef): Promise<CrmDeal | null> {
      const deals = await source(ref);
      return (await deals.readDeal(ref.dealId)) ?? null;
    },

    /**
     * The Xero organisation the installation's routing rule sends the won deal to (audited with
     * the rule that chose it), or the problem that keeps it from being invoiced anywhere.
     */
    async routeDealToXero(
      input: DealRef & AuditRef & { deal: CrmDeal },
    ): Promise<DealRoute & { shadow: boolean }> {
      const routed = await route(input);
      if (routed.kind === 'routed')
        await deps.audit.record({
          actor: 'worker',
          workflowId: input.workflowId,
          runId: input.runId,
          action: 'route_deal',
          outcome: 'succeeded',
          subject: { crm: input.crm, crmDealId: input.dealId, xeroTenantId: routed.xeroTenantId },
          detail: { because: routed.because, currency: input.deal.currency },
        });
      return routed;
    },

    /** Without `xeroTenantId` (a run begun before routing existed): the installation's only organisation. */
    async xeroOrgFacts(
      ref: DealRef & { xeroTenantId?: string },
    ): Promise<{ tenantId: string; facts: XeroOrgFacts }> {
      const { tenantId, writes } = await xero(ref);
      return { tenantId, facts: await writes.orgFacts() };
    },

    /**
     * Shadow mode: the invoice this deal would have become, recorded instead of created (with the
     * Xero contact it would go to, when the account is already linked), so nothing is written.
     */
    async recordDealShadowPlan(
      input: DealRef &
        AuditRef & {
          /** Null when the deal was routed nowhere (the plan then holds the routing problem). */
          xeroTenantId: string | null;
          deal: CrmDeal;
          plan: Exclude<DealPlan, { kind: 'not_won' }>;
        },
    ): Promise<void> {
      if (!deps.shadowPlans)
        throw ApplicationFailure.nonRetryable(
          'shadow mode is on but no plan store is configured',
          LEDGERBRIDGE_ERROR_TYPES.shadowMode,
        );
      const tenantId = input.xeroTenantId ?? '';
      const { account } = input.deal;
      await deps.shadowPlans.record({
        flow: 'crm_to_xero',
        xeroTenantId: tenantId,
        target: 'xero',
        recordKey: `${input.crm}:${input.crmAccount}:${input.dealId}`,
        plan: {
          ...(input.plan.kind === 'create'
            ? { invoice: input.plan.draft }
            : { problems: input.plan.problems }),
          contact: account
            ? {
                crmAccountId: account.crmId,
                name: account.name,
                xeroContactId: account.xeroContactId ?? null,
              }
            : null,
          deal: { name: input.deal.name, amount: input.deal.amount, closeDate: input.deal.closeDate },
        },
        workflowId: input.workflowId,
      });
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: 'create_xero_invoice',
        outcome: 'planned',
        subject: {
          crm: input.crm,
          crmAccount: input.crmAccount,
          dealId: input.dealId,
          xeroTenantId: tenantId,
        },
        detail:
          input.plan.kind === 'create'
            ? {
                shadow: true,
                subTotal: input.plan.draft.subTotalCents / 100,
                currency: input.plan.draft.currency,
              }
            : { shadow: true, problems: input.plan.problems },
      });
    },

    /**
     * The deal's Xero contact through the ID mapping: the account's link when it has one; else the
     * one Xero contact with the account's exact name (then linked); else a new contact (then linked).
     * Several same-named contacts are a problem for a person, never a guess.
     */
    async resolveXeroContact(
      input: DealRef & {
        xeroTenantId: string;
        account: NonNullable<CrmDeal['account']>;
        intent: InvoiceIntent;
      } & AuditRef,
    ): Promise<{ xeroContactId: string } | { problem: string }> {
      const { account } = input;
      if (account.xeroContactId) return { xeroContactId: account.xeroContactId };
      const deals = await source(input);
      const { tenantId, writes } = await xero(input);
      const found = await writes.findContacts({ name: account.name, email: account.email });
      if (found.length > 1)
        return {
          problem: `${found.length} Xero contacts match the account "${account.name}"; link the account to one of them (Xero contact ID on the account).`,
        };
      const existing = found[0];
      const key = intentIdempotencyKey(input.intent, 'contact', {
        name: account.name,
        email: account.email,
      });
      const xeroContactId = existing?.id ?? (await writes.createContact(account, key));
      await deals.linkAccount(account.crmId, xeroContactId);
      await deps.links?.upsert({ vendor: input.crm, account: input.crmAccount }, tenantId, [
        { crmObject: 'account', crmRecordId: account.crmId, xeroId: xeroContactId },
      ]);
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: existing ? 'link_account' : 'create_xero_contact',
        outcome: 'succeeded',
        subject: { crm: input.crm, crmAccountId: account.crmId, xeroTenantId: tenantId, xeroContactId },
        detail: { name: account.name },
      });
      return { xeroContactId };
    },

    async recordInvoiceOnDeal(input: DealRef & { invoice: CanonicalInvoice } & AuditRef): Promise<void> {
      const deals = await source(input);
      const result = await deals.recordInvoice(input.dealId, input.invoice);
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: 'record_invoice_on_deal',
        outcome: 'succeeded',
        subject: { crm: input.crm, crmDealId: input.dealId, xeroInvoiceId: input.invoice.xeroInvoiceId },
        detail: { changes: JSON.parse(JSON.stringify(result.changes)) as JsonObject },
      });
    },

    async reportDealProblem(
      input: DealRef & { deal: CrmDeal; problems: string[] } & AuditRef,
    ): Promise<void> {
      const deals = await source(input);
      const problem = input.problems.join(' ');
      const { taskId } = await deals.reportProblem(input.deal, problem);
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: 'deal_not_invoiced',
        outcome: 'skipped',
        subject: { crm: input.crm, crmDealId: input.dealId },
        detail: { problems: input.problems, taskId: taskId ?? null },
      });
    },
  };
}

export type DealToXeroActivities = ReturnType<typeof createDealToXeroActivities>;
