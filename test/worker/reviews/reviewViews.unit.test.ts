import { reviewViewSchema } from '../../../worker/hubspotApp/contracts/contactReviews';
import { reviewViewOf } from '../../../worker/reviews/reviewViews';
import { contactFingerprint, type ReviewRow } from '../../../worker/sync/reviewQueue';

const row = (over: Partial<ReviewRow> = {}): ReviewRow => ({
  id: '6f1c2a8e-3b7d-4c1e-9a2b-1d2e3f4a5b6c',
  created_at: new Date('2026-11-02T09:00:00Z'),
  updated_at: new Date('2026-11-02T09:00:00Z'),
  resolved_at: null,
  installation_id: '1a2b3c4d-0000-4000-8000-000000000001',
  crm_connection_id: '1a2b3c4d-0000-4000-8000-000000000002',
  xero_tenant_id: 'tenant-1',
  xero_contact_id: '1a2b3c4d-0000-4000-8000-000000000003',
  contact_name: 'Acme',
  contact_email: 'ap@acme.example',
  contact_tax_number: null,
  contact_fingerprint: null,
  reason: 'ambiguous',
  rule: 'taxNumber',
  candidates: [
    { crmId: '001A', name: 'Acme' },
    { crmId: '001B', name: 'Acme Ltd' },
    { name: 'no id: left out' },
  ],
  decision: null,
  decision_crm_id: null,
  decision_by: null,
  decision_reason: null,
  decided_at: null,
  ...over,
});

describe('a review as people see it', () => {
  it('says why it waits, with each candidate and the rule that found it, valid under the contract', () => {
    const view = reviewViewOf(row(), { organisation: 'Acme UK', waitingRecords: 3, crm: 'Salesforce' });
    expect(reviewViewSchema.parse(view)).toEqual(view);
    expect(view).toMatchObject({
      xeroOrganisation: 'Acme UK',
      waitingRecords: 3,
      createdAt: '2026-11-02T09:00:00.000Z',
      xeroContact: { name: 'Acme', email: 'ap@acme.example', taxNumber: null },
      why: '2 Salesforce records have the same tax number as this Xero contact; Ledgerbridge never chooses between them on its own.',
    });
    expect(view.candidates).toEqual([
      { crmId: '001A', name: 'Acme', rule: 'taxNumber', why: 'Same tax number as the Xero contact.' },
      { crmId: '001B', name: 'Acme Ltd', rule: 'taxNumber', why: 'Same tax number as the Xero contact.' },
    ]);
    const none = reviewViewOf(row({ reason: 'no_match', rule: null, candidates: [] }), {
      organisation: 'Acme UK',
      waitingRecords: 0,
      crm: 'HubSpot',
    });
    expect(none.why).toBe(
      'No HubSpot record matches this Xero contact by tax number, e-mail address or name, and HubSpot owns contact data, so Ledgerbridge does not create one without you.',
    );
  });

  it("judges an ignored contact's details by name, e-mail and tax number, whatever their case or spacing", () => {
    const base = contactFingerprint({ name: 'Acme', email: 'AP@acme.example', taxNumber: undefined });
    expect(contactFingerprint({ name: ' acme ', email: 'ap@acme.example', taxNumber: null })).toBe(base);
    expect(contactFingerprint({ name: 'Acme', email: 'billing@acme.example' })).not.toBe(base);
    expect(contactFingerprint({ name: 'Acme', email: 'AP@acme.example', taxNumber: 'GB123' })).not.toBe(base);
  });
});
