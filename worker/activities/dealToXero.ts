import { ApplicationFailure } from '@temporalio/activity';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { CrmDeal, XeroOrgFacts } from '../../workflows/domain/crmDeal';
import type { DealPlan, InvoiceDraft } from '../../workflows/domain/dealToInvoice';
import { VendorError } from '../connectors/errors';
import { XeroWrites } from '../connectors/xero/xeroWrites';
import type { CrmDealSource } from '../sync/crmDeals';
import type { JsonObject } from '../store/schema';
import type { Store } from '../store/store';
import { DealInvoices, type DealInvoiceLink } from '../sync/dealInvoices';
import type { XeroSyncDeps } from './xeroSync';

export interface DealRef {
  crm: 'salesforce' | 'hubspot';
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
 * and invoice writes carry Idempotency-Keys, and the CRM write-back sets fields to fixed values.
 */
export function createDealToXeroActivities(deps: XeroSyncDeps & { store: Store }) {
  const links = new DealInvoices(deps.store.db);
  async function source(ref: Pick<DealRef, 'crm' | 'crmAccount'>): Promise<CrmDealSource> {
    const connection = await deps.connections.find(ref.crm, ref.crmAccount);
    if (!connection || connection.status === 'disconnected')
      throw ApplicationFailure.nonRetryable(
        `no ${ref.crm} connection for ${ref.crmAccount}`,
        'NoConnectionError',
      );
    const target = (await deps.crmTargetsFor('')).find((t) => t.connectionId === connection.id);
    if (!target)
      throw ApplicationFailure.nonRetryable(
        `no adapter for connection ${connection.id}`,
        'NoConnectionError',
      );
    return target.deals;
  }

  /** The one Xero organisation won deals are invoiced in. */
  async function xero(): Promise<{ tenantId: string; writes: XeroWrites }> {
    const orgs = (await deps.connections.list()).filter(
      (c) => c.vendor === 'xero' && c.status !== 'disconnected',
    );
    if (orgs.length !== 1)
      throw ApplicationFailure.nonRetryable(
        orgs.length === 0
          ? 'no Xero organisation is connected'
          : `${orgs.length} Xero organisations are connected; won deals need exactly one`,
        'NoConnectionError',
      );
    const org = orgs[0] as (typeof orgs)[number];
    if (org.status !== 'active')
      throw new VendorError(
        'reauthRequired',
        'xero',
        `connection ${org.id} needs re-authorisation`,
      ).toFailure();
    return { tenantId: org.externalId, writes: new XeroWrites(deps.xeroApi(org.id)) };
  }

  async function classified<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof VendorError ? err.toFailure() : err;
    }
  }

  return {
    async readCrmDeal(ref: DealRef): Promise<CrmDeal | null> {
      const deals = await source(ref);
      return classified(async () => (await deals.readDeal(ref.dealId)) ?? null);
    },

    async xeroOrgFacts(): Promise<{ tenantId: string; facts: XeroOrgFacts }> {
      const { tenantId, writes } = await xero();
      return { tenantId, facts: await classified(() => writes.orgFacts()) };
    },

    /**
     * Shadow mode: the invoice this deal would have become, recorded instead of created (with the
     * Xero contact it would go to, when the account is already linked), so nothing is written.
     */
    async recordDealShadowPlan(
      input: DealRef & AuditRef & { deal: CrmDeal; plan: Exclude<DealPlan, { kind: 'not_won' }> },
    ): Promise<void> {
      if (!deps.shadowPlans)
        throw ApplicationFailure.nonRetryable(
          'shadow mode is on but no plan store is configured',
          'ShadowModeError',
        );
      const orgs = (await deps.connections.list()).filter(
        (c) => c.vendor === 'xero' && c.status !== 'disconnected',
      );
      const tenantId = orgs[0]?.externalId ?? '';
      const { account } = input.deal;
      await deps.shadowPlans.record({
        flow: 'crm_to_xero',
        xeroTenantId: tenantId,
        target: 'xero',
        recordKey: `${input.crm}:${input.crmAccount}:${input.dealId}`,
        plan: {
          ...(input.plan.kind === 'create'
            ? { invoice: input.plan.draft, idempotencyKey: input.plan.idempotencyKey }
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
      input: DealRef & { account: NonNullable<CrmDeal['account']>; idempotencyKey: string } & AuditRef,
    ): Promise<{ xeroContactId: string } | { problem: string }> {
      const { account } = input;
      if (account.xeroContactId) return { xeroContactId: account.xeroContactId };
      const deals = await source(input);
      const { tenantId, writes } = await xero();
      return classified(async () => {
        const found = await writes.findContacts({ name: account.name, email: account.email });
        if (found.length > 1)
          return {
            problem: `${found.length} Xero contacts match the account "${account.name}"; link the account to one of them (Xero contact ID on the account).`,
          };
        const existing = found[0];
        const xeroContactId =
          existing?.id ?? (await writes.createContact(account, `${input.idempotencyKey}-contact`));
        await deals.linkAccount(account.crmId, xeroContactId);
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
      });
    },

    /**
     * Creates the deal's invoice, or updates it while it is a draft (`invoiceId`), and keeps the
     * deal → invoice link. The Idempotency-Key makes a repeat return the first answer.
     */
    async saveXeroInvoice(
      input: DealRef & {
        draft: InvoiceDraft;
        xeroContactId: string;
        idempotencyKey: string;
        invoiceId?: string;
      } & AuditRef,
    ): Promise<CanonicalInvoice> {
      const { tenantId, writes } = await xero();
      const invoice = await classified(() =>
        writes.saveInvoice(input.draft, input.xeroContactId, input.idempotencyKey, input.invoiceId),
      );
      await links.record({
        crm: input.crm,
        crmAccount: input.crmAccount,
        dealId: input.dealId,
        xeroTenantId: tenantId,
        xeroInvoiceId: invoice.xeroInvoiceId,
        idempotencyKey: input.idempotencyKey,
      });
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: input.invoiceId ? 'update_xero_invoice' : 'create_xero_invoice',
        outcome: 'succeeded',
        subject: {
          crm: input.crm,
          crmDealId: input.dealId,
          xeroTenantId: tenantId,
          xeroInvoiceId: invoice.xeroInvoiceId,
          xeroInvoiceNumber: invoice.number,
        },
        detail: { idempotencyKey: input.idempotencyKey, total: invoice.total, currency: invoice.currency },
      });
      return invoice;
    },

    /** The invoice Ledgerbridge made from this deal, if it made one. */
    async dealInvoiceLink(ref: DealRef): Promise<DealInvoiceLink | null> {
      return (await links.find(ref)) ?? null;
    },

    async getXeroInvoice(input: { invoiceId: string }): Promise<CanonicalInvoice | null> {
      const { writes } = await xero();
      return classified(async () => (await writes.findInvoice(input.invoiceId)) ?? null);
    },

    /** The amendment policy's credit-and-reissue: cancel the old invoice with an allocated credit note. */
    async creditXeroInvoice(
      input: DealRef & { invoice: CanonicalInvoice; idempotencyKey: string } & AuditRef,
    ): Promise<string> {
      const { tenantId, writes } = await xero();
      const creditNoteId = await classified(() => writes.creditInvoice(input.invoice, input.idempotencyKey));
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: 'credit_xero_invoice',
        outcome: 'succeeded',
        subject: {
          crm: input.crm,
          crmDealId: input.dealId,
          xeroTenantId: tenantId,
          xeroInvoiceId: input.invoice.xeroInvoiceId,
          xeroCreditNoteId: creditNoteId,
        },
        detail: { reason: 'deal amended after the invoice was authorised' },
      });
      return creditNoteId;
    },

    async recordInvoiceOnDeal(input: DealRef & { invoice: CanonicalInvoice } & AuditRef): Promise<void> {
      const deals = await source(input);
      const result = await classified(() => deals.recordInvoice(input.dealId, input.invoice));
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
      const { taskId } = await classified(() => deals.reportProblem(input.deal, problem));
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
