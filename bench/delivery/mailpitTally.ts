import { z } from 'zod';
import { BARE_SUBJECT } from './bareBaseline';

// Mailpit's GET /api/v1/messages answer (server/apiv1 MessagesSummary): the fields the count relies on.
const pageSchema = z.object({
  total: z.number(),
  messages: z.array(z.object({ ID: z.string(), MessageID: z.string(), Subject: z.string() })),
});

const PAGE = 500;

async function page(apiUrl: string, start: number, limit: number): Promise<z.infer<typeof pageSchema>> {
  const url = new URL(`${apiUrl}/messages`);
  url.searchParams.set('start', String(start));
  url.searchParams.set('limit', String(limit));
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`Mailpit ${url.pathname} answered ${res.status}`);
  return pageSchema.parse(await res.json());
}

/** Messages in Mailpit so far. */
export async function mailpitTotal(apiUrl: string): Promise<number> {
  return (await page(apiUrl, 0, 1)).total;
}

export interface MailTally {
  /** Invoices e-mailed at least once. */
  messages: number;
  /** Messages beyond one per invoice. */
  duplicates: number;
  /** Invoices with no message. */
  missing: number;
  /** Messages naming none of the run's invoices (reminders would be; the run has none). */
  stray: number;
  /** Some of the missing invoices' numbers, for the summary. */
  missingExamples: string[];
  duplicateExamples: string[];
}

/**
 * Counts what Mailpit caught, every page, per invoice: a message is an invoice's when its subject
 * names the invoice's number as a word ("Invoice INV-0001 from …"); the bare baseline's are left out.
 */
export async function tallyMailpit(apiUrl: string, numbers: readonly string[]): Promise<MailTally> {
  const perInvoice = new Map(numbers.map((n) => [n, 0]));
  let stray = 0;
  for (let start = 0; ; start += PAGE) {
    const { messages, total } = await page(apiUrl, start, PAGE);
    for (const m of messages) {
      if (m.Subject.startsWith(BARE_SUBJECT)) continue;
      const number = m.Subject.split(/\s+/).find((word) => perInvoice.has(word));
      if (number === undefined) stray++;
      else perInvoice.set(number, (perInvoice.get(number) ?? 0) + 1);
    }
    if (messages.length < PAGE || start + PAGE >= total) break;
  }
  const counts = [...perInvoice.entries()];
  return {
    messages: counts.filter(([, n]) => n > 0).length,
    duplicates: counts.reduce((sum, [, n]) => sum + Math.max(0, n - 1), 0),
    missing: counts.filter(([, n]) => n === 0).length,
    stray,
    missingExamples: counts
      .filter(([, n]) => n === 0)
      .slice(0, 5)
      .map(([number]) => number),
    duplicateExamples: counts
      .filter(([, n]) => n > 1)
      .slice(0, 5)
      .map(([number, n]) => `${number} ×${n}`),
  };
}
