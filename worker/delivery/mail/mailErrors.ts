/**
 * How sending can fail, by name for the activity's retry policy (nonRetryableErrorTypes): a
 * permanent refusal (5xx, bad credentials, no account) is not retried, anything else is.
 */
export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
}

export class TransientMailError extends Error {
  override name = 'TransientMailError';
}

/** Another worker is sending this message right now; retry later and find it sent. */
export class MessageInFlightError extends Error {
  override name = 'MessageInFlightError';
}

/** Error types a delivery activity must not retry (with MailAccountError and InvoiceMessageError). */
export const NON_RETRYABLE_MAIL_ERRORS = [
  'PermanentMailError',
  'MailAccountError',
  'InvoiceMessageError',
] as const;

export interface SmtpFailure {
  permanent: boolean;
  /** true: the message certainly did not go (refused, or the server never got that far). */
  definite: boolean;
  description: string;
}

/** Failures that happen before the message's data is handed over: it cannot have been delivered. */
const BEFORE_DATA = new Set([
  'EDNS',
  'ETLS',
  'EREQUIRETLS',
  'EAUTH',
  'ENOAUTH',
  'ECONFIG',
  'EENVELOPE',
  'EMAXRECIPIENTS',
  'EPROXY',
]);
const BEFORE_DATA_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);
const PERMANENT_WITHOUT_REPLY = new Set(['ENOAUTH', 'ECONFIG', 'EMAXRECIPIENTS']);

const fieldOf = (err: unknown, name: string): unknown =>
  typeof err === 'object' && err !== null && name in err ? (err as Record<string, unknown>)[name] : undefined;

/**
 * Reads a nodemailer error: an SMTP reply (responseCode) is a refusal, permanent for 5xx but 503
 * (nodemailer's `permanent`, RFC 5321); without a reply, it is sure only when it happened before DATA.
 */
export function classifySmtpError(err: unknown): SmtpFailure {
  const responseCode = fieldOf(err, 'responseCode');
  const code = fieldOf(err, 'code');
  const message = err instanceof Error ? err.message : String(err);
  const response = fieldOf(err, 'response');
  const description = [
    typeof code === 'string' ? code : undefined,
    typeof response === 'string' ? response : message,
  ]
    .filter(Boolean)
    .join(': ');
  if (typeof responseCode === 'number') {
    const flagged = fieldOf(err, 'permanent');
    const permanent = typeof flagged === 'boolean' ? flagged : responseCode >= 500 && responseCode !== 503;
    return { permanent, definite: true, description };
  }
  const timeout = fieldOf(err, 'timeoutType');
  const originalCode = fieldOf(err, 'originalCode');
  const definite =
    (typeof code === 'string' && BEFORE_DATA.has(code)) ||
    (code === 'ETIMEDOUT' && typeof timeout === 'string' && BEFORE_DATA_TIMEOUTS.has(timeout)) ||
    (code === 'ESOCKET' && (originalCode === 'ECONNREFUSED' || originalCode === 'ENOTFOUND'));
  return { permanent: typeof code === 'string' && PERMANENT_WITHOUT_REPLY.has(code), definite, description };
}
