import { CRM_VENDORS, type CrmVendor } from '../../workflows/domain/crmVendor';
import { sql, type Kysely } from 'kysely';
import { isXeroId } from '../hubspotApp/xeroLedger';
import type { Database, RecordLinksTable } from '../store/schema';
import type { LinkOutcome } from './accountLinker';
import type { CrmWriteResult, UpsertAccountPlan, UpsertDealPlan } from './crmTarget';

export type CrmObject = RecordLinksTable['crm_object'];
export type XeroKind = RecordLinksTable['xero_kind'];

/** An account links to a Xero contact, a deal to a Xero invoice. */
const XERO_KIND_OF: Record<CrmObject, XeroKind> = { account: 'contact', deal: 'invoice' };

export interface RecordLink {
  installationId: string;
  crmConnectionId: string;
  crmObject: CrmObject;
  crmRecordId: string;
  xeroTenantId: string;
  xeroKind: XeroKind;
  xeroId: string;
  updatedAt: Date;
}

export interface LinkWrite {
  crmObject: CrmObject;
  crmRecordId: string;
  xeroId: string;
}

/** Where a lookup may look: one CRM connection of one installation, and one Xero organisation. */
export interface LinkScope {
  installationId: string;
  crmConnectionId: string;
  xeroTenantId: string;
}

/** The CRM side of a write: a connection by ID, or by vendor and account (org ID, portal ID). */
export type LinkedCrm = { connectionId: string } | { vendor: CrmVendor; account: string };

export class LinkOutsideInstallationError extends Error {
  override name = 'LinkOutsideInstallationError';
}

/**
 * Ledgerbridge's own CRM record ↔ Xero record links (migration 0022), written where the worker links
 * or writes a record and read by the cards instead of any CRM field. The newest link wins: linking a
 * record or a Xero ID again replaces whatever it was linked to, so each side stays one-to-one.
 */
export class RecordLinks {
  constructor(private readonly db: Kysely<Database>) {}

  upsert(crm: LinkedCrm, xeroTenantId: string, links: LinkWrite[]): Promise<void> {
    return this.upsertAll(xeroTenantId, [{ crm, links }]);
  }

  /**
   * Several CRMs' links to one Xero organisation (a sync writes each CRM of the installation). Links
   * already stored exactly, the usual case of a record syncing again, are confirmed for all CRMs with
   * one read; only a CRM with a new or changed link gets the transaction that writes it.
   */
  async upsertAll(
    xeroTenantId: string,
    writes: Array<{ crm: LinkedCrm; links: LinkWrite[] }>,
  ): Promise<void> {
    const pending = writes
      .filter((w) => w.links.length > 0)
      .map((w) => {
        for (const link of w.links)
          if (!isXeroId(link.xeroId) || link.crmRecordId === '')
            throw new Error(
              `not a linkable pair: ${link.crmObject} "${link.crmRecordId}" ↔ "${link.xeroId}"`,
            );
        return { crm: w.crm, rows: oneToOne(w.links) };
      });
    if (pending.length === 0) return;
    const present = await this.storedAlready(xeroTenantId, pending);
    for (const [i, write] of pending.entries())
      if (present[i] !== write.rows.length) await this.write(write.crm, xeroTenantId, write.rows);
  }

  private async write(crm: LinkedCrm, xeroTenantId: string, rows: LinkWrite[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // The CRM connection and the Xero organisation must be of one installation, or nothing is linked.
      let pair = trx
        .selectFrom('connections as crm')
        .innerJoin('connections as xero', 'xero.installation_id', 'crm.installation_id')
        .select(['crm.id', 'crm.installation_id'])
        .where('crm.vendor', 'in', [...CRM_VENDORS])
        .where('xero.vendor', '=', 'xero')
        .where('xero.external_id', '=', xeroTenantId);
      pair =
        'connectionId' in crm
          ? pair.where('crm.id', '=', crm.connectionId)
          : pair.where('crm.vendor', '=', crm.vendor).where('crm.external_id', '=', crm.account);
      const owner = await pair.executeTakeFirst();
      if (!owner)
        throw new LinkOutsideInstallationError(
          `the CRM connection and Xero organisation ${xeroTenantId} are not of one installation`,
        );
      const records = rows.map((l) => l.crmRecordId);
      const objects = rows.map((l) => l.crmObject);
      const kinds = rows.map((l) => XERO_KIND_OF[l.crmObject]);
      const xeroIds = rows.map((l) => l.xeroId);
      // Set-based, so a backfill page of thousands of links costs two statements.
      await sql`delete from record_links r
        using unnest(${records}::text[], ${objects}::text[], ${kinds}::text[], ${xeroIds}::text[])
          as w(crm_record_id, crm_object, xero_kind, xero_id)
        where r.crm_connection_id = ${owner.id} and r.xero_tenant_id = ${xeroTenantId}
          and ((r.crm_object = w.crm_object and r.crm_record_id = w.crm_record_id and r.xero_id <> w.xero_id)
            or (r.xero_kind = w.xero_kind and r.xero_id = w.xero_id and r.crm_record_id <> w.crm_record_id))`.execute(
        trx,
      );
      await sql`insert into record_links
          (installation_id, crm_connection_id, crm_object, crm_record_id, xero_tenant_id, xero_kind, xero_id)
        select ${owner.installation_id}, ${owner.id}, w.crm_object, w.crm_record_id, ${xeroTenantId}, w.xero_kind, w.xero_id
          from unnest(${records}::text[], ${objects}::text[], ${kinds}::text[], ${xeroIds}::text[])
            as w(crm_record_id, crm_object, xero_kind, xero_id)
        on conflict (crm_connection_id, xero_tenant_id, crm_object, crm_record_id)
          do update set updated_at = now()`.execute(trx);
    });
  }

  /**
   * For each write, how many of its links are stored exactly so already. Such rows passed the
   * installation check when written, and a connection never changes installation; the unique index on
   * the Xero side means no other record holds these Xero IDs, so a write found complete needs nothing.
   */
  private async storedAlready(
    xeroTenantId: string,
    writes: Array<{ crm: LinkedCrm; rows: LinkWrite[] }>,
  ): Promise<number[]> {
    const flat = writes.flatMap((w, i) =>
      w.rows.map((l) => ({
        i,
        connectionId: 'connectionId' in w.crm ? w.crm.connectionId : null,
        vendor: 'vendor' in w.crm ? w.crm.vendor : null,
        account: 'account' in w.crm ? w.crm.account : null,
        ...l,
      })),
    );
    const column = <K extends keyof (typeof flat)[number]>(key: K) => flat.map((f) => f[key]);
    const { rows } = await sql<{ i: number; present: number }>`
      select w.i, count(r.id)::int as present
        from unnest(${column('i')}::int[], ${column('connectionId')}::uuid[], ${column('vendor')}::text[],
                    ${column('account')}::text[], ${column('crmObject')}::text[], ${column('crmRecordId')}::text[],
                    ${column('xeroId')}::text[])
          as w(i, connection_id, vendor, account, crm_object, crm_record_id, xero_id)
        left join record_links r
          on r.crm_connection_id = coalesce(w.connection_id,
               (select c.id from connections c where c.vendor = w.vendor and c.external_id = w.account))
         and r.xero_tenant_id = ${xeroTenantId}
         and r.crm_object = w.crm_object and r.crm_record_id = w.crm_record_id and r.xero_id = w.xero_id
       group by w.i`.execute(this.db);
    const present = writes.map(() => 0);
    for (const row of rows) present[row.i] = row.present;
    return present;
  }

  /** The Xero record a CRM record is linked to, within the scope only. */
  async findByCrmRecord(
    scope: LinkScope,
    crmObject: CrmObject,
    crmRecordId: string,
  ): Promise<RecordLink | undefined> {
    const row = await this.scoped(scope)
      .where('crm_object', '=', crmObject)
      .where('crm_record_id', '=', crmRecordId)
      .executeTakeFirst();
    return row && toLink(row);
  }

  /** The CRM record a Xero record is linked to, within the scope only; undefined for a non-GUID. */
  async findByXeroId(scope: LinkScope, xeroKind: XeroKind, xeroId: string): Promise<RecordLink | undefined> {
    if (!isXeroId(xeroId)) return undefined;
    const row = await this.scoped(scope)
      .where('xero_kind', '=', xeroKind)
      .where('xero_id', '=', xeroId.toLowerCase())
      .executeTakeFirst();
    return row && toLink(row);
  }

  private scoped(scope: LinkScope) {
    return this.db
      .selectFrom('record_links')
      .selectAll()
      .where('installation_id', '=', scope.installationId)
      .where('crm_connection_id', '=', scope.crmConnectionId)
      .where('xero_tenant_id', '=', scope.xeroTenantId);
  }
}

/** One link per CRM record and per Xero ID (the later one in the list wins), Xero IDs in lower case. */
function oneToOne(links: LinkWrite[]): LinkWrite[] {
  const crmSeen = new Set<string>();
  const xeroSeen = new Set<string>();
  const kept: LinkWrite[] = [];
  for (const link of [...links].reverse()) {
    const xeroId = link.xeroId.toLowerCase();
    const crmKey = `${link.crmObject}:${link.crmRecordId}`;
    const xeroKey = `${link.crmObject}:${xeroId}`;
    if (crmSeen.has(crmKey) || xeroSeen.has(xeroKey)) continue;
    crmSeen.add(crmKey);
    xeroSeen.add(xeroKey);
    kept.push({ ...link, xeroId });
  }
  return kept.reverse();
}

/**
 * The account links a backfill page stands at in a CRM: each contact of the page and the account
 * whose link the run's index now holds for it, leaving out the contacts whose write failed.
 */
export function accountLinksOf(
  contacts: Array<{ xeroContactId: string }>,
  index: Array<{ crmId: string; linkedXeroContactId?: string | undefined }>,
  failed: Array<{ xeroId: string }>,
): LinkWrite[] {
  const accountOf = new Map(
    index.flatMap((a) => (a.linkedXeroContactId ? [[a.linkedXeroContactId, a.crmId] as const] : [])),
  );
  const refused = new Set(failed.map((f) => f.xeroId));
  return contacts.flatMap(({ xeroContactId }): LinkWrite[] => {
    const crmRecordId = accountOf.get(xeroContactId);
    return crmRecordId && !refused.has(xeroContactId) && isXeroId(xeroContactId)
      ? [{ crmObject: 'account', crmRecordId, xeroId: xeroContactId }]
      : [];
  });
}

/** The links one Xero-to-CRM write made in a CRM: the account linked to the contact, the deal written. */
export function linksWritten(
  plan: UpsertAccountPlan | UpsertDealPlan,
  outcomes: Array<[string, CrmWriteResult | LinkOutcome]>,
): LinkWrite[] {
  return outcomes.flatMap(([action, outcome]): LinkWrite[] => {
    if (action === 'link_account' && 'kind' in outcome && outcome.kind === 'linked' && plan.contact)
      return [
        { crmObject: 'account', crmRecordId: outcome.result.recordId, xeroId: plan.contact.xeroContactId },
      ];
    if (action === 'upsert_deal' && plan.kind === 'upsert_deal' && !('kind' in outcome))
      return [{ crmObject: 'deal', crmRecordId: outcome.recordId, xeroId: plan.invoice.xeroInvoiceId }];
    return [];
  });
}

function toLink(row: {
  installation_id: string;
  crm_connection_id: string;
  crm_object: CrmObject;
  crm_record_id: string;
  xero_tenant_id: string;
  xero_kind: XeroKind;
  xero_id: string;
  updated_at: Date;
}): RecordLink {
  return {
    installationId: row.installation_id,
    crmConnectionId: row.crm_connection_id,
    crmObject: row.crm_object,
    crmRecordId: row.crm_record_id,
    xeroTenantId: row.xero_tenant_id,
    xeroKind: row.xero_kind,
    xeroId: row.xero_id,
    updatedAt: row.updated_at,
  };
}
