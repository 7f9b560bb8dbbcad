import pino from 'pino';
import { dealLookup, makeDemoFailedPayment } from '../../../../worker/payments/demoFailedPayment';
import { startPaymentsE2e, waitFor, type PaymentsE2e } from './paymentsE2eHarness';

/** `npm start`'s demo: a declined card payment for an open invoice shows on its deal. */
describe("npm start's demo failed card payment", () => {
  let e: PaymentsE2e;
  beforeAll(async () => {
    e = await startPaymentsE2e('hubspot');
  }, 240_000);
  afterAll(() => e?.stop());

  it('declines a card for an open invoice that has a deal, and the deal shows the failed attempt', async () => {
    const number = await makeDemoFailedPayment({
      sandbox: e.app.sandbox,
      account: e.account,
      client: e.app.temporal.client,
      hasDeal: dealLookup(e.app.crmTargets),
      logger: pino({ level: 'silent' }),
    });
    expect(number).toBeDefined();
    const invoice = [...e.app.sandbox.xero!.emulator.store.invoices.values()].find(
      (i) => i.tenantId === e.xeroTenantId && i.number === number,
    );
    expect(invoice?.status).toBe('AUTHORISED');
    const deal = await waitFor(
      async () => {
        const d = await e.crm.deal(invoice!.id);
        return d?.paymentStatus === 'failed' ? d : undefined;
      },
      'the failed payment on the deal',
      90_000,
    );
    expect(deal).toMatchObject({ paymentStatus: 'failed', retryCount: 1 });
    expect(deal.stripeReference).toMatch(/^pi_/);
    // Xero is untouched: a declined card pays nothing.
    expect(e.xeroPayments(invoice!.id).filter((p) => p.reference?.includes(deal.stripeReference!))).toEqual(
      [],
    );
  }, 180_000);
});
