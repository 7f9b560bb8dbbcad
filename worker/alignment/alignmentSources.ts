import type { Kysely } from 'kysely';
import type { CanonicalContact } from '../../workflows/domain/canonical';
import type { CrmCandidate } from '../../workflows/domain/contactMatching';
import { listHubspotCompanies } from '../connectors/hubspot/hubspotCompanyList';
import { HubspotCrm } from '../connectors/hubspot/hubspotCrm';
import { listSalesforceAccounts } from '../connectors/salesforce/salesforceAccountList';
import { SalesforceCrm } from '../connectors/salesforce/salesforceCrm';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { Database } from '../store/schema';
import type { CrmTarget } from '../sync/crmTarget';

const XERO_PAGE = 1_000; // Xero's largest contacts page

/** Every contact of the organisation that is not archived, paged (1,000 a call). */
export async function listXeroContacts(api: XeroApi): Promise<CanonicalContact[]> {
  const contacts: CanonicalContact[] = [];
  for (let page = 1; ; page++) {
    const { items, pageCount } = await api.contactPage({ page, pageSize: XERO_PAGE });
    contacts.push(...items.filter((c) => c.status === 'ACTIVE'));
    if (items.length < XERO_PAGE || page >= pageCount) return contacts;
  }
}

/** Every account (Salesforce) or company (HubSpot) of a CRM connection, with its Xero link. */
export function listCrmAccounts(target: CrmTarget): Promise<CrmCandidate[]> {
  if (target instanceof SalesforceCrm) return listSalesforceAccounts((fn) => target.call(fn));
  if (target instanceof HubspotCrm) return listHubspotCompanies((fn) => target.call(fn));
  throw new Error(`no account listing for CRM connection ${target.connectionId} (${target.vendor})`);
}

/** Ledgerbridge's own contact links of one CRM connection and organisation: Xero ID → CRM record. */
export async function storedContactLinks(
  db: Kysely<Database>,
  crmConnectionId: string,
  xeroTenantId: string,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('record_links')
    .select(['xero_id', 'crm_record_id'])
    .where('crm_connection_id', '=', crmConnectionId)
    .where('xero_tenant_id', '=', xeroTenantId)
    .where('crm_object', '=', 'account')
    .execute();
  return new Map(rows.map((r) => [r.xero_id.toLowerCase(), r.crm_record_id]));
}
