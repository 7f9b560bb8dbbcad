/**
 * A deal's invoice intent: recorded in the store before Ledgerbridge asks Xero for the deal's invoice,
 * so every attempt, restart and later change of the deal refers to the same invoice. Xero keeps an
 * Idempotency-Key for minutes; the intent's tag, written into the invoice's Reference, lasts for
 * ever, so an invoice whose link was never recorded is found again instead of made twice. A reissue
 * (credit and reissue) is the intent's next generation, with a tag and keys of its own. Pure: the
 * workflow and the activities derive the same tag and keys from the same intent.
 */
export interface InvoiceIntent {
  /** Upper-case letters and digits, unique per deal. */
  intentId: string;
  /** 1 for the deal's first invoice, one more for each reissue. */
  generation: number;
}

/** Xero's limit for an invoice's Reference. */
const MAX_REFERENCE_CHARS = 255;
const MAX_IDEMPOTENCY_KEY_CHARS = 128;

/** What goes into the invoice's Reference, and what a lookup in Xero searches for. */
export function intentTag(intent: InvoiceIntent): string {
  return `[LB-${intent.intentId}-${intent.generation}]`;
}

/** The deal's reference (its name) with the intent's tag after it, within Xero's 255 characters. */
export function referenceWithIntent(reference: string, intent: InvoiceIntent): string {
  const tag = intentTag(intent);
  const text = reference
    .trim()
    .slice(0, MAX_REFERENCE_CHARS - tag.length - 1)
    .trim();
  return text ? `${text} ${tag}` : tag;
}

/** The deal's reference without an intent's tag (what `referenceWithIntent` was given, trimmed). */
export function referenceWithoutIntent(reference: string): string {
  return reference.replace(/\s*\[LB-[0-9A-Z]+-\d+\]$/, '').trim();
}

/** The intent whose tag a Reference carries, if it carries one. */
export function intentOfReference(reference: string | undefined): InvoiceIntent | undefined {
  const m = /\[LB-([0-9A-Z]+)-(\d+)\]$/.exec(reference?.trim() ?? '');
  return m?.[1] && m[2] ? { intentId: m[1], generation: Number(m[2]) } : undefined;
}

/** The Xero writes an intent makes: each has keys of its own. */
export type IntentWrite = 'invoice' | 'contact' | 'update' | 'credit';

/**
 * The Idempotency-Key of one write for an intent. The request's fingerprint is part of it: a retry
 * of the same request replays Xero's first answer, while a changed request (the deal or the settings
 * changed between two runs) is a new key rather than Xero's 400 for a key reused on another request;
 * the intent's tag, looked up before any create, is what keeps that from making a second invoice.
 */
export function intentIdempotencyKey(intent: InvoiceIntent, write: IntentWrite, request: unknown): string {
  return `ledgerbridge-${intent.intentId}-${intent.generation}-${write}-${fingerprint(request)}`
    .replace(/[^A-Za-z0-9_.:-]/g, '_')
    .slice(0, MAX_IDEMPOTENCY_KEY_CHARS);
}

/** A 53-bit hash (cyrb53) of the request's JSON, in base 36: stable, short, no Node built-ins. */
export function fingerprint(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
