import type { Client } from '@hubspot/api-client';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';

const PAGE_SIZE = 100; // HubSpot's largest page for the CRM objects API

/**
 * Every company with its name and Xero link, 100 a page, for the alignment workbook. `call` is
 * the connector's authorized, paced call (HubspotCrm.call).
 */
export async function listHubspotCompanies(
  call: <T>(fn: (client: Client) => Promise<T>) => Promise<T>,
): Promise<CrmCandidate[]> {
  const companies: CrmCandidate[] = [];
  let after: string | undefined;
  do {
    // https://developers.hubspot.com/docs/api-reference/crm-companies-v3/basic/get-crm-v3-objects-companies
    const page = await call((client) =>
      client.crm.companies.basicApi.getPage(PAGE_SIZE, after, ['name', 'xero_contact_id']),
    );
    for (const c of page.results)
      companies.push({
        crmId: c.id,
        name: c.properties.name ?? '',
        linkedXeroContactId: c.properties.xero_contact_id ?? undefined,
      });
    after = page.paging?.next?.after;
  } while (after);
  return companies;
}
