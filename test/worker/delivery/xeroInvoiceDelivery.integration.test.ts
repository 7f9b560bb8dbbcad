import { randomUUID } from 'node:crypto';
import type { XeroEmulator } from '../../../sandbox/xero';
import { VendorError } from '../../../worker/connectors/errors';
import type { XeroApi } from '../../../worker/connectors/xero/xeroApi';
import { emailInvoiceFromXero, invoicePdf } from '../../../worker/connectors/xero/xeroInvoiceDelivery';
import { pdfFlatText } from '../../support/pdfText';
import { plantInvoice } from '../../sandbox/xero/deliveryFixtures';
import { startConnectedXero, type ConnectedXero } from '../../support/connectedXero';

/** The Xero delivery connector functions against the Xero emulator, through xero-node and XeroApi.call. */
describe('Xero invoice delivery connector', () => {
  let sandbox: ConnectedXero;
  let emulator: XeroEmulator;
  let api: XeroApi;
  let tenantId: string;

  beforeAll(async () => {
    sandbox = await startConnectedXero();
    ({ emulator, api, tenantId } = sandbox);
  });
  afterAll(() => sandbox.close());
  beforeEach(() => emulator.faults.clear());

  const refusal = async (promise: Promise<unknown>): Promise<VendorError> => {
    const err: unknown = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(err instanceof VendorError)) throw new Error(`expected a VendorError, got ${String(err)}`);
    return err;
  };

  it('reads the invoice PDF as a Buffer whose text holds the number and the total', async () => {
    const planted = plantInvoice(emulator, tenantId);
    const pdf = await invoicePdf(api, planted.invoiceId);
    expect(Buffer.isBuffer(pdf)).toBe(true);
    const text = await pdfFlatText(pdf);
    expect(text).toContain(planted.number);
    expect(text).toContain('Total USD 1,150.00');
  });

  it('waits out a 429 with Retry-After and then reads the PDF', async () => {
    const planted = plantInvoice(emulator, tenantId);
    emulator.faults.add({ kind: 'rate_limit', method: 'GET', count: 1, retryAfterSeconds: 1 });
    const started = Date.now();
    const pdf = await invoicePdf(api, planted.invoiceId);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('fails an unknown invoice as not found, quoting Xero’s message', async () => {
    const err = await refusal(invoicePdf(api, randomUUID()));
    expect(err.kind).toBe('notFound');
    expect(err.message).toContain('cannot be found');
  });

  it('has Xero e-mail the invoice once under a repeated Idempotency-Key', async () => {
    const planted = plantInvoice(emulator, tenantId, { email: 'billing@once.example' });
    const key = `delivery:${planted.invoiceId}:xero-email`;
    await emailInvoiceFromXero(api, planted.invoiceId, key);
    await emailInvoiceFromXero(api, planted.invoiceId, key);
    expect(emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toEqual([
      expect.objectContaining({ to: ['billing@once.example'], invoiceNumber: planted.number }),
    ]);
  });

  it.each([
    ['a contact without an e-mail address', { email: null }, 'no email address'],
    ['a DRAFT invoice', { status: 'DRAFT' as const }, 'SUBMITTED, AUTHORISED or PAID'],
  ])('refuses %s with a non-retryable validation error', async (_, options, message) => {
    const planted = plantInvoice(emulator, tenantId, options);
    const err = await refusal(emailInvoiceFromXero(api, planted.invoiceId, randomUUID()));
    expect(err.kind).toBe('validation');
    expect(err.name).toBe('VendorValidationError');
    expect(err.message).toContain(message);
    expect(err.toFailure().nonRetryable).toBe(true);
    expect(emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toEqual([]);
  });
});
