import { OnlineInvoiceUrls } from '../../../../worker/connectors/xero/onlineInvoiceUrls';

describe('OnlineInvoiceUrls', () => {
  it('keeps links per connection and invoice', () => {
    const urls = new OnlineInvoiceUrls();
    urls.set('conn-a', 'inv-1', 'https://in.xero.com/a1');
    expect(urls.get('conn-a', 'inv-1')).toBe('https://in.xero.com/a1');
    expect(urls.get('conn-b', 'inv-1')).toBeUndefined();
  });

  it('forgets the least recently used link first once full', () => {
    const urls = new OnlineInvoiceUrls(2);
    urls.set('c', '1', 'u1');
    urls.set('c', '2', 'u2');
    expect(urls.get('c', '1')).toBe('u1'); // 1 is now the most recent
    urls.set('c', '3', 'u3');
    expect(urls.get('c', '2')).toBeUndefined();
    expect(urls.get('c', '1')).toBe('u1');
    expect(urls.get('c', '3')).toBe('u3');
  });
});
