import type { BackfillProgress, StageTotals } from '../../workflows/xero/backfillProgress';

/** `[██████░░░░]  60%` for done out of total (total unknown: an empty bar). */
export function bar(done: number, total: number | null, width = 30): string {
  if (!total) return `[${'░'.repeat(width)}]    ?`;
  const ratio = Math.min(1, done / total);
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%`;
}

function line(label: string, t: StageTotals): string {
  const pages = t.pageCount === null ? '?' : String(t.pageCount);
  return `${label.padEnd(9)} ${bar(t.fetched, t.itemCount)}  ${t.fetched}/${t.itemCount ?? '?'} read, page ${t.pagesDone}/${pages}, ${t.written} written, ${t.queuedForReview} to review, ${t.failed} failed`;
}

/** The backfill's progress as two bar lines (contacts, invoices). */
export function renderProgress(p: BackfillProgress): string {
  return `${line('contacts', p.contacts)}\n${line('invoices', p.invoices)}`;
}
