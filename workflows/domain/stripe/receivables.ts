import { addDays, daysBetween } from './calendarDates';

/**
 * The nightly receivables figures (issue #22): what customers owe, aged by days overdue, and days
 * sales outstanding (DSO = receivables ÷ credit sales of the last 90 days × 90), per contact and for
 * the whole installation, one currency at a time (amounts in different currencies are never added).
 * Pure: the invoices and "today" (the installation's date, from an injected clock) come in.
 */
export const DSO_WINDOW_DAYS = 90;

export interface ReceivableInvoice {
  /** The Xero organisation's ID: contact IDs are only unique within one. */
  xeroTenantId: string;
  xeroInvoiceId: string;
  contactId: string;
  type: 'ACCREC' | 'ACCPAY';
  status: string;
  currency: string;
  /** YYYY-MM-DD. */
  date: string;
  dueDate?: string | undefined;
  total: number;
  amountDue: number;
}

export interface AgedReceivables {
  currency: string;
  /** Not yet overdue (or no due date). */
  current: number;
  days1to30: number;
  days31to60: number;
  days61to90: number;
  over90: number;
  /** Sum of the buckets. */
  outstanding: number;
  /** ACCREC invoices dated in the last 90 days (today included), voided/deleted/draft left out. */
  creditSales90: number;
  /** null when there were no credit sales in the window. */
  daysSalesOutstanding: number | null;
}

export interface ReceivablesReport {
  asOf: string;
  /** `<tenant>:<contact>` → its figures per currency, largest outstanding first; every contact with a sales invoice. */
  byContact: Map<string, AgedReceivables[]>;
  /** The installation's figures per currency. */
  installation: AgedReceivables[];
  /** The invoices with something due past their due date. */
  overdue: Array<{ xeroTenantId: string; xeroInvoiceId: string; daysOverdue: number }>;
}

type Bucket = 'current' | 'days1to30' | 'days31to60' | 'days61to90' | 'over90';

/** The bucket of an amount `daysOverdue` days past its due date (0 or less: current). */
export function ageingBucket(daysOverdue: number): Bucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return 'days1to30';
  if (daysOverdue <= 60) return 'days31to60';
  if (daysOverdue <= 90) return 'days61to90';
  return 'over90';
}

/** Only approved sales invoices are owed; drafts, voided and deleted ones never count. */
const isReceivable = (i: ReceivableInvoice) =>
  i.type === 'ACCREC' && i.status === 'AUTHORISED' && i.amountDue > 0;
const isCreditSale = (i: ReceivableInvoice) =>
  i.type === 'ACCREC' && (i.status === 'AUTHORISED' || i.status === 'PAID');

export function daysOverdueOf(invoice: Pick<ReceivableInvoice, 'dueDate'>, today: string): number {
  return invoice.dueDate ? daysBetween(invoice.dueDate, today) : 0;
}

/** Rounded to cents so sums of many invoices do not show float dust. */
const cents = (n: number) => Math.round(n * 100) / 100;

function figuresOf(invoices: readonly ReceivableInvoice[], currency: string, today: string): AgedReceivables {
  const windowStart = addDays(today, -(DSO_WINDOW_DAYS - 1));
  const sums: Record<Bucket, number> = { current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0 };
  let creditSales = 0;
  for (const invoice of invoices) {
    if (invoice.currency !== currency) continue;
    if (isReceivable(invoice)) sums[ageingBucket(daysOverdueOf(invoice, today))] += invoice.amountDue;
    if (isCreditSale(invoice) && invoice.date >= windowStart && invoice.date <= today)
      creditSales += invoice.total;
  }
  const outstanding = cents(Object.values(sums).reduce((a, b) => a + b, 0));
  return {
    currency,
    current: cents(sums.current),
    days1to30: cents(sums.days1to30),
    days31to60: cents(sums.days31to60),
    days61to90: cents(sums.days61to90),
    over90: cents(sums.over90),
    outstanding,
    creditSales90: cents(creditSales),
    daysSalesOutstanding:
      creditSales > 0 ? Math.round((outstanding / creditSales) * DSO_WINDOW_DAYS * 10) / 10 : null,
  };
}

/** Figures per currency that has anything owed or sold in the window, largest outstanding first. */
function figuresPerCurrency(invoices: readonly ReceivableInvoice[], today: string): AgedReceivables[] {
  const currencies = [...new Set(invoices.map((i) => i.currency))].sort();
  return currencies
    .map((currency) => figuresOf(invoices, currency, today))
    .filter((f) => f.outstanding > 0 || f.creditSales90 > 0)
    .sort((a, b) => b.outstanding - a.outstanding || a.currency.localeCompare(b.currency));
}

export const contactKey = (xeroTenantId: string, contactId: string) => `${xeroTenantId}:${contactId}`;

export function receivablesReport(invoices: readonly ReceivableInvoice[], today: string): ReceivablesReport {
  const sales = invoices.filter((i) => i.type === 'ACCREC');
  const perContact = new Map<string, ReceivableInvoice[]>();
  for (const invoice of sales) {
    const key = contactKey(invoice.xeroTenantId, invoice.contactId);
    perContact.set(key, [...(perContact.get(key) ?? []), invoice]);
  }
  const byContact = new Map<string, AgedReceivables[]>();
  for (const [key, own] of perContact) {
    // A contact that owes nothing and sold nothing lately still gets zeros, so its account's old figures go.
    const figures = figuresPerCurrency(own, today);
    byContact.set(key, figures.length > 0 ? figures : [figuresOf(own, own[0]?.currency ?? '', today)]);
  }
  return {
    asOf: today,
    byContact,
    installation: figuresPerCurrency(sales, today),
    overdue: sales
      .filter((i) => isReceivable(i) && daysOverdueOf(i, today) > 0)
      .map((i) => ({
        xeroTenantId: i.xeroTenantId,
        xeroInvoiceId: i.xeroInvoiceId,
        daysOverdue: daysOverdueOf(i, today),
      })),
  };
}
