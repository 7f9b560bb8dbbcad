import type { Connection as JsforceConnection, QueryResult } from 'jsforce';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';

type Row = { Id: string; Name: string; Xero_Contact_ID__c: string | null };

/**
 * Every Account with its name and Xero link, paged with queryMore (2,000 a call), for the
 * alignment workbook. `call` is the connector's authorized, paced call (SalesforceCrm.call).
 */
export async function listSalesforceAccounts(
  call: <T>(fn: (conn: JsforceConnection) => Promise<T>) => Promise<T>,
): Promise<CrmCandidate[]> {
  const accounts: CrmCandidate[] = [];
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
  let page: QueryResult<Row> = await call((conn) =>
    conn.query<Row>('SELECT Id, Name, Xero_Contact_ID__c FROM Account ORDER BY Id').then((r) => r),
  );
  for (;;) {
    for (const r of page.records)
      accounts.push({ crmId: r.Id, name: r.Name, linkedXeroContactId: r.Xero_Contact_ID__c ?? undefined });
    const next = page.nextRecordsUrl;
    if (page.done || !next) return accounts;
    page = await call((conn) => conn.queryMore<Row>(next).then((r) => r));
  }
}
