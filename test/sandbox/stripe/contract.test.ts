import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';
import { DEFAULT_BILLING_POLICY, EMULATED_API_VERSION } from '../../../sandbox/stripe';
import { decodeStripeForm } from '../../../sandbox/stripe/form';
import { apiRoutes } from '../../../sandbox/stripe/routes';
import { StripeWebhooks } from '../../../sandbox/stripe/webhooks';
import { SandboxClock } from '../../../sandbox/core/clock';
import { FaultInjector } from '../../../sandbox/core/faults';

/** Every `METHOD /v1/...` the installed SDK can call, path parameters as `:p`. */
function sdkEndpoints(): Set<string> {
  const dir = path.join(path.dirname(require.resolve('stripe')), 'resources');
  const found = new Set<string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.js')) {
        const text = readFileSync(file, 'utf8');
        for (const m of text.matchAll(/_makeRequest\('(GET|POST|DELETE)', [`']([^`']+)[`']/g))
          found.add(`${m[1]} ${m[2]!.replace(/\$\{[^}]+\}/g, ':p')}`);
      }
    }
  };
  walk(dir);
  return found;
}

describe('Stripe emulator: held to the installed stripe SDK', () => {
  it('serves only endpoints the SDK has a method for', () => {
    const sdk = sdkEndpoints();
    expect(sdk.size).toBeGreaterThan(300);
    const routes = apiRoutes({
      policy: DEFAULT_BILLING_POLICY,
      webhooks: new StripeWebhooks(new SandboxClock(), new FaultInjector()),
    }).map((r) => `${r.method} ${r.path.replace(/:[a-zA-Z]+/g, ':p')}`);
    expect(routes.filter((r) => !sdk.has(r))).toEqual([]);
  });

  it('renders events in the API version the SDK pins', () => {
    expect(EMULATED_API_VERSION).toBe(Stripe.API_VERSION);
  });

  it("decodes the SDK's bracketed form encoding into nested objects and arrays", () => {
    expect(
      decodeStripeForm(
        'customer=cus_1&items[0][price]=price_a&items[0][quantity]=2&items[1][price]=price_b' +
          '&metadata[order]=7&expand[0]=latest_invoice&expand[1]=customer',
      ),
    ).toEqual({
      customer: 'cus_1',
      items: [{ price: 'price_a', quantity: '2' }, { price: 'price_b' }],
      metadata: { order: '7' },
      expand: ['latest_invoice', 'customer'],
    });
    // Ten or more items keep their numeric order.
    const many = Array.from({ length: 11 }, (_, i) => `items[${i}][price]=p${i}`).join('&');
    expect((decodeStripeForm(many).items as Array<{ price: string }>).map((i) => i.price)).toEqual(
      Array.from({ length: 11 }, (_, i) => `p${i}`),
    );
  });
});
