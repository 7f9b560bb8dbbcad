import type { Connection, ConnectionStore } from '../connections/connectionStore';
import type { RefreshService } from '../connections/refreshService';
import type { SharedPacer } from '../pacing/sharedPacer';
import { VendorError, type Vendor } from './errors';
import { VENDOR_CALL_DEADLINE_MS, withinDeadline } from './vendorRequestTimeout';

export interface AuthorizedCallDeps {
  vendor: Vendor;
  connectionId: string;
  connections: ConnectionStore;
  refresh: RefreshService;
  pacer: SharedPacer;
  classify(err: unknown): VendorError;
  /** How many 429s one call absorbs before it hands the wait to Temporal's retry. */
  maxRateLimitWaits?: number;
  /** How long one call may take before it is given up as retryable (VENDOR_CALL_DEADLINE_MS). */
  deadlineMs?: number;
}

/**
 * One vendor call the way every connector makes it: paced under the account's limits (shared by all
 * worker processes), with the stored token, refreshed once on a 401 (single-flight across
 * processes), waiting out Retry-After on a 429 for everyone on the account, given up after a
 * deadline (so a call the vendor never answers does not keep its permit), and failing with a
 * classified VendorError. A connection that needs re-authorisation fails fast with reauthRequired.
 */
const TOKEN_REUSE_MS = 2_000;

export async function authorizedCall<T>(
  deps: AuthorizedCallDeps,
  fn: (accessToken: string, connection: Connection) => Promise<T>,
  onSuccess?: (result: T, paceKey: string) => Promise<void>,
): Promise<T> {
  let refreshed = false;
  let rateLimitWaits = 0;
  for (;;) {
    // A copy opened in the last seconds will do, except right after a refresh.
    const { tokens, version, connection } = await deps.connections.readTokens(deps.connectionId, {
      maxAgeMs: refreshed ? 0 : TOKEN_REUSE_MS,
    });
    if (connection.status !== 'active')
      throw new VendorError(
        'reauthRequired',
        deps.vendor,
        `connection ${deps.connectionId} needs re-authorisation`,
      );
    const paceKey = `${deps.vendor}:${connection.externalId}`;
    const permit = await deps.pacer.acquire(paceKey);
    try {
      const result = await withinDeadline(
        fn(tokens.accessToken, connection),
        deps.deadlineMs ?? VENDOR_CALL_DEADLINE_MS,
        deps.vendor,
      );
      await onSuccess?.(result, paceKey);
      return result;
    } catch (err) {
      const error = deps.classify(err);
      if (error.kind === 'auth' && error.details.status === 401 && !refreshed) {
        refreshed = true;
        const outcome = await deps.refresh.refresh(deps.connectionId, { unauthorizedWithVersion: version });
        if (outcome.outcome === 'needs_reauth')
          throw new VendorError('reauthRequired', deps.vendor, outcome.reason);
        continue;
      }
      if (error.kind === 'rateLimited') {
        await deps.pacer.holdUntil(paceKey, Date.now() + (error.details.retryAfterMs ?? 1_000));
        if (rateLimitWaits++ < (deps.maxRateLimitWaits ?? 3)) continue;
      }
      throw error;
    } finally {
      await permit.release();
    }
  }
}
