import { randomUUID } from 'node:crypto';
import type { InvoiceRecord, InvoiceStatus, LineAmountTypes, LineRecord } from './model';
import { ACCOUNTS, CURRENCIES, CURRENCY_RATES, findTrackingOption, ITEMS, TAX_RATES } from './referenceData';
import type { XeroState } from './state';
import { documentTotals, lineTotals } from './totals';
import { parseXeroDay, round2 } from './wire';

/**
 * Creating and updating invoices with Xero's validation messages and status rules: DRAFT and
 * SUBMITTED may move to AUTHORISED or DELETED; AUTHORISED may be VOIDED while nothing is paid;
 * PAID is reached only by payments; VOIDED and DELETED are final.
 */
type Input = Record<string, unknown>;
export type WriteResult = { ok: true; invoice: InvoiceRecord } | { ok: false; errors: string[] };

const ALLOWED: Record<InvoiceStatus, InvoiceStatus[]> = {
  DRAFT: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'DELETED'],
  SUBMITTED: ['SUBMITTED', 'DRAFT', 'AUTHORISED', 'DELETED'],
  AUTHORISED: ['AUTHORISED', 'VOIDED'],
  PAID: ['PAID'],
  VOIDED: ['VOIDED'],
  DELETED: ['DELETED'],
};

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const num = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : undefined;

export function findInvoiceForUpdate(
  state: XeroState,
  tenantId: string,
  input: Input,
  pathId?: string,
): InvoiceRecord | undefined {
  const id = pathId ?? str(input.InvoiceID);
  if (id) {
    const found = state.invoices.get(id) ?? state.invoicesOf(tenantId).find((i) => i.number === id);
    return found?.tenantId === tenantId ? found : undefined;
  }
  const number = str(input.InvoiceNumber);
  return number ? state.invoicesOf(tenantId).find((i) => i.number === number) : undefined;
}

export function writeInvoice(
  state: XeroState,
  tenantId: string,
  input: Input,
  existing: InvoiceRecord | undefined,
): WriteResult {
  const errors: string[] = [];
  const tenant = state.tenant(tenantId);
  if (!tenant) return { ok: false, errors: ['Organisation not found'] };

  const type = (str(input.Type) ?? existing?.type) as InvoiceRecord['type'] | undefined;
  if (type !== 'ACCREC' && type !== 'ACCPAY')
    errors.push('Invoice Type must be specified as ACCREC or ACCPAY');

  const contactInput = (input.Contact ?? undefined) as Input | undefined;
  let contactId = existing?.contactId;
  if (contactInput) {
    const byId = str(contactInput.ContactID);
    const byName = str(contactInput.Name);
    const contact = byId
      ? state.contacts.get(byId)
      : byName
        ? state.contactsOf(tenantId).find((c) => c.name.toLowerCase() === byName.toLowerCase())
        : undefined;
    if (!byId && !byName)
      errors.push(
        'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber',
      );
    else if (!contact || contact.tenantId !== tenantId)
      errors.push(
        byId ? `Contact with ID ${byId} could not be found` : `Contact ${byName} could not be found`,
      );
    else if (contact.status === 'ARCHIVED')
      errors.push('The contact is archived and cannot be used on new transactions');
    else contactId = contact.id;
  } else if (!existing) {
    errors.push(
      'The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber',
    );
  }

  const currency = str(input.CurrencyCode) ?? existing?.currency ?? tenant.baseCurrency;
  if (!CURRENCIES.some((c) => c.Code === currency))
    errors.push(`The Currency code '${currency}' is not valid or has not been enabled for this organisation`);

  const lineAmountTypes = (str(input.LineAmountTypes) ??
    existing?.lineAmountTypes ??
    'Exclusive') as LineAmountTypes;
  if (!['Exclusive', 'Inclusive', 'NoTax'].includes(lineAmountTypes))
    errors.push(`LineAmountTypes '${String(lineAmountTypes)}' is not valid`);

  const date =
    input.Date === undefined
      ? (existing?.date ?? new Date().toISOString().slice(0, 10))
      : parseXeroDay(input.Date);
  if (!date) errors.push('Date must be a valid date');
  const dueDate = input.DueDate === undefined ? existing?.dueDate : parseXeroDay(input.DueDate);
  if (input.DueDate !== undefined && !dueDate) errors.push('Due Date must be a valid date');

  const status = (str(input.Status) ?? existing?.status ?? 'DRAFT') as InvoiceStatus;
  if (!ALLOWED[status]) errors.push(`Status '${status}' is not a valid invoice status`);
  else if (existing && !ALLOWED[existing.status].includes(status))
    errors.push(`Invoice not of valid status for modification`);
  else if (!existing && !['DRAFT', 'SUBMITTED', 'AUTHORISED'].includes(status))
    errors.push('Invoice not of valid status for creation');
  if (existing && status === 'VOIDED' && existing.amountPaid > 0)
    errors.push('Invoice cannot be voided as it has payments applied. Remove the payments first.');

  let lines = existing?.lines ?? [];
  if (Array.isArray(input.LineItems)) {
    if (existing && ['PAID', 'VOIDED', 'DELETED'].includes(existing.status))
      errors.push('This document cannot be edited as it has a payment or credit note allocated to it.');
    lines = (input.LineItems as Input[]).map((l, i) => parseLine(l, i, lineAmountTypes, errors));
  }
  if (lines.length === 0 && status !== 'DRAFT')
    errors.push('At least one line item is required to approve an invoice');

  const number = str(input.InvoiceNumber) ?? existing?.number;
  if (
    number &&
    state
      .invoicesOf(tenantId)
      .some(
        (i) =>
          i.number === number &&
          i.id !== existing?.id &&
          i.type === type &&
          i.status !== 'DELETED' &&
          i.status !== 'VOIDED',
      )
  ) {
    errors.push('Invoice # must be unique.');
  }
  if (errors.length > 0 || !type || !contactId || !date) return { ok: false, errors };

  const totals = documentTotals(lines, lineAmountTypes);
  if (existing && round2(totals.total) < round2(existing.amountPaid + existing.amountCredited)) {
    return {
      ok: false,
      errors: ['The total of the invoice cannot be less than the amount already paid or credited'],
    };
  }
  const invoice: InvoiceRecord = {
    id: existing?.id ?? randomUUID(),
    tenantId,
    type,
    number: number ?? (type === 'ACCREC' ? `INV-${String(++tenant.invoiceSeq).padStart(4, '0')}` : ''),
    reference: input.Reference === undefined ? existing?.reference : str(input.Reference),
    contactId,
    status,
    lineAmountTypes,
    date,
    dueDate,
    currency,
    // Without a rate Xero uses the day's XE.com rate; the sandbox has one fixed rate per currency.
    currencyRate:
      num(input.CurrencyRate) ??
      (existing?.currency === currency ? existing.currencyRate : (CURRENCY_RATES[currency] ?? 1)),
    lines,
    ...totals,
    amountPaid: existing?.amountPaid ?? 0,
    amountCredited: existing?.amountCredited ?? 0,
    fullyPaidOn: existing?.fullyPaidOn,
    paymentIds: existing?.paymentIds ?? [],
    creditNoteIds: existing?.creditNoteIds ?? [],
    updatedAt: state.stamp(),
  };
  state.putInvoice(invoice);
  return { ok: true, invoice };
}

function parseLine(l: Input, index: number, lineAmountTypes: LineAmountTypes, errors: string[]): LineRecord {
  const item = str(l.ItemCode) ? ITEMS.find((i) => i.Code === str(l.ItemCode)) : undefined;
  if (str(l.ItemCode) && !item) errors.push(`Item code '${str(l.ItemCode)}' is not valid`);
  const accountCode = str(l.AccountCode) ?? item?.SalesDetails.AccountCode;
  if (accountCode && !ACCOUNTS.some((a) => a.Code === accountCode))
    errors.push(`Account code '${accountCode}' is not a valid code for this document.`);
  const taxType =
    str(l.TaxType) ?? item?.SalesDetails.TaxType ?? ACCOUNTS.find((a) => a.Code === accountCode)?.TaxType;
  if (taxType && !TAX_RATES.some((t) => t.TaxType === taxType))
    errors.push(
      `The TaxType code '${taxType}' does not exist or cannot be used for this type of transaction.`,
    );
  const quantity = num(l.Quantity) ?? 1;
  const unitAmount = num(l.UnitAmount) ?? item?.SalesDetails.UnitPrice ?? 0;
  const discountRate = num(l.DiscountRate);
  if (discountRate !== undefined && (discountRate < 0 || discountRate > 100))
    errors.push(`Line item ${index + 1}: DiscountRate must be between 0 and 100`);
  const description = str(l.Description) ?? item?.Description ?? '';
  if (!description && !item) errors.push(`Line item ${index + 1}: Description is required`);
  const tracking = Array.isArray(l.Tracking)
    ? (l.Tracking as Input[]).flatMap((t) => {
        const found = findTrackingOption(str(t.Name) ?? '', str(t.Option) ?? '');
        if (!found)
          errors.push(
            `Tracking category '${str(t.Name) ?? ''}' option '${str(t.Option) ?? ''}' does not exist`,
          );
        return found ? [found] : [];
      })
    : [];
  return {
    id: str(l.LineItemID) ?? randomUUID(),
    description,
    quantity,
    unitAmount,
    itemCode: item?.Code,
    accountCode,
    taxType,
    ...(discountRate ? { discountRate } : {}),
    ...lineTotals(quantity, unitAmount, taxType, lineAmountTypes, discountRate ?? 0),
    tracking,
  };
}
