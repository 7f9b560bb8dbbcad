import { createHash } from 'node:crypto';

const MARKER = 'Ledgerbridge problem key: ';

/**
 * The key of a problem a CRM task is about: the deal and the problem's whole text, hashed. It is
 * written on the task (the last line of its description), so a retry, a restart or the next run
 * finds the open task it made rather than adding another, however long the problem's text.
 */
export function problemKey(dealId: string, problem: string): string {
  return createHash('sha256').update(`${dealId}\n${problem}`).digest('hex').slice(0, 32);
}

/** The task's text with the key as its last line, cut to the CRM's limit before the key, never through it. */
export function withProblemKey(text: string, key: string, maxChars: number): string {
  const tail = `\n\n${MARKER}${key}`;
  return `${text.slice(0, Math.max(0, maxChars - tail.length))}${tail}`;
}

export function carriesProblemKey(text: string | null | undefined, key: string): boolean {
  return (text ?? '').includes(`${MARKER}${key}`);
}
