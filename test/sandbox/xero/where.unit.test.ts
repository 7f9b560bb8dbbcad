import { parseWhere, WhereSyntaxError } from '../../../sandbox/xero/where';

const invoice = {
  Type: 'ACCREC',
  Status: 'AUTHORISED',
  Total: 1100,
  AmountDue: 600,
  Date: '/Date(1763596800000+0000)/', // 2025-11-20
  Contact: { ContactID: '0f2b7d3a-0000-4000-8000-000000000001', Name: 'Acme Ltd' },
  Reference: 'PO-77',
};

describe('where filter', () => {
  it.each([
    ['Type=="ACCREC"', true],
    ['Type == "ACCPAY"', false],
    ['Status!="PAID"', true],
    ['Total>1000 AND AmountDue<=600', true],
    ['Total>1000 && AmountDue<600', false],
    ['Type=="ACCPAY" OR Status=="AUTHORISED"', true],
    ['Contact.ContactID==Guid("0f2b7d3a-0000-4000-8000-000000000001")', true],
    ['Contact.Name.Contains("acme")', true],
    ['Reference.StartsWith("PO-")', true],
    ['Date>=DateTime(2025,11,20)', true],
    ['Date<DateTime(2025,11,20)', false],
    ['NOT (Status=="AUTHORISED")', false],
    ['(Type=="ACCPAY" OR Total>=1100) AND !(AmountDue==0)', true],
    ['status=="authorised"', true],
    ['Reference==null', false],
    ['MissingField==null', true],
  ])('%s → %s', (where, expected) => {
    expect(parseWhere(where)(invoice)).toBe(expected);
  });

  it.each(['Total ~ 5', 'Type==', 'Total>1000 AND', 'Name.Matches("x")', 'Type=="A" garbage', 'Type==Foo'])(
    'refuses %j',
    (where) => {
      expect(() => parseWhere(where)).toThrow(WhereSyntaxError);
    },
  );

  describe('string literals (Dynamic LINQ escapes)', () => {
    const contact = { Name: 'The "Best" Co', Path: 'C:\\share' };
    it.each([
      ['Name=="The \\"Best\\" Co"', true],
      ['Name=="The ""Best"" Co"', true],
      ['Name=="The Best Co"', false],
      ['Name.Contains("""Best""")', true],
      ['Path=="C:\\\\share"', true],
      ['Name=="" OR Path=="C:\\\\share"', true],
    ])('%s → %s', (where, expected) => {
      expect(parseWhere(where)(contact)).toBe(expected);
    });
  });
});
