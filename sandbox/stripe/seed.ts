import type { StripeAccount } from './account';
import { createPrice, createSubscription, type BillingPolicy } from './billing';
import { confirmPaymentIntent, createCustomer, createPaymentIntent } from './payments';

/**
 * The demo account: two customers paying a monthly plan (one card that works, one that is
 * declined, so a failed invoice with its retry schedule is there from the start) and one paid
 * one-off payment whose metadata names a Xero invoice.
 */
export interface StripeSeedResult {
  accountId: string;
  livemode: boolean;
  secretKey: string;
  restrictedKey: string;
  customers: string[];
  subscriptions: string[];
}

export function seedStripeAccount(
  account: StripeAccount,
  policy: BillingPolicy,
  keys: { accountId: string; livemode: boolean; secretKey: string; restrictedKey: string },
): StripeSeedResult {
  const plan = createPrice(account, {
    currency: 'usd',
    unit_amount: 4_900,
    product_data: { name: 'Ledgerbridge Team' },
    recurring: { interval: 'month' },
    nickname: 'Team monthly',
  });
  const good = createCustomer(account, {
    email: 'billing@acme.example',
    name: 'Acme Pty Ltd',
    default_payment_method: 'pm_card_visa',
  });
  const failing = createCustomer(account, {
    email: 'accounts@globex.example',
    name: 'Globex Corporation',
    default_payment_method: 'pm_card_visa',
  });
  const subscriptions = [good, failing].map(
    (c) =>
      createSubscription(account, policy, { customer: c.id, items: [{ price: plan.id, quantity: 3 }] }).id,
  );
  // Globex's card is declined from now on: its next renewal fails and is retried.
  failing.invoice_settings.default_payment_method = 'pm_card_chargeDeclinedInsufficientFunds';
  const intent = createPaymentIntent(account, {
    amount: 125_000,
    currency: 'usd',
    customer: good.id,
    payment_method: 'pm_card_visa',
    metadata: { xero_invoice_number: 'INV-0001' },
  });
  confirmPaymentIntent(account, intent.id, {});
  return { ...keys, customers: [good.id, failing.id], subscriptions };
}
