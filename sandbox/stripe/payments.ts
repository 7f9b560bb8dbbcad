import type Stripe from 'stripe';
import { previousAttributes, type StripeAccount } from './account';
import { cardOutcome, DECLINE_MESSAGES } from './cards';
import { invalidRequest, resourceMissing, StripeApiError } from './errors';
import type { Charge, Customer, Dispute, PaymentIntent, Refund } from './objects';

/** Customers, PaymentIntents, their Charges, Refunds and Disputes: Stripe's payment objects. */
export function getCustomer(account: StripeAccount, id: string, param = 'id'): Customer {
  const customer = account.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

export function createCustomer(
  account: StripeAccount,
  input: {
    email?: string;
    name?: string;
    description?: string;
    phone?: string;
    metadata?: Record<string, string>;
    default_payment_method?: string;
  },
): Customer {
  const id = account.newId('cus');
  const customer: Customer = {
    id,
    object: 'customer',
    balance: 0,
    created: account.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    email: input.email ?? null,
    invoice_prefix: id.slice(4, 12).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: input.default_payment_method ?? null,
      footer: null,
      rendering_options: null,
    },
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    phone: input.phone ?? null,
    shipping: null,
  };
  account.customers.set(id, customer);
  account.emit('customer.created', customer);
  return customer;
}

export function updateCustomer(
  account: StripeAccount,
  id: string,
  input: {
    email?: string;
    name?: string;
    description?: string;
    metadata?: Record<string, string>;
    default_payment_method?: string;
  },
): Customer {
  const customer = getCustomer(account, id);
  const before = structuredClone(customer);
  if (input.email !== undefined) customer.email = input.email || null;
  if (input.name !== undefined) customer.name = input.name || null;
  if (input.description !== undefined) customer.description = input.description || null;
  if (input.metadata) customer.metadata = mergeMetadata(customer.metadata, input.metadata);
  if (input.default_payment_method !== undefined)
    customer.invoice_settings = {
      ...customer.invoice_settings,
      default_payment_method: input.default_payment_method || null,
    };
  const changed = previousAttributes(before, customer);
  if (Object.keys(changed).length > 0) account.emit('customer.updated', customer, changed);
  return customer;
}

/** Stripe's metadata update: keys merge, an empty value removes its key. */
export function mergeMetadata(
  current: Record<string, string> | null,
  update: Record<string, string>,
): Record<string, string> {
  const merged = { ...(current ?? {}), ...update };
  for (const [key, value] of Object.entries(update)) if (value === '') delete merged[key];
  return merged;
}

export function getPaymentIntent(account: StripeAccount, id: string): PaymentIntent {
  const intent = account.paymentIntents.get(id);
  if (!intent) throw resourceMissing('payment_intent', id);
  return intent;
}

export interface PaymentIntentInput {
  amount: number;
  currency: string;
  customer?: string;
  payment_method?: string;
  description?: string;
  metadata?: Record<string, string>;
  receipt_email?: string;
  confirm?: boolean;
}

export function createPaymentIntent(account: StripeAccount, input: PaymentIntentInput): PaymentIntent {
  if (input.amount < 50)
    throw invalidRequest('Amount must be at least 50 cents', 'amount', 'amount_too_small');
  if (input.customer) getCustomer(account, input.customer, 'customer');
  const id = account.newId('pi');
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${account.newId('s').slice(2)}`,
    confirmation_method: 'automatic',
    created: account.now(),
    currency: input.currency.toLowerCase(),
    customer: input.customer ?? null,
    description: input.description ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    next_action: null,
    payment_method: input.payment_method ?? null,
    payment_method_types: ['card'],
    receipt_email: input.receipt_email ?? null,
    status: input.payment_method ? 'requires_confirmation' : 'requires_payment_method',
  };
  account.paymentIntents.set(id, intent);
  account.emit('payment_intent.created', intent);
  if (input.confirm) return confirmPaymentIntent(account, id, {});
  return intent;
}

export function updatePaymentIntent(
  account: StripeAccount,
  id: string,
  input: { metadata?: Record<string, string>; description?: string; payment_method?: string },
): PaymentIntent {
  const intent = getPaymentIntent(account, id);
  if (input.metadata) intent.metadata = mergeMetadata(intent.metadata, input.metadata);
  if (input.description !== undefined) intent.description = input.description || null;
  if (input.payment_method !== undefined) {
    intent.payment_method = input.payment_method;
    if (intent.status === 'requires_payment_method') intent.status = 'requires_confirmation';
  }
  return intent;
}

/**
 * Charges the payment method: success makes the intent `succeeded` with its charge; a declined
 * card leaves it `requires_payment_method` with last_payment_error and answers 402 card_error
 * (what the SDK raises as StripeCardError), as Stripe does for a confirm that fails.
 */
export function confirmPaymentIntent(
  account: StripeAccount,
  id: string,
  input: { payment_method?: string },
): PaymentIntent {
  const intent = getPaymentIntent(account, id);
  if (input.payment_method) intent.payment_method = input.payment_method;
  if (intent.status === 'succeeded' || intent.status === 'canceled')
    throw invalidRequest(
      `This PaymentIntent's status is ${intent.status}, so it cannot be confirmed.`,
      undefined,
      'payment_intent_unexpected_state',
    );
  if (!intent.payment_method)
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method.",
      'payment_method',
      'payment_intent_unexpected_state',
    );
  const charge = chargeFor(account, intent);
  if (charge.status === 'succeeded') {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.last_payment_error = null;
    account.emit('charge.succeeded', charge);
    account.emit('payment_intent.succeeded', intent);
    if (cardOutcome(intent.payment_method as string).disputes)
      createDispute(account, { charge: charge.id, reason: 'fraudulent' });
    return intent;
  }
  const declineCode = cardOutcome(intent.payment_method as string).declineCode ?? 'generic_decline';
  intent.status = 'requires_payment_method';
  intent.last_payment_error = {
    type: 'card_error',
    code: 'card_declined',
    decline_code: declineCode,
    message: charge.failure_message ?? 'Your card was declined.',
    charge: charge.id,
  } as Stripe.PaymentIntent.LastPaymentError;
  account.emit('charge.failed', charge);
  account.emit('payment_intent.payment_failed', intent);
  throw new StripeApiError(402, {
    type: 'card_error',
    code: 'card_declined',
    decline_code: declineCode,
    message: charge.failure_message ?? 'Your card was declined.',
    charge: charge.id,
    payment_intent: structuredClone(intent),
  });
}

function chargeFor(account: StripeAccount, intent: PaymentIntent): Charge {
  const paymentMethod = intent.payment_method as string;
  const { declineCode } = cardOutcome(paymentMethod);
  const id = account.newId('ch');
  const charge: Charge = {
    id,
    object: 'charge',
    amount: intent.amount,
    amount_captured: declineCode ? 0 : intent.amount,
    amount_refunded: 0,
    balance_transaction: declineCode ? null : account.newId('txn'),
    captured: !declineCode,
    created: account.now(),
    currency: intent.currency,
    customer: intent.customer,
    description: intent.description,
    disputed: false,
    failure_code: declineCode ? 'card_declined' : null,
    failure_message: declineCode ? DECLINE_MESSAGES[declineCode] : null,
    livemode: account.livemode,
    metadata: { ...intent.metadata },
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: declineCode ? 'declined_by_network' : 'approved_by_network',
      reason: declineCode ?? null,
      risk_level: 'normal',
      seller_message: declineCode
        ? 'The bank did not return any further details with this decline.'
        : 'Payment complete.',
      type: declineCode ? 'issuer_declined' : 'authorized',
    } as Stripe.Charge.Outcome,
    paid: !declineCode,
    payment_intent: intent.id,
    payment_method: paymentMethod,
    receipt_url: declineCode ? null : `https://pay.stripe.com/receipts/sandbox/${id}`,
    refunded: false,
    status: declineCode ? 'failed' : 'succeeded',
  };
  account.charges.set(id, charge);
  intent.latest_charge = id;
  return charge;
}

export function getCharge(account: StripeAccount, id: string, param = 'id'): Charge {
  const charge = account.charges.get(id);
  if (!charge) throw resourceMissing('charge', id, param);
  return charge;
}

export function createRefund(
  account: StripeAccount,
  input: {
    payment_intent?: string;
    charge?: string;
    amount?: number;
    reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
    metadata?: Record<string, string>;
  },
): Refund {
  let charge: Charge;
  if (input.charge) charge = getCharge(account, input.charge, 'charge');
  else if (input.payment_intent) {
    const intent = account.paymentIntents.get(input.payment_intent);
    if (!intent) throw resourceMissing('payment_intent', input.payment_intent, 'payment_intent');
    if (!intent.latest_charge || intent.status !== 'succeeded')
      throw invalidRequest(
        `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
        'payment_intent',
        'charge_not_refundable',
      );
    charge = getCharge(account, intent.latest_charge as string, 'payment_intent');
  } else
    throw invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
      undefined,
      'parameter_missing',
    );
  if (charge.status !== 'succeeded')
    throw invalidRequest(
      `Charge ${charge.id} has not been captured and cannot be refunded.`,
      'charge',
      'charge_not_refundable',
    );
  const refundable = charge.amount_captured - charge.amount_refunded;
  const amount = input.amount ?? refundable;
  if (refundable === 0)
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      'charge',
      'charge_already_refunded',
    );
  if (amount > refundable)
    throw invalidRequest(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`,
      'amount',
      'amount_too_large',
    );
  const before = structuredClone(charge);
  const refund: Refund = {
    id: account.newId('re'),
    object: 'refund',
    amount,
    balance_transaction: account.newId('txn'),
    charge: charge.id,
    created: account.now(),
    currency: charge.currency,
    metadata: input.metadata ?? {},
    payment_intent: charge.payment_intent as string | null,
    reason: input.reason ?? null,
    receipt_number: null,
    status: 'succeeded',
  };
  account.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount_captured;
  account.emit('refund.created', refund);
  account.emit('charge.refunded', charge, previousAttributes(before, charge));
  return refund;
}

export function getRefund(account: StripeAccount, id: string): Refund {
  const refund = account.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id);
  return refund;
}

/** A cardholder's dispute (Stripe creates these; the sandbox's control route stands in for the bank). */
export function createDispute(
  account: StripeAccount,
  input: { charge: string; reason?: string; amount?: number },
): Dispute {
  const charge = getCharge(account, input.charge, 'charge');
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed`, 'charge');
  const dispute: Dispute = {
    id: account.newId('du'),
    object: 'dispute',
    amount: input.amount ?? charge.amount_captured - charge.amount_refunded,
    charge: charge.id,
    created: account.now(),
    currency: charge.currency,
    is_charge_refundable: false,
    livemode: account.livemode,
    metadata: {},
    payment_intent: charge.payment_intent as string | null,
    reason: input.reason ?? 'general',
    status: 'needs_response',
  };
  account.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  account.emit('charge.dispute.created', dispute);
  return dispute;
}

export function getDispute(account: StripeAccount, id: string): Dispute {
  const dispute = account.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id);
  return dispute;
}

/** Closes a dispute: `lost` when the merchant accepts it (POST /v1/disputes/:id/close) or the bank rules so. */
export function closeDispute(account: StripeAccount, id: string, status: 'won' | 'lost'): Dispute {
  const dispute = getDispute(account, id);
  if (dispute.status === 'won' || dispute.status === 'lost')
    throw invalidRequest(`Dispute ${id} is already closed.`, undefined, 'dispute_already_closed');
  const before = structuredClone(dispute);
  dispute.status = status;
  account.emit('charge.dispute.closed', dispute, previousAttributes(before, dispute));
  return dispute;
}
