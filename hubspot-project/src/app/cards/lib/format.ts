/** Amounts as accountants read them: two decimals, thousands separated, with the currency code. */
export function formatMoney(amount: number, currency: string | null): string {
  const text = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${currency} ${text}` : text;
}

/** `2026-11-20` → `20 Nov 2026`: accounting dates have no time zone, so none is applied. */
export function formatDate(isoDate: string | null): string {
  if (!isoDate) return '—';
  const [year, month, day] = isoDate.split('-').map(Number);
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${day} ${names[(month ?? 1) - 1] ?? ''} ${year}`;
}

/** A moment as "20 Nov 2026, 14:05 UTC". */
export function formatMoment(iso: string): string {
  return `${formatDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}
