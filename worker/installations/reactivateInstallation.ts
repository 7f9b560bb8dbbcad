import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionVendor, Database } from '../store/schema';
import { auditInstallation } from './installationAudit';

/**
 * Re-installing into an uninstalled installation. Before its retention period passes (purge_after)
 * the customer gets it back, links, history and settings included: status `active`, purge date
 * cleared, audited `installation_reactivated`. The accounts uninstall disconnected stay so until
 * each is connected again. Once the retention has passed the data is due to go, so the caller
 * purges it and installs anew. Only `uninstalled` changes: a paused installation stays paused when
 * one of its accounts reconnects.
 */
export interface ReinstallDeps {
  db: Kysely<Database>;
  audit: AuditLog;
  now?: () => Date;
}

export type ReinstallState = 'installed' | 'reactivatable' | 'retention_passed';

export async function reinstallState(deps: ReinstallDeps, installationId: string): Promise<ReinstallState> {
  const row = await deps.db
    .selectFrom('installations')
    .select(['status', 'purge_after'])
    .where('id', '=', installationId)
    .executeTakeFirst();
  if (row?.status !== 'uninstalled') return 'installed';
  const now = deps.now?.() ?? new Date();
  return row.purge_after && row.purge_after <= now ? 'retention_passed' : 'reactivatable';
}

/** Brings an uninstalled installation back; false when it was not uninstalled (nothing done). */
export async function reactivateInstallation(
  deps: ReinstallDeps,
  installationId: string,
  actor: string,
  account: { vendor: ConnectionVendor; externalId: string },
): Promise<boolean> {
  const before = await deps.db
    .selectFrom('installations')
    .select(['id', 'slug', 'uninstalled_at', 'purge_after'])
    .where('id', '=', installationId)
    .where('status', '=', 'uninstalled')
    .executeTakeFirst();
  if (!before) return false;
  const now = deps.now?.() ?? new Date();
  const updated = await deps.db
    .updateTable('installations')
    .set({ status: 'active', uninstalled_at: null, purge_after: null, updated_at: now })
    .where('id', '=', installationId)
    .where('status', '=', 'uninstalled')
    .executeTakeFirst();
  // Another install of the same moment reactivated it first, and audited it.
  if (Number(updated.numUpdatedRows) === 0) return false;
  await auditInstallation(deps, before, 'installation_reactivated', actor, 'succeeded', {
    vendor: account.vendor,
    account: account.externalId,
    uninstalledAt: before.uninstalled_at?.toISOString() ?? null,
    purgeAfter: before.purge_after?.toISOString() ?? null,
  });
  return true;
}
