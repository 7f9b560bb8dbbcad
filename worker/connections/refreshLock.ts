import { sql, type Transaction } from 'kysely';
import type { Database, JsonObject } from '../store/schema';

/**
 * The lock every read-then-write of a connection's credentials holds until its transaction ends
 * (token refresh, key rotation), so neither writes over what the other just wrote. It covers the
 * grant, not just the connection: connections sharing a grant (a Xero consent over several
 * organisations, identified by its authEventId) share one refresh token.
 */
export async function takeRefreshLock(
  trx: Transaction<Database>,
  connection: { id: string; vendor: string; settings: JsonObject },
): Promise<void> {
  const grant = connection.settings.authEventId;
  const key = typeof grant === 'string' ? `grant:${connection.vendor}:${grant}` : connection.id;
  await sql`select pg_advisory_xact_lock(hashtext(${`refresh:${key}`}))`.execute(trx);
}
