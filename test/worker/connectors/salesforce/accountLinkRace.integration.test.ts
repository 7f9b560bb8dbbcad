import type { SalesforceCrm } from '../../../../worker/connectors/salesforce/salesforceCrm';
import type { Store } from '../../../../worker/store/store';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { contactNamed, salesforceCrmFor } from './salesforceCrmHarness';

/**
 * Two syncs of one new Xero contact at once: one made its Account (Xero_Contact_ID__c is a unique
 * external ID), the other had found an Account by name and links it a moment later. Salesforce
 * answers DUPLICATE_VALUE; the Account that holds the contact is the link, the other is left alone.
 */
describe('linking a Salesforce Account that another sync linked first', () => {
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

  it('takes the Account that holds the contact, and leaves the name match unlinked', async () => {
    const accounts = await crm.personAccounts();
    const contact = contactNamed('Racing Widgets Ltd');
    const byName = await h.conn.sobject('Account').create({ Name: contact.name });
    if (!byName.success) throw new Error('the Account was not made');
    const made = await accounts.createLinked(contact);

    const linked = await accounts.writeLinked(byName.id, contact, false);

    expect(linked.recordId).toBe(made.recordId);
    const left = await h.conn.sobject('Account').retrieve(byName.id);
    expect((left as unknown as Record<string, unknown>).Xero_Contact_ID__c ?? null).toBeNull();
  });
});
