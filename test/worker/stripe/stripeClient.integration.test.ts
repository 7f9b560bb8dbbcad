import { stripeClient } from '../../../worker/connectors/stripe/stripeClient';
import { startStripe, type StripeHarness } from '../../sandbox/stripe/harness';

describe('stripeClient', () => {
  let h: StripeHarness;
  beforeAll(async () => {
    h = await startStripe();
  });
  afterAll(() => h.close());

  it("reaches the emulator with an installation's restricted key, and is refused with another", async () => {
    const intent = await h.stripe.paymentIntents.create({ amount: 4_200, currency: 'nzd' });
    const client = stripeClient(h.keys.restrictedKey, { mode: 'sandbox', baseUrl: h.server.url });
    expect(await client.paymentIntents.retrieve(intent.id)).toMatchObject({ id: intent.id, amount: 4_200 });

    const stranger = stripeClient(`rk_test_${'Unknown1'.repeat(3)}`, {
      mode: 'sandbox',
      baseUrl: h.server.url,
    });
    await expect(stranger.paymentIntents.retrieve(intent.id)).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
    });
  });
});
