import { ApplicationFailure, Context } from '@temporalio/activity';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { InvoiceDraft } from '../../workflows/domain/dealToInvoice';
import {
  intentIdempotencyKey,
  intentTag,
  referenceWithIntent,
  type InvoiceIntent,
} from '../../workflows/domain/invoiceIntent';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import type { AuditLog } from '../audit/auditLog';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { findTaggedInvoice } from '../connectors/xero/xeroTaggedInvoices';
import type { Store } from '../store/store';
import { DealInvoices, type DealInvoiceLink } from '../sync/dealInvoices';
import type { DealConnections } from './dealConnections';
import type { AuditRef, DealRef } from './dealToXero';

/** The deal's invoice intent as the workflow sees it (see DealInvoiceLink). */
export interface DealInvoiceState {
  intent: InvoiceIntent;
  /** The Xero organisation the intent's invoices are made in. */
  xeroTenantId: string;
  /** The invoice made for the intent's generation, once known to exist. */
  xeroInvoiceId: string | null;
  /** During a reissue: the invoice being replaced (credited before the new one is made). */
  replacesInvoiceId: string | null;
}

function stateOf(link: DealInvoiceLink): DealInvoiceState {
  return {
    intent: link.intent,
    xeroTenantId: link.xeroTenantId,
    xeroInvoiceId: link.xeroInvoiceId,
    replacesInvoiceId: link.replacesInvoiceId,
  };
}

/**
 * The Xero invoice of a deal, through its invoice intent (worker/sync/dealInvoices.ts): recorded
 * before Xero is asked, its tag in the invoice's Reference and its keys in every write, so a retry,
 * a restart or a later change of the deal finds the invoice made before instead of making another.
 */
export function createDealInvoiceActivities(
  deps: { store: Store; audit: AuditLog },
  connections: Pick<DealConnections, 'xero'>,
) {
  const links = new DealInvoices(deps.store.db);
  const { xero } = connections;

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
        LEDGERBRIDGE_ERROR_TYPES.invoiceIntentConflict,
      );
  }

  /** The invoice Xero already made for the intent's generation, found by its tag, if any. */
  async function madeForIntent(api: XeroApi, ref: DealRef, intent: InvoiceIntent) {
    const since = (await links.find(ref))?.generationStartedAt ?? new Date(0);
    return findTaggedInvoice(api, intentTag(intent), since);
  }

  return {
    /**
     * The deal's invoice intent and its invoice, when Ledgerbridge made one. Asked on every run, not
     * only when the deal shows an invoice ID: a write-back that failed leaves the deal without it. An
     * intent without a recorded invoice (the worker died between Xero's answer and the store) is
     * looked up in Xero by its tag first, and linked when found.
     */
    async findDealInvoice(input: DealRef & AuditRef): Promise<DealInvoiceState | null> {
      const link = await links.find(input);
      if (!link || link.xeroInvoiceId) return link ? stateOf(link) : null;
      const { tenantId, api } = await xero({ ...input, xeroTenantId: link.xeroTenantId });
      const found = await findTaggedInvoice(api, intentTag(link.intent), link.generationStartedAt);
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
     * Creates the invoice of the intent's generation, or updates it while it is a draft
     * (`invoiceId`), and links it to the deal. The Reference carries the intent's tag, the
     * Idempotency-Key comes from the intent and the request, and a retried create looks for the
     * tagged invoice first: an attempt whose answer was lost after Xero made the invoice (or that
     * failed storing the link) is found, however long ago, rather than made twice.
     */
    async saveXeroInvoice(
      input: DealRef & {
        xeroTenantId: string;
        draft: InvoiceDraft;
        xeroContactId: string;
        intent: InvoiceIntent;
        invoiceId?: string;
      } & AuditRef,
    ): Promise<CanonicalInvoice> {
      const { tenantId, api, writes } = await xero(input);
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
      const invoice = madeBefore
        ? await writes.findInvoice(madeBefore)
        : await writes.saveInvoice(draft, input.xeroContactId, idempotencyKey, input.invoiceId);
      if (!invoice)
        throw new VendorError('retryable', 'xero', `invoice ${madeBefore} is listed but not found`);
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

    async getXeroInvoice(
      input: DealRef & { xeroTenantId: string; invoiceId: string },
    ): Promise<CanonicalInvoice | null> {
      const { writes } = await xero(input);
      return (await writes.findInvoice(input.invoiceId)) ?? null;
    },

    /**
     * The amendment policy's credit-and-reissue: cancel the replaced invoice with an allocated credit
     * note, keyed by the reissue's generation.
     */
    async creditXeroInvoice(
      input: DealRef & {
        xeroTenantId: string;
        invoice: CanonicalInvoice;
        intent: InvoiceIntent;
      } & AuditRef,
    ): Promise<string> {
      const { tenantId, writes } = await xero(input);
      const idempotencyKey = intentIdempotencyKey(input.intent, 'credit', {
        invoiceId: input.invoice.xeroInvoiceId,
      });
      const creditNoteId = await writes.creditInvoice(input.invoice, idempotencyKey);
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
  };
}
