import { randomUUID } from 'node:crypto';
import type { CanonicalContact } from '../../../../workflows/domain/canonical';
import { startThreeSandboxes, type ThreeSandboxes } from '../../../support/threeSandboxes';
import { hubspotCrmOf } from './hubspotCrmHarness';

/**
 * Two syncs of one new Xero contact at once: one made its company (xero_contact_id is unique), the
 * other had found a company by name and links it a moment later. HubSpot answers that link 409; the
 * company that holds the contact is the link, and the other is left as it was (bench:chaos's smoke
 * lost a won deal to the 409 waiting for a person).
 */
describe('linking a HubSpot company that another sync linked first', () => {
  let env: ThreeSandboxes;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 2323, contacts: 1, invoices: 1 });
  });
  afterAll(() => env.close());

  it('takes the company that holds the contact, and leaves the name match unlinked', async () => {
    const crm = await hubspotCrmOf(env);
    const accounts = await crm.personAccounts();
    const contact: CanonicalContact = {
      xeroContactId: randomUUID(),
      name: 'Racing Widgets Ltd',
      groups: [],
      isCustomer: true,
      status: 'ACTIVE',
      updatedAt: '2026-11-01T00:00:00Z',
    };
    const byName = await env
      .hs()
      .crm.companies.basicApi.create({ properties: { name: contact.name }, associations: [] });
    const made = await accounts.createLinked(contact);

    const linked = await accounts.writeLinked(byName.id, contact, false);

    expect(linked.recordId).toBe(made.recordId);
    const left = await env.hs().crm.companies.basicApi.getById(byName.id, ['xero_contact_id']);
    expect(left.properties.xero_contact_id ?? null).toBeNull();
  });
});
