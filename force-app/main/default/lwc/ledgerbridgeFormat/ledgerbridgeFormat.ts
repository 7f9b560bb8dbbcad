import LOCALE from '@salesforce/i18n/locale';
import { LABELS } from './labels';

const DAY_MS = 86_400_000;

/** A Custom Label with its {0}, {1}… placeholders filled in, as `String.format` does in Apex. */
export function formatLabel(label: string, ...values: Array<string | number>): string {
  return label.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = values[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

/** A number for lightning-formatted-number, or undefined (nothing shown) when there is none. */
export function amountOf(value: unknown): number | undefined {
  return typeof value === 'number' && !Number.isNaN(value) ? value : undefined;
}

/** The ISO code of a record's CurrencyIsoCode value (multi-currency orgs), if it has one. */
export function currencyOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Z]{3}$/.test(value) ? value : undefined;
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
  return formatLabel(
    LABELS.dateTimeUtc,
    new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at),
  );
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
    { key: '1-30', label: LABELS.ageing1To30, amount: 0 },
    { key: '31-60', label: LABELS.ageing31To60, amount: 0 },
    { key: '61-90', label: LABELS.ageing61To90, amount: 0 },
    { key: '90+', label: LABELS.ageingOver90, amount: 0 },
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

/**
 * `value` when it is an absolute https: URL, else undefined. Links whose address comes from data
 * (a synced field, a worker answer) go through this before they are rendered, so a `javascript:` or
 * plain-http value written into a record never becomes a link.
 */
export function httpsUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return new URL(value.trim()).protocol === 'https:' ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether an error says the user may not use what was called: no access to the Apex class (a user
 * without the admin permission set) or to the object or field (HTTP 403, INSUFFICIENT_ACCESS). Panels
 * hide their admin-only parts then instead of showing an error.
 */
export function isAccessDenied(error: unknown): boolean {
  const { status, body } = (error ?? {}) as { status?: unknown; body?: unknown };
  if (status === 403) return true;
  const codes = (Array.isArray(body) ? body : [body]).map((b) => (b as { errorCode?: unknown })?.errorCode);
  if (codes.includes('INSUFFICIENT_ACCESS') || codes.includes('INSUFFICIENT_ACCESS_OR_READONLY')) return true;
  // The platform's words when the user's permission sets do not grant the Apex class.
  return /do not have access to the Apex class/i.test(errorMessage(error));
}

/**
 * The namespace prefix ("ns__", or "" un-namespaced) of the package, from a schema import's resolved
 * API name and the name as written in the source: `namespacePrefix(OBJECT.objectApiName, 'X__c')`.
 */
export function namespacePrefix(resolvedApiName: string, localName: string): string {
  return resolvedApiName.endsWith(localName) ? resolvedApiName.slice(0, -localName.length) : '';
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
  return messageOf(error) ?? LABELS.unknownError;
}
