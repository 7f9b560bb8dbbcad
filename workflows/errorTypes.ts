/**
 * The type names of every failure Ledgerbridge's activities raise, in one place: the connectors'
 * VendorError classes take their Temporal failure type from here, the activity option sets list
 * their non-retryable types from here, and the workflows match failures against these names. Pure
 * constants, so the workflow bundle can import them.
 */
export const VENDOR_ERROR_TYPES = {
  retryable: 'VendorRetryableError',
  rateLimited: 'VendorRateLimitedError',
  auth: 'VendorAuthError',
  /** A 403: the grant or user lacks a permission; a person grants it (or re-consents), no refresh helps. */
  forbidden: 'VendorForbiddenError',
  reauthRequired: 'VendorReauthRequiredError',
  validation: 'VendorValidationError',
  notFound: 'VendorNotFoundError',
  conflict: 'VendorConflictError',
} as const;

export type VendorErrorKind = keyof typeof VENDOR_ERROR_TYPES;

/**
 * Vendor failures that retrying cannot fix: bad data, a missing record, a conflict, a missing
 * permission, a revoked grant.
 */
export const PERMANENT_VENDOR_ERROR_KINDS: readonly VendorErrorKind[] = [
  'validation',
  'notFound',
  'conflict',
  'forbidden',
  'reauthRequired',
];

/** Failures of Ledgerbridge's own making, raised by activities outside the connectors. */
export const LEDGERBRIDGE_ERROR_TYPES = {
  /** The vendor account a record belongs to is not connected (or not exactly once). */
  noConnection: 'NoConnectionError',
  /** Stored mapping settings that no longer validate; the message names each field. */
  invalidMappingSettings: 'InvalidMappingSettings',
  /** Shadow mode is on but the worker has nowhere to record the plans. */
  shadowMode: 'ShadowModeError',
  /** A deal's invoice intent moved to another generation while an invoice was being linked to it. */
  invoiceIntentConflict: 'InvoiceIntentConflictError',
} as const;

/**
 * What every activity option set gives up on at once: a person or a reconnection must act first.
 * (Invalid mapping settings are missing on purpose: an admin may fix them while the retries last.)
 */
export const NON_RETRYABLE_ERROR_TYPES: string[] = [
  ...PERMANENT_VENDOR_ERROR_KINDS.map((kind) => VENDOR_ERROR_TYPES[kind]),
  LEDGERBRIDGE_ERROR_TYPES.noConnection,
  LEDGERBRIDGE_ERROR_TYPES.shadowMode,
];
