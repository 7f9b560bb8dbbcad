import { pdfFlatText } from '../../support/pdfText';
import { plantInvoice } from './deliveryFixtures';
import { expectXeroError, startXero, type XeroHarness } from './harness';

/** GET /Invoices/{id} with Accept: application/pdf, as xero-node's getInvoiceAsPdf asks for it. */
describe('Xero emulator through xero-node: invoice PDF', () => {
  let h: XeroHarness;
  beforeAll(async () => {
    h = await startXero({ dataset: { contacts: 3, invoices: 3 } });
  });
  afterAll(async () => h.close());

  const api = () => h.xero.accountingApi;

  it('renders the invoice: organisation, contact, number, reference, dates, lines, tax, totals and amount due', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId, { reference: 'PO-4242', currency: 'EUR' });
    const res = await api().getInvoiceAsPdf(h.tenantId, planted.invoiceId);

    expect(res.response.headers['content-type']).toBe('application/pdf');
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfFlatText(res.body);
    const json = (await api().getInvoice(h.tenantId, planted.invoiceId)).body.invoices![0]!;
    const day = (d: Date | string | undefined) => new Date(d ?? '').toISOString().slice(0, 10);
    for (const expected of [
      'INVOICE',
      'Demo Company (Global)',
      json.contact!.name!,
      'accounts@delivery-customer.example',
      planted.number,
      'PO-4242',
      day(json.date),
      day(json.dueDate),
      'Widget',
      'Delivery',
      '500.00',
      'OUTPUT 100.00',
      'Subtotal 1,050.00',
      'Total Tax 100.00',
      'Total EUR 1,150.00',
      'Amount Due EUR 1,150.00',
    ])
      expect(text).toContain(expected);
  });

  it('shows what was paid and what is still due', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId);
    await fetch(`${h.server.url}/__sandbox/invoices/${planted.invoiceId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 400 }),
    });
    const text = await pdfFlatText((await api().getInvoiceAsPdf(h.tenantId, planted.invoiceId)).body);
    expect(text).toContain('Less Amount Paid 400.00');
    expect(text).toContain('Amount Due USD 750.00');
  });

  it('answers 404 for an unknown invoice and 403 for another organisation', async () => {
    const unknown = await expectXeroError(
      api().getInvoiceAsPdf(h.tenantId, '00000000-0000-4000-8000-000000000000'),
    );
    expect(unknown.statusCode).toBe(404);

    const planted = plantInvoice(h.emulator, h.tenantId);
    const other = await expectXeroError(
      api().getInvoiceAsPdf('11111111-1111-4111-8111-111111111111', planted.invoiceId),
    );
    expect(other.statusCode).toBe(403);
  });

  it('counts against the rate limits like any other call', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId);
    const res = await api().getInvoiceAsPdf(h.tenantId, planted.invoiceId);
    const before = Number(res.response.headers['x-minlimit-remaining']);
    const again = await api().getInvoiceAsPdf(h.tenantId, planted.invoiceId);
    expect(Number(again.response.headers['x-minlimit-remaining'])).toBe(before - 1);
  });

  it('still answers JSON to the ordinary invoice read', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId);
    const res = await api().getInvoice(h.tenantId, planted.invoiceId);
    expect(res.body.invoices![0]!.total).toBe(1150);
  });
});

describe('Xero emulator: invoice PDF under rate limits', () => {
  it('refuses with 429 and Retry-After once the minute is spent', async () => {
    const h = await startXero({ dataset: { contacts: 2, invoices: 1 }, rateLimits: { perMinute: 1 } });
    try {
      const planted = plantInvoice(h.emulator, h.tenantId);
      await h.xero.accountingApi.getInvoiceAsPdf(h.tenantId, planted.invoiceId);
      const limited = await expectXeroError(
        h.xero.accountingApi.getInvoiceAsPdf(h.tenantId, planted.invoiceId),
      );
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });
});
