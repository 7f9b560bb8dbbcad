import { randomUUID } from 'node:crypto';
import type { CreditNoteRecord, InvoiceRecord, PaymentRecord } from './model';
import { ACCOUNTS } from './referenceData';
import { amountDue } from './serialize';
import type { XeroState } from './state';
import { documentTotals, lineTotals } from './totals';
import { parseXeroDay, round2 } from './wire';

/**
 * Payments and credit-note allocations move an invoice's AmountPaid / AmountCredited / AmountDue
 * and, when nothing is left due, its status to PAID. Deleting a payment reverses it. Xero has no
 * payment webhooks: each of these changes is an INVOICE UPDATE event.
 */
type Input = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function writePayment(
  state: XeroState,
  tenantId: string,
  input: Input,
): { ok: true; payment: PaymentRecord } | { ok: false; errors: string[] } {
  const invoiceRef = (input.Invoice ?? {}) as Input;
  const invoice =
    state.invoices.get(str(invoiceRef.InvoiceID) ?? '') ??
    state.invoicesOf(tenantId).find((i) => i.number === str(invoiceRef.InvoiceNumber));
  const account = ACCOUNTS.find(
    (a) =>
      a.Code === str((input.Account as Input | undefined)?.Code) ||
      a.AccountID === str((input.Account as Input | undefined)?.AccountID),
  );
  const amount = typeof input.Amount === 'number' ? round2(input.Amount) : Number.NaN;
  const date = parseXeroDay(input.Date) ?? new Date().toISOString().slice(0, 10);
  const errors: string[] = [];
  if (!invoice || invoice.tenantId !== tenantId) errors.push('Invoice could not be found');
  else if (invoice.status !== 'AUTHORISED')
    errors.push('Payment cannot be applied: the invoice is not AUTHORISED');
  if (!account || !account.EnablePaymentsToAccount)
    errors.push('Account must be a bank account or have payments enabled');
  if (!(amount > 0)) errors.push('Payment amount must be greater than zero');
  else if (invoice && amount > amountDue(invoice))
    errors.push('Payment amount exceeds the amount outstanding on this document');
  if (errors.length > 0 || !invoice || !account) return { ok: false, errors };
  const payment: PaymentRecord = {
    id: randomUUID(),
    tenantId,
    invoiceId: invoice.id,
    accountCode: account.Code,
    date,
    amount,
    reference: str(input.Reference),
    status: 'AUTHORISED',
    updatedAt: state.stamp(),
  };
  state.putPayment(payment);
  applyToInvoice(
    state,
    invoice,
    { amountPaid: round2(invoice.amountPaid + amount), paymentIds: [...invoice.paymentIds, payment.id] },
    date,
  );
  return { ok: true, payment };
}

export function deletePayment(
  state: XeroState,
  payment: PaymentRecord,
): { ok: true } | { ok: false; errors: string[] } {
  if (payment.status === 'DELETED') return { ok: false, errors: ['Payment has already been deleted'] };
  const invoice = state.invoices.get(payment.invoiceId);
  state.putPayment({ ...payment, status: 'DELETED', updatedAt: state.stamp() });
  if (invoice)
    applyToInvoice(
      state,
      invoice,
      {
        amountPaid: round2(invoice.amountPaid - payment.amount),
        status: 'AUTHORISED',
        fullyPaidOn: undefined,
      },
      payment.date,
    );
  return { ok: true };
}

export function writeCreditNote(
  state: XeroState,
  tenantId: string,
  input: Input,
): { ok: true; note: CreditNoteRecord } | { ok: false; errors: string[] } {
  const tenant = state.tenant(tenantId);
  const contact = state.contacts.get(str((input.Contact as Input | undefined)?.ContactID) ?? '');
  const errors: string[] = [];
  if (!contact || contact.tenantId !== tenantId) errors.push('Contact could not be found');
  const type = str(input.Type) === 'ACCPAYCREDIT' ? 'ACCPAYCREDIT' : 'ACCRECCREDIT';
  const lines = Array.isArray(input.LineItems)
    ? (input.LineItems as Input[]).map((l) => {
        const quantity = typeof l.Quantity === 'number' ? l.Quantity : 1;
        const unitAmount = typeof l.UnitAmount === 'number' ? l.UnitAmount : 0;
        const taxType = str(l.TaxType) ?? 'OUTPUT';
        return {
          id: randomUUID(),
          description: str(l.Description) ?? '',
          quantity,
          unitAmount,
          itemCode: undefined,
          accountCode: str(l.AccountCode) ?? '200',
          taxType,
          ...lineTotals(quantity, unitAmount, taxType, 'Exclusive'),
          tracking: [],
        };
      })
    : [];
  if (lines.length === 0) errors.push('At least one line item is required');
  if (errors.length > 0 || !contact || !tenant) return { ok: false, errors };
  const note: CreditNoteRecord = {
    id: randomUUID(),
    tenantId,
    type,
    number: `CN-${String(++tenant.creditNoteSeq).padStart(4, '0')}`,
    contactId: contact.id,
    status: (str(input.Status) as CreditNoteRecord['status'] | undefined) ?? 'AUTHORISED',
    date: parseXeroDay(input.Date) ?? new Date().toISOString().slice(0, 10),
    currency: str(input.CurrencyCode) ?? tenant.baseCurrency,
    lines,
    ...documentTotals(lines, 'Exclusive'),
    allocations: [],
    reference: str(input.Reference),
    updatedAt: state.stamp(),
  };
  state.putCreditNote(note);
  return { ok: true, note };
}

export function allocateCreditNote(
  state: XeroState,
  note: CreditNoteRecord,
  input: Input,
): { ok: true } | { ok: false; errors: string[] } {
  const invoice = state.invoices.get(str((input.Invoice as Input | undefined)?.InvoiceID) ?? '');
  const amount = typeof input.Amount === 'number' ? round2(input.Amount) : Number.NaN;
  const remaining = round2(note.total - note.allocations.reduce((s, a) => s + a.amount, 0));
  const errors: string[] = [];
  if (!invoice || invoice.tenantId !== note.tenantId) errors.push('Invoice could not be found');
  else if (invoice.status !== 'AUTHORISED')
    errors.push('Credit can only be allocated to an AUTHORISED invoice');
  if (note.status !== 'AUTHORISED') errors.push('Only an AUTHORISED credit note can be allocated');
  if (!(amount > 0) || amount > remaining)
    errors.push('Allocation amount must be greater than zero and no more than the remaining credit');
  else if (invoice && amount > amountDue(invoice))
    errors.push('Allocation amount exceeds the amount outstanding on the invoice');
  if (errors.length > 0 || !invoice) return { ok: false, errors };
  const date = parseXeroDay(input.Date) ?? new Date().toISOString().slice(0, 10);
  const allocations = [...note.allocations, { id: randomUUID(), invoiceId: invoice.id, amount, date }];
  const fullyUsed = round2(note.total - allocations.reduce((s, a) => s + a.amount, 0)) === 0;
  state.putCreditNote({
    ...note,
    allocations,
    status: fullyUsed ? 'PAID' : note.status,
    updatedAt: state.stamp(),
  });
  applyToInvoice(
    state,
    invoice,
    {
      amountCredited: round2(invoice.amountCredited + amount),
      creditNoteIds: [...new Set([...invoice.creditNoteIds, note.id])],
    },
    date,
  );
  return { ok: true };
}

function applyToInvoice(
  state: XeroState,
  invoice: InvoiceRecord,
  change: Partial<InvoiceRecord>,
  date: string,
): void {
  const next: InvoiceRecord = { ...invoice, ...change, updatedAt: state.stamp() };
  if (amountDue(next) === 0 && next.total > 0) {
    next.status = 'PAID';
    next.fullyPaidOn = date;
  }
  state.putInvoice(next);
}
