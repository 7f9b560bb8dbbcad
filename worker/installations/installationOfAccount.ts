import type { Kysely } from 'kysely';
import type { ConnectionVendor, Database } from '../store/schema';

/** The slug of the installation a vendor account belongs to; undefined for an unknown account. */
export type InstallationOfAccount = (
  vendor: ConnectionVendor,
  externalId: string,
) => Promise<string | undefined>;

/**
 * Looks installations up by account for the workflow starters (their Installation search attribute).
 * An account never moves to another installation (ConnectionStore.save refuses it), so a found slug
 * is kept for the process's life; an unknown account is asked again next time.
 */
export function installationOfAccount(db: Kysely<Database>): InstallationOfAccount {
  const known = new Map<string, string>();
  return async (vendor, externalId) => {
    const key = `${vendor}:${externalId}`;
    const cached = known.get(key);
    if (cached) return cached;
    const row = await db
      .selectFrom('connections as c')
      .innerJoin('installations as i', 'i.id', 'c.installation_id')
      .select('i.slug')
      .where('c.vendor', '=', vendor)
      .where('c.external_id', '=', externalId)
      .executeTakeFirst();
    if (row) known.set(key, row.slug);
    return row?.slug;
  };
}
