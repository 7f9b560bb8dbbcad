import { createHash } from 'node:crypto';

const MARKER = 'Ledgerbridge message key: ';

/**
 * The key a delivered message's CRM activity carries (the deal and the message's own key, hashed),
 * written as the last line of the activity's text, so a retry finds the activity it logged before
 * rather than logging the message twice: the technique of worker/sync/crmTaskKeys.ts, with a marker
 * that says what it is on an e-mail.
 */
export function deliveredMessageKey(dealId: string, key: string): string {
  return createHash('sha256').update(`${dealId}\n${key}`).digest('hex').slice(0, 32);
}

/** The text with the key as its last line, cut to the CRM's limit before the key, never through it. */
export function withMessageKey(text: string, key: string, maxChars: number): string {
  const tail = `\n\n${MARKER}${key}`;
  return `${text.slice(0, Math.max(0, maxChars - tail.length))}${tail}`;
}

export function carriesMessageKey(text: string | null | undefined, key: string): boolean {
  return (text ?? '').includes(`${MARKER}${key}`);
}
