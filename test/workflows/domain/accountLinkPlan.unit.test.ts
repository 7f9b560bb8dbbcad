import { planAccountLinks } from '../../../workflows/domain/accountLinkPlan';
import type { CanonicalContact } from '../../../workflows/domain/canonical';

const contact = (id: string, name: string): CanonicalContact => ({
  xeroContactId: `00000000-0000-4000-8000-${id.padStart(12, '0')}`,
  name,
  groups: [],
  isCustomer: true,
  status: 'ACTIVE',
  updatedAt: '2026-11-01T00:00:00.000Z',
});

describe('planAccountLinks (batch ID mapping)', () => {
  const acme = contact('1', 'ACME Ltd');
  const globex = contact('2', 'Globex');
  const initech = contact('3', 'Initech');
  const umbrella = contact('4', 'Umbrella');

  it('keeps links, links by normalised name, creates the rest when Xero owns contacts, queues ambiguity', () => {
    const steps = planAccountLinks(
      [acme, globex, initech, umbrella],
      [
        { crmId: 'A1', name: 'Old name', linkedXeroContactId: acme.xeroContactId },
        { crmId: 'G1', name: 'Globex Corporation' },
        { crmId: 'I1', name: 'Initech' },
        { crmId: 'I2', name: 'INITECH, Inc.' },
      ],
      'xero',
    );
    expect(steps.map((s) => [s.contact.name, s.kind, 'crmId' in s ? s.crmId : undefined])).toEqual([
      ['ACME Ltd', 'update', 'A1'],
      ['Globex', 'update', 'G1'],
      ['Initech', 'review', undefined],
      ['Umbrella', 'create', undefined],
    ]);
    expect(steps[2]).toMatchObject({ reason: 'ambiguous' });
  });

  it('never creates when the CRM owns contacts, and never links one account to two contacts', () => {
    const twin = { ...contact('5', 'Globex'), xeroContactId: '00000000-0000-4000-8000-000000000055' };
    const steps = planAccountLinks([globex, twin, umbrella], [{ crmId: 'G1', name: 'Globex' }], 'crm');
    expect(steps.map((s) => s.kind)).toEqual(['update', 'review', 'review']);
    expect(steps[0]).toMatchObject({ withDetails: false });
    expect(steps[2]).toMatchObject({ reason: 'no_match' });
  });
});
