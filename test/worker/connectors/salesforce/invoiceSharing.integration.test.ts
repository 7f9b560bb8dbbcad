import type { SalesforceCrm } from '../../../../worker/connectors/salesforce/salesforceCrm';
import type { Store } from '../../../../worker/store/store';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { contactNamed, dealPlan, invoiceFor, salesforceCrmFor } from './salesforceCrmHarness';

type Row = Record<string, unknown> & { Id: string };

/**
 * Xero_Invoice__c is a master-detail child of Account (sharing follows the account) and
 * Xero_Payment__c of its invoice: the org refuses an invoice without an account
 * (REQUIRED_FIELD_MISSING), and the worker holds back the invoice of a contact linked to no account
 * (queued for review) instead of writing it unguarded, then writes it once the contact is linked.
 */
describe('Xero invoices in Salesforce follow their account', () => {
  let h: SalesforceHarness;
  let store: Store;
  let crm: SalesforceCrm;
  beforeAll(async () => {
    h = await startSalesforce({ dataset: { accounts: 0, opportunities: 0 } });
    ({ crm, store } = await salesforceCrmFor(h));
  });
  afterAll(async () => {
    await store.close();
    await h.close();
  });
  const rows = async (soql: string) => (await h.conn.query<Row>(soql)).records;

  it('the org refuses an invoice record without its account, as Salesforce does', async () => {
    const res = await fetch(`${h.conn.instanceUrl}/services/data/v62.0/sobjects/Xero_Invoice__c`, {
      method: 'POST',
      headers: { authorization: `Bearer ${String(h.conn.accessToken)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Name: 'INV-1', Xero_Invoice_ID__c: 'no-account' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual([
      expect.objectContaining({ errorCode: 'REQUIRED_FIELD_MISSING', fields: ['Account__c'] }),
    ]);
  });

  it('holds back the invoice of a contact no account is linked to, and writes it once one is', async () => {
    // Two accounts of the same name: the match is ambiguous, the contact goes to review.
    await h.conn.sobject('Account').create([{ Name: 'Twin Traders' }, { Name: 'Twin Traders' }]);
    const contact = contactNamed('Twin Traders');
    const invoice = invoiceFor(contact, 200);
    const held = await crm.upsertDeal(dealPlan(contact, invoice), { xeroTenantId: 'tenant' });

    expect(held.account?.kind).not.toBe('linked');
    expect(held.invoiceRecord).toBeUndefined();
    expect(held.payments).toEqual([]);
    const reviews = await store.db.selectFrom('contact_reviews').selectAll().execute();
    expect(reviews.map((r) => r.xero_contact_id)).toContain(contact.xeroContactId);
    expect(
      await rows(`SELECT Id FROM Xero_Invoice__c WHERE Xero_Invoice_ID__c = '${invoice.xeroInvoiceId}'`),
    ).toEqual([]);
    expect(await rows('SELECT Id FROM Xero_Payment__c')).toEqual([]);

    // The contact is linked (the review resolved): the next sync writes the invoice under the account.
    const [account] = await rows("SELECT Id FROM Account WHERE Name = 'Twin Traders' LIMIT 1");
    await h.conn.sobject('Account').update({ Id: account!.Id, Xero_Contact_ID__c: contact.xeroContactId });
    const written = await crm.upsertDeal(dealPlan(contact, invoice), { xeroTenantId: 'tenant' });
    expect(written.invoiceRecord?.created).toBe(true);
    const [record] = await rows(
      `SELECT Id, Account__c FROM Xero_Invoice__c WHERE Xero_Invoice_ID__c = '${invoice.xeroInvoiceId}'`,
    );
    expect(record?.Account__c).toBe(account!.Id);
    expect(await rows(`SELECT Id FROM Xero_Payment__c WHERE Invoice__c = '${record!.Id}'`)).toHaveLength(1);
  });
});
