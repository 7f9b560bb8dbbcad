import LOCALE from '@salesforce/i18n/locale';

const DAY_MS = 86_400_000;

/** Money in the user's locale with its ISO code, e.g. "1,250.00 EUR"; empty text when unknown. */
export function formatMoney(amount: unknown, currency?: unknown): string {
  if (typeof amount !== 'number' || Number.isNaN(amount)) return '';
  const text = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    amount,
  );
  return typeof currency === 'string' && currency ? `${text} ${currency}` : text;
}

/** A Salesforce date (YYYY-MM-DD) as the user reads dates, e.g. "Nov 5, 2026"; accounting dates have no time zone. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return '';
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${value.slice(0, 10)}T00:00:00Z`),
  );
}

/** A Salesforce dateTime (ISO-8601) in the user's locale, with the time in UTC. */
export function formatDateTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return '';
  return `${new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at)} UTC`;
}

export interface AgeingBucket {
  key: string;
  label: string;
  amount: number;
}

/**
 * What is overdue, by days past the due date (1–30, 31–60, 61–90, over 90) on `today` (UTC days).
 * Invoices not yet due, or without a due date, are current and not counted.
 */
export function ageingBuckets(
  invoices: ReadonlyArray<{ dueDate: string | null; amountDue: number }>,
  today: Date,
): AgeingBucket[] {
  const buckets: AgeingBucket[] = [
    { key: '1-30', label: '1–30 days', amount: 0 },
    { key: '31-60', label: '31–60 days', amount: 0 },
    { key: '61-90', label: '61–90 days', amount: 0 },
    { key: '90+', label: 'Over 90 days', amount: 0 },
  ];
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  for (const invoice of invoices) {
    if (!invoice.dueDate || invoice.amountDue <= 0) continue;
    const days = Math.floor((todayUtc - Date.parse(`${invoice.dueDate}T00:00:00Z`)) / DAY_MS);
    if (days < 1) continue;
    const index = days <= 30 ? 0 : days <= 60 ? 1 : days <= 90 ? 2 : 3;
    const bucket = buckets[index];
    if (bucket) bucket.amount = Math.round((bucket.amount + invoice.amountDue) * 100) / 100;
  }
  return buckets;
}

/** The invoice's page in the Xero web app (Xero's documented deep link by InvoiceID). */
export function xeroInvoiceUrl(xeroInvoiceId: string): string {
  return `https://go.xero.com/AccountsReceivable/View.aspx?InvoiceID=${encodeURIComponent(xeroInvoiceId)}`;
}

/** The message of a UI API, GraphQL or Apex error ({body: {message}}, {body: [{message}]}, [{message}]). */
export function errorMessage(error: unknown): string {
  const messageOf = (value: unknown): string | undefined => {
    if (!value) return undefined;
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(messageOf).filter(Boolean).join('; ') || undefined;
    if (typeof value === 'object') {
      const record = value as { message?: unknown; body?: unknown };
      return messageOf(record.body) ?? (typeof record.message === 'string' ? record.message : undefined);
    }
    return undefined;
  };
  return messageOf(error) ?? 'Unknown error';
}
