import { randomUUID } from 'node:crypto';
import { createXeroPayment, stripeClearingAccount } from '../../../../worker/payments/xeroPaymentReads';
import { startStripeXero, type StripeXeroHarness } from './stripeXeroHarness';

describe('Xero payment writes through xero-node on the emulator', () => {
  let h: StripeXeroHarness;
  beforeAll(async () => {
    h = await startStripeXero();
  });
  afterAll(() => h.close());

  it('a repeat of PUT /Payments with the same Idempotency-Key returns the first payment and makes none', async () => {
    const tenant = h.tenants[0];
    const api = await h.api(tenant);
    const contact = await h.contact(tenant, `Idem ${randomUUID()}`);
    const invoice = await h.invoice(tenant, contact, 30);
    const request = {
      xeroInvoiceId: invoice.id,
      accountCode: (await stripeClearingAccount(api, 'USD')) ?? '',
      amount: 10,
      date: '2026-01-31',
      reference: 'Stripe pi_idem',
    };
    expect(request.accountCode).toBe('090');
    const key = `stripe-evt_${randomUUID()}`;
    const first = await createXeroPayment(api, request, key);
    expect(await createXeroPayment(api, request, key)).toBe(first);
    expect(await h.xeroPayments(tenant, invoice.id)).toEqual([
      { id: first, amount: 10, reference: 'Stripe pi_idem' },
    ]);
    // Another key is another payment.
    expect(await createXeroPayment(api, request, `${key}-2`)).not.toBe(first);
    expect(await h.xeroPayments(tenant, invoice.id)).toHaveLength(2);
  });
});
