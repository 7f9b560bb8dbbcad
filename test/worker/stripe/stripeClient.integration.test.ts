import Stripe from 'stripe';
import { pacedStripeHttpClient } from '../../../worker/connectors/stripe/pacedStripeHttpClient';
import { pacePolicies } from '../../../worker/pacing/pacePolicies';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';
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

describe('pacedStripeHttpClient', () => {
  let h: StripeHarness;
  let store: Store;
  beforeAll(async () => {
    h = await startStripe();
    store = await createTestStore('pglite');
  });
  afterAll(async () => {
    await store.close();
    await h.close();
  });

  it("keeps an installation's burst of calls under Stripe's 25 a second: none answered 429", async () => {
    const customer = await h.stripe.customers.create({ email: 'pace@example.com' });
    const statuses: number[] = [];
    const pacer = new SharedPacer(
      store.db,
      pacePolicies({
        xero: { perMinute: 60, perDay: 5000 },
        hubspot: { per10Seconds: 100, perDay: 250_000 },
        salesforce: { perDay: 15_000, concurrency: 10 },
      }),
    );
    const httpClient = pacedStripeHttpClient(pacer, 'stripe:inst-pace');
    const inner = httpClient.makeRequest.bind(httpClient);
    httpClient.makeRequest = async (...args) => {
      const response = await inner(...args);
      statuses.push(response.getStatusCode());
      return response;
    };
    // No SDK retries: a 429 would surface here as an error.
    const client = new Stripe(h.keys.restrictedKey, {
      host: new URL(h.server.url).hostname,
      port: Number(new URL(h.server.url).port),
      protocol: 'http',
      maxNetworkRetries: 0,
      httpClient,
    });
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 45 }, () => client.customers.retrieve(customer.id)),
    );
    expect(answers).toHaveLength(45);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    // 45 calls at 15 a second after a burst of 5: well over a second and a half.
    expect(Date.now() - started).toBeGreaterThan(1_500);
  });
});
