import { ApplicationFailure, Context } from '@temporalio/activity';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { CrmDeal, XeroOrgFacts } from '../../workflows/domain/crmDeal';
import type { DealPlan, InvoiceDraft } from '../../workflows/domain/dealToInvoice';
import {
  intentIdempotencyKey,
  intentTag,
  referenceWithIntent,
  type InvoiceIntent,
} from '../../workflows/domain/invoiceIntent';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { findTaggedInvoice } from '../connectors/xero/xeroTaggedInvoices';
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

/** The deal's invoice intent as the workflow sees it (see DealInvoiceLink). */
export interface DealInvoiceState {
  intent: InvoiceIntent;
  /** The invoice made for the intent's generation, once known to exist. */
  xeroInvoiceId: string | null;
  /** During a reissue: the invoice being replaced (credited before the new one is made). */
  replacesInvoiceId: string | null;
}

function stateOf(link: DealInvoiceLink): DealInvoiceState {
  return {
    intent: link.intent,
    xeroInvoiceId: link.xeroInvoiceId,
    replacesInvoiceId: link.replacesInvoiceId,
  };
}

/**
 * The activities of the CRM-to-Xero flow. Each one is safe to repeat: reads are reads, the contact
 * and invoice writes carry Idempotency-Keys from the deal's invoice intent (recorded before Xero is
 * asked) and a retried create looks for the intent's invoice first, and the CRM write-back sets
 * fields to fixed values.
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
  async function xero(): Promise<{ tenantId: string; api: XeroApi; writes: XeroWrites }> {
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
    const api = deps.xeroApi(org.id);
    return { tenantId: org.externalId, api, writes: new XeroWrites(api) };
  }

  async function classified<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw err instanceof VendorError ? err.toFailure() : err;
    }
  }

  /** Links the invoice to the intent's generation; an intent that moved on meanwhile is not retried. */
  async function linkInvoice(
    ref: DealRef,
    intent: InvoiceIntent,
    invoice: { tenantId: string; xeroInvoiceId: string; idempotencyKey: string | null },
  ): Promise<void> {
    const linked = await links.recordInvoice(ref, intent, {
      xeroTenantId: invoice.tenantId,
      xeroInvoiceId: invoice.xeroInvoiceId,
      idempotencyKey: invoice.idempotencyKey,
    });
    if (!linked)
      throw ApplicationFailure.nonRetryable(
        `invoice ${invoice.xeroInvoiceId} was not linked to deal ${ref.dealId}: its invoice intent is no longer at ${intentTag(intent)}`,
        'InvoiceIntentConflictError',
      );
  }

  /** The invoice Xero already made for the intent's generation, found by its tag, if any. */
  async function madeForIntent(
    api: XeroApi,
    ref: DealRef,
    intent: InvoiceIntent,
  ): Promise<string | undefined> {
    const since = (await links.find(ref))?.generationStartedAt ?? new Date(0);
    return classified(() => findTaggedInvoice(api, intentTag(intent), since));
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
     * The deal's invoice intent and its invoice, when Ledgerbridge made one. Asked on every run, not
     * only when the deal shows an invoice ID: a write-back that failed leaves the deal without it. An
     * intent without a recorded invoice (the worker died between Xero's answer and the store) is
     * looked up in Xero by its tag first, and linked when found.
     */
    async findDealInvoice(input: DealRef & AuditRef): Promise<DealInvoiceState | null> {
      const link = await links.find(input);
      if (!link || link.xeroInvoiceId) return link ? stateOf(link) : null;
      const { tenantId, api } = await xero();
      const found = await classified(() =>
        findTaggedInvoice(api, intentTag(link.intent), link.generationStartedAt),
      );
      if (!found) return stateOf(link);
      await linkInvoice(input, link.intent, { tenantId, xeroInvoiceId: found, idempotencyKey: null });
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: 'find_xero_invoice_of_intent',
        outcome: 'succeeded',
        subject: { crm: input.crm, crmDealId: input.dealId, xeroTenantId: tenantId, xeroInvoiceId: found },
        detail: { tag: intentTag(link.intent) },
      });
      return { ...stateOf(link), xeroInvoiceId: found, replacesInvoiceId: null };
    },

    /** Records that the deal's invoice is about to be made (or returns the intent it already has). */
    async beginInvoiceIntent(input: DealRef & { xeroTenantId: string }): Promise<DealInvoiceState> {
      return stateOf(await links.begin(input, input.xeroTenantId));
    },

    /**
     * Credit and reissue: the intent's next generation, replacing `replacing`. Recorded before the
     * credit note, so a run that stops half-way carries on with the same generation.
     */
    async startReissue(
      input: DealRef & { from: InvoiceIntent; replacing: string },
    ): Promise<DealInvoiceState> {
      return stateOf(await links.startReissue(input, input.from, input.replacing));
    },

    /**
     * The deal's Xero contact through the ID mapping: the account's link when it has one; else the
     * one Xero contact with the account's exact name (then linked); else a new contact (then linked).
     * Several same-named contacts are a problem for a person, never a guess.
     */
    async resolveXeroContact(
      input: DealRef & { account: NonNullable<CrmDeal['account']>; intent: InvoiceIntent } & AuditRef,
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
        const key = intentIdempotencyKey(input.intent, 'contact', {
          name: account.name,
          email: account.email,
        });
        const xeroContactId = existing?.id ?? (await writes.createContact(account, key));
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
     * Creates the invoice of the intent's generation, or updates it while it is a draft
     * (`invoiceId`), and links it to the deal. The Reference carries the intent's tag, the
     * Idempotency-Key comes from the intent and the request, and a retried create looks for the
     * tagged invoice first: an attempt whose answer was lost after Xero made the invoice (or that
     * failed storing the link) is found, however long ago, rather than made twice.
     */
    async saveXeroInvoice(
      input: DealRef & {
        draft: InvoiceDraft;
        xeroContactId: string;
        intent: InvoiceIntent;
        invoiceId?: string;
      } & AuditRef,
    ): Promise<CanonicalInvoice> {
      const { tenantId, api, writes } = await xero();
      const draft = { ...input.draft, reference: referenceWithIntent(input.draft.reference, input.intent) };
      const write = input.invoiceId ? 'update' : 'invoice';
      const idempotencyKey = intentIdempotencyKey(input.intent, write, {
        draft,
        contact: input.xeroContactId,
        invoiceId: input.invoiceId ?? null,
      });
      const madeBefore =
        write === 'invoice' && Context.current().info.attempt > 1
          ? await madeForIntent(api, input, input.intent)
          : undefined;
      const invoice = await classified(async () => {
        if (!madeBefore)
          return writes.saveInvoice(draft, input.xeroContactId, idempotencyKey, input.invoiceId);
        const found = await writes.findInvoice(madeBefore);
        if (!found)
          throw new VendorError('retryable', 'xero', `invoice ${madeBefore} is listed but not found`);
        return found;
      });
      await linkInvoice(input, input.intent, {
        tenantId,
        xeroInvoiceId: invoice.xeroInvoiceId,
        idempotencyKey,
      });
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: input.invoiceId
          ? 'update_xero_invoice'
          : madeBefore
            ? 'find_xero_invoice_of_intent'
            : 'create_xero_invoice',
        outcome: 'succeeded',
        subject: {
          crm: input.crm,
          crmDealId: input.dealId,
          xeroTenantId: tenantId,
          xeroInvoiceId: invoice.xeroInvoiceId,
          xeroInvoiceNumber: invoice.number,
        },
        detail: {
          idempotencyKey,
          tag: intentTag(input.intent),
          total: invoice.total,
          currency: invoice.currency,
        },
      });
      return invoice;
    },

    async getXeroInvoice(input: { invoiceId: string }): Promise<CanonicalInvoice | null> {
      const { writes } = await xero();
      return classified(async () => (await writes.findInvoice(input.invoiceId)) ?? null);
    },

    /**
     * The amendment policy's credit-and-reissue: cancel the replaced invoice with an allocated credit
     * note, keyed by the reissue's generation.
     */
    async creditXeroInvoice(
      input: DealRef & { invoice: CanonicalInvoice; intent: InvoiceIntent } & AuditRef,
    ): Promise<string> {
      const { tenantId, writes } = await xero();
      const idempotencyKey = intentIdempotencyKey(input.intent, 'credit', {
        invoiceId: input.invoice.xeroInvoiceId,
      });
      const creditNoteId = await classified(() => writes.creditInvoice(input.invoice, idempotencyKey));
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
        detail: { reason: 'deal amended after the invoice was authorised', idempotencyKey },
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
