import { ApplicationFailure } from '@temporalio/activity';
import {
  PERMANENT_VENDOR_ERROR_KINDS,
  VENDOR_ERROR_TYPES,
  type VendorErrorKind,
} from '../../workflows/errorTypes';

/**
 * Every vendor failure, classified once at the connector boundary so retry policies can do the right
 * thing: back off on transient errors, wait exactly Retry-After on 429, refresh on auth, and never
 * retry a validation error or a 403 (a person grants the missing permission). Workflows match on
 * these `type` names (nonRetryableErrorTypes etc.).
 */
export type Vendor = 'xero' | 'salesforce' | 'hubspot' | 'zoho';

/** The Temporal failure type of each kind (shared with the workflows, which match on them). */
export const ERROR_TYPES = VENDOR_ERROR_TYPES;

export type ErrorKind = VendorErrorKind;

export class VendorError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly vendor: Vendor,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; vendorCode?: string; fields?: string[] } = {},
  ) {
    super(`${vendor}: ${message}`);
    this.name = ERROR_TYPES[kind];
  }

  /** The Temporal failure an activity throws for this error. */
  toFailure(): ApplicationFailure {
    return ApplicationFailure.create({
      type: this.name,
      message: this.message,
      // Validation, not-found and conflicts will not fix themselves by retrying; a revoked grant waits
      // for a human to reconnect (the workflow pauses on it rather than retrying).
      nonRetryable: PERMANENT_VENDOR_ERROR_KINDS.includes(this.kind),
      ...(this.kind === 'rateLimited' && this.details.retryAfterMs !== undefined
        ? { nextRetryDelay: this.details.retryAfterMs }
        : {}),
      details: [{ vendor: this.vendor, kind: this.kind, ...this.details }],
    });
  }
}

/** Classifies an HTTP status the way all three vendors use them; connectors refine with bodies. */
export function kindForStatus(status: number): ErrorKind {
  if (status === 429) return 'rateLimited';
  if (status === 401) return 'auth';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'validation';
  // Refused for want of a permission or scope: a token refresh does not add one, retrying only repeats it.
  if (status === 403) return 'forbidden';
  return 'retryable';
}

/** Retry-After is seconds or an HTTP date; returns milliseconds (undefined when absent or unusable). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
