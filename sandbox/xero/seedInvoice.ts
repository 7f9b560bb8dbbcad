import { pick, type Rng } from '../core/random';
import { seededUuid } from './ids';
import type {
  ContactRecord,
  CreditNoteRecord,
  InvoiceRecord,
  InvoiceStatus,
  LineRecord,
  PaymentRecord,
  TenantRecord,
} from './model';
import { CURRENCY_RATES, ITEMS, TRACKING_REFS } from './referenceData';
import { documentTotals, lineTotals } from './totals';
import { round2 } from './wire';

/**
 * One seeded invoice with its payment and credit note, if any. Records share what never changes
 * (empty lists, tracking options, item texts) so 100,000 invoices stay small: writes replace these
 * lists, they never mutate them.
 */
const STATUS_WEIGHTS: Array<[InvoiceStatus, number]> = [
  ['DRAFT', 0.1],
  ['SUBMITTED', 0.05],
  ['AUTHORISED', 0.4],
  ['PAID', 0.3],
  ['VOIDED', 0.1],
  ['DELETED', 0.05],
];
const CURRENCY_WEIGHTS: Array<[string, number]> = [
  ['USD', 0.6],
  ['EUR', 0.2],
  ['GBP', 0.1],
  ['AUD', 0.1],
];
const NONE: readonly never[] = Object.freeze([]);
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of asOf + offset days; one shared string per day across all seeded records. */
const dayTexts = new Map<number, string>();
function dayText(asOf: number, offsetDays: number): string {
  const ms = asOf + offsetDays * DAY_MS;
  let text = dayTexts.get(ms);
  if (text === undefined) dayTexts.set(ms, (text = new Date(ms).toISOString().slice(0, 10)));
  return text;
}

export function weighted<T>(rng: Rng, table: Array<[T, number]>): T {
  let r = rng();
  for (const [value, weight] of table) {
    if ((r -= weight) < 0) return value;
  }
  return (table[table.length - 1] as [T, number])[0];
}

export interface SeedMix {
  /** [code, weight] pairs; undefined: the default mix. */
  currencies: Array<[string, number]> | undefined;
  payments: boolean;
}

export interface SeededInvoice {
  invoice: InvoiceRecord;
  payment: PaymentRecord | undefined;
  creditNote: CreditNoteRecord | undefined;
}

export function seedInvoice(
  rng: Rng,
  tenant: TenantRecord,
  contacts: readonly ContactRecord[],
  index: number,
  asOf: number,
  stamp: number,
  mix: SeedMix = { currencies: undefined, payments: true },
): SeededInvoice {
  const type = rng() < 0.85 ? 'ACCREC' : 'ACCPAY';
  const drawn = weighted(rng, STATUS_WEIGHTS);
  const status = drawn === 'PAID' && !mix.payments ? 'AUTHORISED' : drawn;
  const daysBack = Math.floor(rng() * 365);
  // Literal arrays are allocated at their exact length; push() would reserve room for 17.
  const lines = rng() < 0.7 ? [seedLine(rng, type)] : [seedLine(rng, type), seedLine(rng, type)];
  const totals = documentTotals(lines, 'Exclusive');
  const partPaid = status === 'AUTHORISED' && rng() < 0.3 && mix.payments;
  const paid = status === 'PAID' ? totals.total : partPaid ? round2(totals.total * 0.4) : 0;
  const date = dayText(asOf, -daysBack);
  const currency = weighted(rng, mix.currencies ?? CURRENCY_WEIGHTS);
  const invoice: InvoiceRecord = {
    id: seededUuid(rng),
    tenantId: tenant.id,
    type,
    number: type === 'ACCREC' ? `INV-${String(++tenant.invoiceSeq).padStart(4, '0')}` : `BILL-${index + 1}`,
    reference: rng() < 0.3 ? `PO-${1000 + index}` : undefined,
    contactId: (contacts[Math.floor(rng() * contacts.length)] as ContactRecord).id,
    status,
    lineAmountTypes: 'Exclusive',
    date,
    dueDate: dayText(asOf, 30 - daysBack),
    currency,
    currencyRate: CURRENCY_RATES[currency] ?? 1,
    lines,
    subTotal: totals.subTotal,
    totalTax: totals.totalTax,
    total: totals.total,
    amountPaid: paid,
    amountCredited: 0,
    fullyPaidOn: status === 'PAID' ? date : undefined,
    paymentIds: NONE,
    creditNoteIds: NONE,
    updatedAt: stamp,
  };
  let payment: PaymentRecord | undefined;
  if (paid > 0) {
    payment = {
      id: seededUuid(rng),
      tenantId: tenant.id,
      invoiceId: invoice.id,
      accountCode: '090',
      date,
      amount: paid,
      reference: undefined,
      status: 'AUTHORISED',
      updatedAt: stamp,
    };
    invoice.paymentIds = [payment.id];
  }
  let creditNote: CreditNoteRecord | undefined;
  if (status === 'AUTHORISED' && !partPaid && type === 'ACCREC' && rng() < 0.05) {
    const credit = round2(totals.total * 0.25);
    creditNote = {
      id: seededUuid(rng),
      tenantId: tenant.id,
      type: 'ACCRECCREDIT',
      number: `CN-${String(++tenant.creditNoteSeq).padStart(4, '0')}`,
      contactId: invoice.contactId,
      status: 'PAID',
      date,
      currency,
      lines: NONE,
      subTotal: credit,
      totalTax: 0,
      total: credit,
      allocations: [{ id: seededUuid(rng), invoiceId: invoice.id, amount: credit, date }],
      reference: undefined,
      updatedAt: stamp,
    };
    invoice.amountCredited = credit;
    invoice.creditNoteIds = [creditNote.id];
  }
  return { invoice, payment, creditNote };
}

function seedLine(rng: Rng, type: 'ACCREC' | 'ACCPAY'): LineRecord {
  const item = pick(rng, ITEMS);
  const quantity = 1 + Math.floor(rng() * 10);
  const taxType = type === 'ACCREC' ? item.SalesDetails.TaxType : 'INPUT';
  const { lineAmount, taxAmount } = lineTotals(quantity, item.SalesDetails.UnitPrice, taxType, 'Exclusive');
  const tracking = rng();
  const [region, department] = TRACKING_REFS;
  return {
    id: seededUuid(rng),
    description: item.Description,
    quantity,
    unitAmount: item.SalesDetails.UnitPrice,
    itemCode: item.Code,
    accountCode: type === 'ACCREC' ? item.SalesDetails.AccountCode : '400',
    taxType,
    taxAmount,
    lineAmount,
    // Half the lines carry a Region, a fifth a Region and a Department: one shared list per combination.
    tracking:
      tracking < 0.5 ? NONE : tracking < 0.8 ? pickList(rng, region) : pickPair(rng, region, department),
  };
}

const singles = new Map<unknown, readonly unknown[]>();
function pickList<T>(rng: Rng, options: readonly T[] | undefined): readonly T[] {
  if (!options?.length) return NONE;
  const option = pick(rng, options);
  let list = singles.get(option) as readonly T[] | undefined;
  if (!list) singles.set(option, (list = Object.freeze([option])));
  return list;
}

const pairs = new Map<string, readonly unknown[]>();
function pickPair<T extends { optionId: string }>(
  rng: Rng,
  a: readonly T[] | undefined,
  b: readonly T[] | undefined,
): readonly T[] {
  if (!a?.length || !b?.length) return NONE;
  const first = pick(rng, a);
  const second = pick(rng, b);
  const key = `${first.optionId}/${second.optionId}`;
  let list = pairs.get(key) as readonly T[] | undefined;
  if (!list) pairs.set(key, (list = Object.freeze([first, second])));
  return list;
}
