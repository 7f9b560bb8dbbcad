import type { ContactRecord, CreditNoteRecord, InvoiceRecord, LineRecord, PaymentRecord } from './model';
import { ACCOUNTS } from './referenceData';
import type { XeroState } from './state';
import { isoSeconds, msDate, msDateOfDay, round2 } from './wire';

/** Records → Xero's JSON, property names and formats as the Accounting API returns them. */
export function contactJson(c: ContactRecord) {
  return {
    ContactID: c.id,
    ContactStatus: c.status,
    Name: c.name,
    ...(c.firstName ? { FirstName: c.firstName } : {}),
    ...(c.lastName ? { LastName: c.lastName } : {}),
    ...(c.email ? { EmailAddress: c.email } : {}),
    ...(c.taxNumber ? { TaxNumber: c.taxNumber } : {}),
    ...(c.accountNumber ? { AccountNumber: c.accountNumber } : {}),
    ...(c.defaultCurrency ? { DefaultCurrency: c.defaultCurrency } : {}),
    Addresses: [],
    Phones: [],
    UpdatedDateUTC: msDate(c.updatedAt),
    ContactGroups: c.groups.map((name) => ({ Name: name, Status: 'ACTIVE' })),
    IsSupplier: c.isSupplier,
    IsCustomer: c.isCustomer,
    HasAttachments: false,
  };
}

/**
 * A contact's receivable and payable balances in the organisation's base currency, as Xero returns
 * them on a single contact: what is owed (Outstanding) and the part past its due date (Overdue).
 */
export function contactBalances(state: XeroState, c: ContactRecord, today: string) {
  const zero = () => ({ Outstanding: 0, Overdue: 0 });
  const balances = { AccountsReceivable: zero(), AccountsPayable: zero() };
  for (const inv of state.invoicesOf(c.tenantId)) {
    if (inv.contactId !== c.id || (inv.status !== 'AUTHORISED' && inv.status !== 'SUBMITTED')) continue;
    const side = inv.type === 'ACCREC' ? balances.AccountsReceivable : balances.AccountsPayable;
    const due = amountDue(inv) / (inv.currencyRate || 1);
    side.Outstanding += due;
    if (inv.dueDate !== undefined && inv.dueDate < today) side.Overdue += due;
  }
  for (const side of Object.values(balances)) {
    side.Outstanding = round2(side.Outstanding);
    side.Overdue = round2(side.Overdue);
  }
  return balances;
}

function contactSummary(state: XeroState, contactId: string) {
  const c = state.contacts.get(contactId);
  return {
    ContactID: contactId,
    Name: c?.name ?? '',
    ...(c?.email ? { EmailAddress: c.email } : {}),
    ContactGroups: [] as unknown[],
  };
}

function lineJson(l: LineRecord) {
  return {
    LineItemID: l.id,
    Description: l.description,
    Quantity: l.quantity,
    UnitAmount: l.unitAmount,
    ...(l.discountRate ? { DiscountRate: l.discountRate } : {}),
    ...(l.itemCode ? { ItemCode: l.itemCode } : {}),
    ...(l.accountCode ? { AccountCode: l.accountCode } : {}),
    ...(l.taxType ? { TaxType: l.taxType } : {}),
    TaxAmount: l.taxAmount,
    LineAmount: l.lineAmount,
    Tracking: l.tracking.map((t) => ({
      TrackingCategoryID: t.categoryId,
      TrackingOptionID: t.optionId,
      Name: t.name,
      Option: t.option,
    })),
  };
}

export function amountDue(inv: InvoiceRecord): number {
  return round2(inv.total - inv.amountPaid - inv.amountCredited);
}

/**
 * An invoice as Xero returns it. `summary` (summaryOnly=true) leaves out what Xero calls the
 * computation-heavy parts: line items, payments and credit notes (the spec names no field list;
 * this is the emulator's reading of it).
 */
export function invoiceJson(
  state: XeroState,
  inv: InvoiceRecord,
  options: { withLines: boolean; summary?: boolean },
) {
  const full = !options.summary;
  return {
    Type: inv.type,
    InvoiceID: inv.id,
    InvoiceNumber: inv.number,
    ...(inv.reference ? { Reference: inv.reference } : {}),
    Contact: contactSummary(state, inv.contactId),
    Date: msDateOfDay(inv.date),
    DateString: `${inv.date}T00:00:00`,
    ...(inv.dueDate ? { DueDate: msDateOfDay(inv.dueDate), DueDateString: `${inv.dueDate}T00:00:00` } : {}),
    Status: inv.status,
    LineAmountTypes: inv.lineAmountTypes,
    ...(!full ? {} : options.withLines ? { LineItems: inv.lines.map(lineJson) } : { LineItems: [] }),
    SubTotal: inv.subTotal,
    TotalTax: inv.totalTax,
    Total: inv.total,
    TotalDiscount: 0,
    CurrencyCode: inv.currency,
    CurrencyRate: inv.currencyRate,
    AmountDue: amountDue(inv),
    AmountPaid: inv.amountPaid,
    AmountCredited: inv.amountCredited,
    ...(inv.fullyPaidOn ? { FullyPaidOnDate: msDateOfDay(inv.fullyPaidOn) } : {}),
    ...(full ? { Payments: payments(state, inv), CreditNotes: creditNotes(state, inv) } : {}),
    IsDiscounted: false,
    HasAttachments: false,
    HasErrors: false,
    SentToContact: state.sentToContact.has(inv.id),
    UpdatedDateUTC: msDate(inv.updatedAt),
  };
}

function payments(state: XeroState, inv: InvoiceRecord) {
  return inv.paymentIds.flatMap((id) => {
    const p = state.payments.get(id);
    return p && p.status === 'AUTHORISED'
      ? [
          {
            PaymentID: p.id,
            Date: msDateOfDay(p.date),
            Amount: p.amount,
            ...(p.reference ? { Reference: p.reference } : {}),
          },
        ]
      : [];
  });
}

function creditNotes(state: XeroState, inv: InvoiceRecord) {
  return inv.creditNoteIds.flatMap((id) => {
    const n = state.creditNotes.get(id);
    return n
      ? [
          {
            CreditNoteID: n.id,
            CreditNoteNumber: n.number,
            Total: n.total,
            AppliedAmount: n.allocations
              .filter((a) => a.invoiceId === inv.id)
              .reduce((s, a) => s + a.amount, 0),
          },
        ]
      : [];
  });
}

export function paymentJson(state: XeroState, p: PaymentRecord) {
  const inv = state.invoices.get(p.invoiceId);
  const account = ACCOUNTS.find((a) => a.Code === p.accountCode);
  return {
    PaymentID: p.id,
    Date: msDateOfDay(p.date),
    Amount: p.amount,
    BankAmount: p.amount,
    CurrencyRate: inv?.currencyRate ?? 1,
    ...(p.reference ? { Reference: p.reference } : {}),
    IsReconciled: false,
    Status: p.status,
    PaymentType: inv?.type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
    UpdatedDateUTC: msDate(p.updatedAt),
    HasAccount: true,
    Account: { AccountID: account?.AccountID ?? '', Code: p.accountCode },
    Invoice: inv
      ? {
          InvoiceID: inv.id,
          InvoiceNumber: inv.number,
          Type: inv.type,
          CurrencyCode: inv.currency,
          Contact: contactSummary(state, inv.contactId),
        }
      : { InvoiceID: p.invoiceId },
  };
}

export function creditNoteJson(state: XeroState, n: CreditNoteRecord) {
  const applied = round2(n.allocations.reduce((s, a) => s + a.amount, 0));
  return {
    CreditNoteID: n.id,
    CreditNoteNumber: n.number,
    Type: n.type,
    Contact: contactSummary(state, n.contactId),
    Date: msDateOfDay(n.date),
    Status: n.status,
    LineAmountTypes: 'Exclusive',
    LineItems: n.lines.map(lineJson),
    SubTotal: n.subTotal,
    TotalTax: n.totalTax,
    Total: n.total,
    CurrencyCode: n.currency,
    ...(n.reference ? { Reference: n.reference } : {}),
    RemainingCredit: round2(n.total - applied),
    Allocations: n.allocations.map((a) => ({
      AllocationID: a.id,
      Amount: a.amount,
      Date: msDateOfDay(a.date),
      Invoice: { InvoiceID: a.invoiceId, InvoiceNumber: state.invoices.get(a.invoiceId)?.number ?? '' },
    })),
    UpdatedDateUTC: msDate(n.updatedAt),
    HasAttachments: false,
  };
}

/** The envelope every Accounting API response has. */
export function envelope(
  now: number,
  key: string,
  items: unknown[],
  pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number },
) {
  return {
    Id: crypto.randomUUID(),
    Status: 'OK',
    ProviderName: 'Ledgerbridge',
    DateTimeUTC: msDate(now),
    ...(pagination ? { pagination } : {}),
    [key]: items,
  };
}

export { isoSeconds };
