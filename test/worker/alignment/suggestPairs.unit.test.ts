import { suggestPairs, type AlignmentPair } from '../../../worker/alignment/suggestPairs';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import { aContact } from '../../factories/canonical';

const account = (crmId: string, name: string, linked?: string): CrmCandidate => ({
  crmId,
  name,
  ...(linked ? { linkedXeroContactId: linked } : {}),
});

function pairOf(
  contacts: AlignmentPair['xero']['contacts'],
  accounts: CrmCandidate[],
  links: Array<[string, string]> = [],
): AlignmentPair {
  return {
    installation: 'acme',
    xero: { tenantId: 'tenant-1', organisation: 'Acme Org', contacts },
    crm: { connectionId: 'crm-1', label: 'salesforce Org (00D)', accounts },
    links: new Map(links),
  };
}

describe('suggestPairs', () => {
  it('suggests the one record with the same name, and never fills the decision', () => {
    const c = aContact({ name: 'Globex Ltd', email: undefined });
    const [row] = suggestPairs(pairOf([c], [account('001A', 'GLOBEX Limited')]));
    expect(row).toMatchObject({
      xero_contact_id: c.xeroContactId,
      status: 'suggested',
      rule: 'name',
      crm_id: '001A',
      crm_name: 'GLOBEX Limited',
      decision: '',
    });
  });

  it('shows a pair linked by the record link field or by record_links as linked', () => {
    const byField = aContact({ name: 'Initech' });
    const byStore = aContact({ name: 'Hooli' });
    const rows = suggestPairs(
      pairOf(
        [byField, byStore],
        [account('001F', 'Initech Inc', byField.xeroContactId), account('001S', 'Hooli')],
        [[byStore.xeroContactId, '001S']],
      ),
    );
    expect(rows.map((r) => [r.status, r.crm_id, r.rule])).toEqual([
      ['linked', '001F', 'link'],
      ['linked', '001S', 'link'],
    ]);
  });

  it('leaves several records of one name to a person, listing each candidate', () => {
    const c = aContact({ name: 'Acme Ltd', email: undefined });
    const [row] = suggestPairs(pairOf([c], [account('001A', 'ACME'), account('001B', 'Acme Limited')]));
    expect(row).toMatchObject({ status: 'ambiguous', rule: 'name', crm_id: '' });
    expect(row?.candidates).toBe('001A (ACME); 001B (Acme Limited)');
  });

  it('makes one record matched by two contacts ambiguous for both, not the first comer', () => {
    const a = aContact({ name: 'Stark Industries', email: undefined });
    const b = aContact({ name: 'STARK industries', email: undefined });
    const rows = suggestPairs(pairOf([a, b], [account('001S', 'Stark Industries')]));
    expect(rows.map((r) => [r.status, r.crm_id, r.candidates])).toEqual([
      ['ambiguous', '', '001S (Stark Industries)'],
      ['ambiguous', '', '001S (Stark Industries)'],
    ]);
    expect(rows[0]?.why).toContain('"STARK industries"');
  });

  it('does not suggest a record already linked to another contact', () => {
    const other = aContact({ name: 'Wayne Enterprises' });
    const c = aContact({ name: 'Wayne Enterprises', email: undefined });
    const rows = suggestPairs(pairOf([c], [account('001W', 'Wayne Enterprises', other.xeroContactId)]));
    expect(rows.map((r) => [r.status, r.xero_contact_id || r.crm_id])).toEqual([
      ['no_match', c.xeroContactId],
      ['crm_only', '001W'],
    ]);
  });

  it('lists the records nobody was paired with after the contacts', () => {
    const c = aContact({ name: 'Tyrell Corp' });
    const rows = suggestPairs(pairOf([c], [account('001T', 'Cyberdyne Systems')]));
    expect(rows.map((r) => r.status)).toEqual(['no_match', 'crm_only']);
    expect(rows[1]).toMatchObject({ crm_id: '001T', crm_name: 'Cyberdyne Systems', xero_contact_id: '' });
  });

  it('pairs 2,000 × 2,000 by index, not by scanning', () => {
    const contacts = Array.from({ length: 2_000 }, (_, i) => aContact({ name: `Customer ${i} Ltd` }));
    const accounts = contacts.map((c, i) => account(`001${String(i).padStart(12, '0')}`, c.name));
    const started = performance.now();
    const rows = suggestPairs(pairOf(contacts, accounts));
    expect(rows.filter((r) => r.status === 'suggested')).toHaveLength(2_000);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
