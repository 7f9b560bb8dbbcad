import { formatLabel, httpsUrl, isAccessDenied, namespacePrefix } from 'c/ledgerbridgeFormat';
import noApexAccess from '../../ledgerbridgeXeroConnections/__tests__/data/noApexAccess.json';

describe('c/ledgerbridgeFormat', () => {
  it('fills a label’s numbered placeholders, leaving unknown ones as written', () => {
    expect(formatLabel('{0} of {1}, {0} again, {2} unknown', 'one', 2)).toBe(
      'one of 2, one again, {2} unknown',
    );
  });

  it.each([
    ['https://in.xero.com/AbCdEf123', 'https://in.xero.com/AbCdEf123'],
    [' https://go.xero.com/x ', 'https://go.xero.com/x'],
    ['http://in.xero.com/AbCdEf123', undefined],
    ['javascript:alert(1)', undefined],
    ['JAVASCRIPT:alert(1)', undefined],
    ['//in.xero.com/AbCdEf123', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['', undefined],
    [null, undefined],
  ])('takes %p as a link only when it is https (%p)', (value, link) => {
    expect(httpsUrl(value)).toBe(link);
  });

  it.each([
    [noApexAccess, true],
    [{ status: 403, body: { message: 'Forbidden' } }, true],
    [{ status: 400, body: [{ errorCode: 'INSUFFICIENT_ACCESS', message: 'no' }] }, true],
    [{ status: 500, body: { message: 'The Ledgerbridge worker could not be reached' } }, false],
    [{ body: { message: 'Ledgerbridge is not connected yet' } }, false],
    [undefined, false],
  ])('tells a permission refusal (%#) from other failures', (error, denied) => {
    expect(isAccessDenied(error)).toBe(denied);
  });

  it('finds the package namespace from a schema import’s resolved name', () => {
    expect(namespacePrefix('Xero_Invoice__c', 'Xero_Invoice__c')).toBe('');
    expect(namespacePrefix('ledgerbridge__Xero_Invoice__c', 'Xero_Invoice__c')).toBe('ledgerbridge__');
  });
});
