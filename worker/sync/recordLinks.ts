import type { Kysely } from 'kysely';
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
export type LinkedCrm = { connectionId: string } | { vendor: 'salesforce' | 'hubspot'; account: string };

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

  async upsert(crm: LinkedCrm, xeroTenantId: string, links: LinkWrite[]): Promise<void> {
    if (links.length === 0) return;
    for (const link of links)
      if (!isXeroId(link.xeroId) || link.crmRecordId === '')
        throw new Error(`not a linkable pair: ${link.crmObject} "${link.crmRecordId}" ↔ "${link.xeroId}"`);
    await this.db.transaction().execute(async (trx) => {
      // The CRM connection and the Xero organisation must be of one installation, or nothing is linked.
      let pair = trx
        .selectFrom('connections as crm')
        .innerJoin('connections as xero', 'xero.installation_id', 'crm.installation_id')
        .select(['crm.id', 'crm.installation_id'])
        .where('crm.vendor', 'in', ['salesforce', 'hubspot'])
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
      for (const link of links) {
        const xeroId = link.xeroId.toLowerCase();
        const xeroKind = XERO_KIND_OF[link.crmObject];
        await trx
          .deleteFrom('record_links')
          .where('crm_connection_id', '=', owner.id)
          .where('xero_tenant_id', '=', xeroTenantId)
          .where((eb) =>
            eb.or([
              eb.and([
                eb('crm_object', '=', link.crmObject),
                eb('crm_record_id', '=', link.crmRecordId),
                eb('xero_id', '<>', xeroId),
              ]),
              eb.and([
                eb('xero_kind', '=', xeroKind),
                eb('xero_id', '=', xeroId),
                eb('crm_record_id', '<>', link.crmRecordId),
              ]),
            ]),
          )
          .execute();
        await trx
          .insertInto('record_links')
          .values({
            installation_id: owner.installation_id,
            crm_connection_id: owner.id,
            crm_object: link.crmObject,
            crm_record_id: link.crmRecordId,
            xero_tenant_id: xeroTenantId,
            xero_kind: xeroKind,
            xero_id: xeroId,
          })
          .onConflict((oc) =>
            oc
              .columns(['crm_connection_id', 'xero_tenant_id', 'crm_object', 'crm_record_id'])
              .doUpdateSet((eb) => ({ updated_at: eb.fn('now') })),
          )
          .execute();
      }
    });
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
