import type { SalesforceCrm } from '../../../../worker/connectors/salesforce/salesforceCrm';
import { describeOrg, packageNamespace } from '../../../../worker/connectors/salesforce/salesforceApi';
import { namespaceMapping } from '../../../../worker/connectors/salesforce/salesforceNamespace';
import type { Store } from '../../../../worker/store/store';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { contactNamed, dealPlan, invoiceFor, salesforceCrmFor } from './salesforceCrmHarness';

type Row = Record<string, unknown> & { Id: string };

/**
 * The package installed as a managed package: its objects and fields are `lbx__…` in the org (the
 * emulator loads them so), and the connector, given the connection's namespace, writes and reads
 * them through its one name mapping; without the namespace the same sync is refused.
 */
describe('Salesforce sync against a namespaced package', () => {
  let h: SalesforceHarness;
  const stores: Store[] = [];
  let crm: SalesforceCrm;
  beforeAll(async () => {
    h = await startSalesforce({ namespace: 'lbx', dataset: { accounts: 0, opportunities: 0 } });
    const made = await salesforceCrmFor(h, { namespace: 'lbx' });
    stores.push(made.store);
    crm = made.crm;
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    await h.close();
  });
  const rows = async (soql: string) => (await h.conn.query<Row>(soql)).records;

  it('maps only the package’s names, in SOQL, encoded URLs and back in responses', () => {
    const m = namespaceMapping('lbx')!;
    expect(
      m.toOrg(
        'SELECT Id, Account__r.Name, My_Own__c FROM Xero_Invoice__c WHERE Account.Xero_Contact_ID__c = null',
      ),
    ).toBe(
      'SELECT Id, lbx__Account__r.Name, My_Own__c FROM lbx__Xero_Invoice__c WHERE Account.lbx__Xero_Contact_ID__c = null',
    );
    expect(m.toOrg(encodeURIComponent('SELECT Id FROM Xero_Payment__c'))).toBe(
      'SELECT%20Id%20FROM%20lbx__Xero_Payment__c',
    );
    expect(m.toOrg('lbx__Xero_Invoice__c')).toBe('lbx__Xero_Invoice__c');
    expect(
      m.fromOrg({ attributes: { type: 'lbx__Xero_Invoice__c' }, lbx__Total__c: 1, lbx__Mine__c: 2 }),
    ).toEqual({
      attributes: { type: 'Xero_Invoice__c' },
      Total__c: 1,
      lbx__Mine__c: 2,
    });
  });

  it('writes the account, opportunity, invoice and payment under the namespaced names', async () => {
    const contact = contactNamed('Namespaced Pty');
    const [account] = await h.conn
      .sobject('Account')
      .create([{ Name: 'Namespaced Pty', lbx__Xero_Contact_ID__c: contact.xeroContactId }]);
    const invoice = invoiceFor(contact, 100);
    const first = await crm.upsertDeal(dealPlan(contact, invoice), { xeroTenantId: 'tenant' });
    expect(first.invoiceRecord?.created).toBe(true);
    const [record] = await rows(
      `SELECT Id, lbx__Account__c, lbx__Total__c FROM lbx__Xero_Invoice__c WHERE lbx__Xero_Invoice_ID__c = '${invoice.xeroInvoiceId}'`,
    );
    expect(record).toMatchObject({ lbx__Account__c: account?.id, lbx__Total__c: 500 });
    expect(
      await rows(`SELECT Id FROM lbx__Xero_Payment__c WHERE lbx__Invoice__c = '${record!.Id}'`),
    ).toHaveLength(1);
    // A replay reads the records back through the mapping and finds nothing to change.
    const replay = await crm.upsertDeal(dealPlan(contact, invoice), { xeroTenantId: 'tenant' });
    expect(replay.invoiceRecord).toMatchObject({ created: false, changes: {} });
  });

  it("finds the namespace when the org is connected, from the package object among the org's objects", async () => {
    const session = { instanceUrl: h.conn.instanceUrl, accessToken: String(h.conn.accessToken) };
    await expect(describeOrg(session)).resolves.toMatchObject({ namespace: 'lbx' });
    expect(packageNamespace(['Account', 'Xero_Invoice__c'])).toBeUndefined();
    expect(packageNamespace(['Account', 'other__Thing__c'])).toBeUndefined();
  });

  it('the same sync without the namespace is refused by the org (negative control)', async () => {
    const plain = await salesforceCrmFor(h);
    stores.push(plain.store);
    const contact = contactNamed('Plain Pty');
    await expect(
      plain.crm.upsertDeal(dealPlan(contact, invoiceFor(contact, 0)), { xeroTenantId: 't' }),
    ).rejects.toThrow(/Xero_Contact_ID__c|INVALID_FIELD|No such column/);
  });
});
