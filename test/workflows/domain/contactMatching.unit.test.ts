import { matchContact, normaliseName, type CrmCandidate } from '../../../workflows/domain/contactMatching';

const subject = {
  xeroContactId: 'x-1',
  name: 'Acme Ltd.',
  email: 'Accounts@Acme.example',
  taxNumber: 'GB 123 456 789',
};
const candidate = (crmId: string, fields: Partial<CrmCandidate> = {}): CrmCandidate => ({
  crmId,
  name: `Other ${crmId}`,
  ...fields,
});

describe('matchContact', () => {
  it('prefers an existing link over everything else', () => {
    expect(
      matchContact(subject, [
        candidate('a', { taxNumber: 'GB123456789' }),
        candidate('b', { linkedXeroContactId: 'x-1' }),
      ]),
    ).toEqual({
      kind: 'matched',
      crmId: 'b',
      rule: 'link',
    });
  });

  it('then tax number, then e-mail, then name, normalising each', () => {
    expect(
      matchContact(subject, [
        candidate('a', { taxNumber: 'gb123456789' }),
        candidate('b', { email: 'accounts@acme.example' }),
      ]),
    ).toMatchObject({ crmId: 'a', rule: 'taxNumber' });
    expect(
      matchContact(subject, [
        candidate('b', { email: ' accounts@ACME.example ' }),
        candidate('c', { name: 'ACME Limited' }),
      ]),
    ).toMatchObject({ crmId: 'b', rule: 'email' });
    expect(matchContact(subject, [candidate('c', { name: 'ACME, Limited' })])).toMatchObject({
      crmId: 'c',
      rule: 'name',
    });
  });

  it('stops at the first ambiguous rule and lists the candidates for a human', () => {
    const result = matchContact(subject, [
      candidate('z', { email: 'accounts@acme.example' }),
      candidate('y', { email: 'ACCOUNTS@acme.example' }),
      candidate('c', { name: 'Acme' }),
    ]);
    expect(result).toEqual({ kind: 'ambiguous', rule: 'email', candidates: ['y', 'z'] });
  });

  it('never steals an account already linked to another Xero contact', () => {
    expect(matchContact(subject, [candidate('a', { name: 'Acme Ltd', linkedXeroContactId: 'x-2' })])).toEqual(
      { kind: 'none' },
    );
  });

  it('finds nothing rather than guessing', () => {
    expect(
      matchContact({ xeroContactId: 'x-9', name: 'Zeta' }, [candidate('a', { name: 'Zeta Two' })]),
    ).toEqual({ kind: 'none' });
  });
});

describe('normaliseName', () => {
  it.each([
    ['ACME Ltd.', 'acme'],
    ['Acme, Limited', 'acme'],
    ['Café Müller GmbH', 'cafe muller'],
    ['Smith & Sons Co', 'smith and sons'],
  ])('%s → %s', (raw, normal) => expect(normaliseName(raw)).toBe(normal));
});
