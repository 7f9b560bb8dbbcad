import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { PortalPayment } from './portalXeroReader';

/** What the portal shows one customer: built purely from Xero's answers and the day. */
export interface PortalView {
  /** Who the page and the statement are from (the brand's name, else the organisation's). */
  from: string;
  customerName: string;
  /** YYYY-MM-DD in the installation's time zone: what "overdue" is measured against. */
  today: string;
  openInvoices: PortalInvoiceRow[];
  payments: PortalPayment[];
  /** Per currency, in the order first seen: what is open, overdue and was paid. */
  totals: PortalTotals[];
}

export interface PortalInvoiceRow {
  xeroInvoiceId: string;
  number: string;
  date: string;
  dueDate: string | undefined;
  currency: string;
  total: number;
  amountDue: number;
  status: string;
  overdue: boolean;
}

export interface PortalTotals {
  currency: string;
  outstanding: number;
  overdue: number;
  paid: number;
}

export function portalView(input: {
  from: string;
  customerName: string;
  /** YYYY-MM-DD, the installation's day. */
  today: string;
  openInvoices: CanonicalInvoice[];
  payments: PortalPayment[];
}): PortalView {
  const { today } = input;
  const openInvoices = input.openInvoices.map((i) => ({
    xeroInvoiceId: i.xeroInvoiceId,
    number: i.number,
    date: i.date,
    dueDate: i.dueDate,
    currency: i.currency,
    total: i.total,
    amountDue: i.amountDue,
    status: i.status,
    overdue: i.dueDate !== undefined && i.dueDate < today && i.amountDue > 0,
  }));
  const totals = new Map<string, PortalTotals>();
  const of = (currency: string) => {
    const known = totals.get(currency) ?? { currency, outstanding: 0, overdue: 0, paid: 0 };
    totals.set(currency, known);
    return known;
  };
  for (const row of openInvoices) {
    const t = of(row.currency);
    t.outstanding = cents(t.outstanding + row.amountDue);
    if (row.overdue) t.overdue = cents(t.overdue + row.amountDue);
  }
  for (const payment of input.payments) {
    const t = of(payment.currency);
    t.paid = cents(t.paid + payment.amount);
  }
  return {
    from: input.from,
    customerName: input.customerName,
    today,
    openInvoices,
    payments: input.payments,
    totals: [...totals.values()],
  };
}

/** Sums of decimal amounts kept to cents (0.1 + 0.2 is 0.30000000000000004). */
function cents(value: number): number {
  return Math.round(value * 100) / 100;
}

/** `1234.5` → `1,234.50`. */
export function money(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
