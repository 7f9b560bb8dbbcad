import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database, PortalLinksTable } from '../store/schema';

export interface PortalLinkRecord {
  id: string;
  installationId: string;
  xeroTenantId: string;
  xeroContactId: string;
  purpose: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
}

/** Why a link is refused: not ours or altered (404), past its expiry or revoked (410). */
export type PortalLinkRefusal = 'invalid' | 'expired' | 'revoked';
export type PortalLinkCheck =
  { ok: true; link: PortalLinkRecord } | { ok: false; refusal: PortalLinkRefusal };

/** The installation's portal links as rows: listed and revoked (by ops), no key needed. */
export class PortalLinkRegistry {
  constructor(private readonly registry: { db: Kysely<Database>; now: () => number }) {}

  /** Revokes one link; false when the installation has no such link or it was revoked already. */
  async revoke(installationId: string, linkId: string, by: string): Promise<boolean> {
    if (!z.uuid().safeParse(linkId).success) return false;
    const result = await this.registry.db
      .updateTable('portal_links')
      .set({ revoked_at: new Date(this.registry.now()), revoked_by: by })
      .where('installation_id', '=', installationId)
      .where('id', '=', linkId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every live link of one customer (in one organisation, or in all of the installation's). */
  async revokeCustomer(
    installationId: string,
    customer: { xeroContactId: string; xeroTenantId?: string },
    by: string,
  ): Promise<number> {
    let update = this.registry.db
      .updateTable('portal_links')
      .set({ revoked_at: new Date(this.registry.now()), revoked_by: by })
      .where('installation_id', '=', installationId)
      .where('xero_contact_id', '=', customer.xeroContactId)
      .where('revoked_at', 'is', null);
    if (customer.xeroTenantId) update = update.where('xero_tenant_id', '=', customer.xeroTenantId);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The installation's links, newest first; live ones only unless `all`. */
  async list(
    installationId: string,
    filter: { xeroContactId?: string; all?: boolean; limit?: number } = {},
  ): Promise<PortalLinkRecord[]> {
    let query = this.registry.db
      .selectFrom('portal_links')
      .selectAll()
      .where('installation_id', '=', installationId);
    if (filter.xeroContactId) query = query.where('xero_contact_id', '=', filter.xeroContactId);
    if (!filter.all)
      query = query.where('revoked_at', 'is', null).where('expires_at', '>', new Date(this.registry.now()));
    const rows = await query
      .orderBy('created_at', 'desc')
      .limit(filter.limit ?? 200)
      .execute();
    return rows.map(recordOf);
  }
}

export function recordOf(row: Selectable<PortalLinksTable>): PortalLinkRecord {
  return {
    id: row.id,
    installationId: row.installation_id,
    xeroTenantId: row.xero_tenant_id,
    xeroContactId: row.xero_contact_id,
    purpose: row.purpose,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    lastUsedAt: row.last_used_at,
  };
}
