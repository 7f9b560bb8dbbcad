import { Contact, CreditNote, Invoice, LineAmountTypes, type Invoices } from 'xero-node';
import { z } from 'zod';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { XeroOrgFacts } from '../../../workflows/domain/crmDeal';
import type { InvoiceDraft } from '../../../workflows/domain/dealToInvoice';
import { VendorError } from '../errors';
import type { XeroApi } from './xeroApi';

/**
 * The CRM-to-Xero writes, on one connection: organisation facts for validation, contact lookup and
 * creation, and invoice create/update. Every write carries an Idempotency-Key, so a retry after a
 * lost answer (a 5xx, a timeout, a killed worker) returns the first result instead of a duplicate.
 */
export class XeroWrites {
  constructor(private readonly api: XeroApi) {}

  async orgFacts(): Promise<XeroOrgFacts> {
    const org = await this.api.call((api, tenant) => api.getOrganisations(tenant));
    const currencies = await this.api.call((api, tenant) => api.getCurrencies(tenant));
    const baseCurrency = z
      .string()
      .length(3)
      .parse(String(org.body.organisations?.[0]?.baseCurrency ?? ''));
    const codes = (currencies.body.currencies ?? []).map((c) => String(c.code));
    return { baseCurrency, currencies: [...new Set([baseCurrency, ...codes])] };
  }

  /** Contacts whose name, or email when given, is exactly this (Xero's where filter). */
  async findContacts(query: {
    name: string;
    email: string | null;
  }): Promise<Array<{ id: string; name: string }>> {
    // A `where` string literal escapes `"` and `\` with a backslash: the name is matched as written.
    const quote = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
    const where = [
      `Name==${quote(query.name)}`,
      ...(query.email ? [`EmailAddress==${quote(query.email)}`] : []),
    ].join(' OR ');
    const res = await this.api.call((api, tenant) =>
      api.getContacts(tenant, undefined, where, undefined, undefined, 1, false, true),
    );
    return (res.body.contacts ?? []).flatMap((c) =>
      c.contactID && c.contactStatus !== Contact.ContactStatusEnum.ARCHIVED
        ? [{ id: c.contactID, name: c.name ?? '' }]
        : [],
    );
  }

  async createContact(
    input: { name: string; email: string | null },
    idempotencyKey: string,
  ): Promise<string> {
    const res = await this.api.call((api, tenant) =>
      api.createContacts(
        tenant,
        { contacts: [{ name: input.name, ...(input.email ? { emailAddress: input.email } : {}) }] },
        false,
        idempotencyKey,
      ),
    );
    const id = res.body.contacts?.[0]?.contactID;
    if (!id) throw new VendorError('retryable', 'xero', 'contact create returned no ContactID');
    return id;
  }

  /** Creates the invoice (PUT /Invoices), or updates a draft one when `invoiceId` is given. */
  async saveInvoice(
    draft: InvoiceDraft,
    contactId: string,
    idempotencyKey: string,
    invoiceId?: string,
  ): Promise<CanonicalInvoice> {
    const body: Invoices = {
      invoices: [
        {
          ...(invoiceId ? { invoiceID: invoiceId } : {}),
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: contactId },
          date: draft.date,
          dueDate: draft.dueDate,
          currencyCode: draft.currency as never,
          reference: draft.reference,
          status: draft.status === 'AUTHORISED' ? Invoice.StatusEnum.AUTHORISED : Invoice.StatusEnum.DRAFT,
          lineAmountTypes: draft.amountsIncludeTax ? LineAmountTypes.Inclusive : LineAmountTypes.Exclusive,
          lineItems: draft.lines.map((l) => ({
            description: l.description,
            quantity: l.quantity,
            unitAmount: l.unitAmount,
            accountCode: l.accountCode,
            ...(l.itemCode ? { itemCode: l.itemCode } : {}),
            ...(l.taxType ? { taxType: l.taxType } : {}),
            ...(l.discountRate ? { discountRate: l.discountRate } : {}),
          })),
        },
      ],
    };
    const res = await this.api.call((api, tenant) =>
      invoiceId
        ? api.updateInvoice(tenant, invoiceId, body, undefined, idempotencyKey)
        : api.createInvoices(tenant, body, false, undefined, idempotencyKey),
    );
    const saved = res.body.invoices?.[0];
    const errors = (saved?.validationErrors ?? []).map((e) => e.message).filter(Boolean);
    if (errors.length > 0) throw new VendorError('validation', 'xero', errors.join('; '));
    if (!saved?.invoiceID) throw new VendorError('retryable', 'xero', 'invoice save returned no InvoiceID');
    // The stored invoice, with its online link (only authorised invoices have one).
    return this.api.getInvoice(saved.invoiceID);
  }

  /**
   * Cancels an authorised invoice's amount with an authorised credit note copying its lines, and
   * allocates it to the invoice (up to what is still due; the rest stays as credit for the customer).
   */
  async creditInvoice(invoice: CanonicalInvoice, idempotencyKey: string): Promise<string> {
    const res = await this.api.call((api, tenant) =>
      api.createCreditNotes(
        tenant,
        {
          creditNotes: [
            {
              type: CreditNote.TypeEnum.ACCRECCREDIT,
              contact: { contactID: invoice.contactId },
              date: invoice.date,
              currencyCode: invoice.currency as never,
              reference: `Cancels ${invoice.number}`,
              status: CreditNote.StatusEnum.AUTHORISED,
              lineAmountTypes: LineAmountTypes.Exclusive,
              lineItems: invoice.lines.map((l) => ({
                description: l.description,
                quantity: l.quantity,
                unitAmount: l.unitAmount,
                ...(l.accountCode ? { accountCode: l.accountCode } : {}),
                ...(l.itemCode ? { itemCode: l.itemCode } : {}),
                ...(l.taxType ? { taxType: l.taxType } : {}),
              })),
            },
          ],
        },
        false,
        undefined,
        idempotencyKey,
      ),
    );
    const note = res.body.creditNotes?.[0];
    if (!note?.creditNoteID) throw new VendorError('retryable', 'xero', 'credit note create returned no ID');
    const creditNoteId = note.creditNoteID;
    const amount = Math.min(Number(note.total ?? invoice.total), invoice.amountDue);
    if (amount > 0)
      await this.api.call((api, tenant) =>
        api.createCreditNoteAllocation(
          tenant,
          creditNoteId,
          { allocations: [{ invoice: { invoiceID: invoice.xeroInvoiceId }, amount, date: invoice.date }] },
          false,
          `${idempotencyKey}-allocation`,
        ),
      );
    return creditNoteId;
  }

  /** The invoice as Xero has it now, or undefined when it is gone. */
  async findInvoice(invoiceId: string): Promise<CanonicalInvoice | undefined> {
    try {
      return await this.api.getInvoice(invoiceId);
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }
}
