import { previousAttributes, type StripeAccount } from './account';
import { invalidRequest, resourceMissing, StripeApiError } from './errors';
import type { Invoice, InvoiceLine, Price, Product, Subscription, SubscriptionItem } from './objects';
import { list } from './objects';
import { confirmPaymentIntent, createPaymentIntent, getCustomer, mergeMetadata } from './payments';

/**
 * Stripe Billing as far as Ledgerbridge needs it: products and recurring prices, subscriptions
 * billed in advance per period (no proration: a change applies from the next period), their
 * invoices paid from the default payment method, and failed payments retried on a schedule
 * (`next_payment_attempt`) until the subscription is cancelled.
 */
export interface BillingPolicy {
  /** Days after each failed attempt before the next (Stripe's custom retry schedule). */
  retryDays: number[];
  /** What happens to the subscription when the last retry fails. */
  afterLastRetry: 'cancel' | 'unpaid' | 'past_due';
}

export const DEFAULT_BILLING_POLICY: BillingPolicy = { retryDays: [3, 5, 7], afterLastRetry: 'cancel' };
const DAY = 86_400;

export function createProduct(
  account: StripeAccount,
  input: { name: string; description?: string; metadata?: Record<string, string>; id?: string },
): Product {
  const product: Product = {
    id: input.id ?? account.newId('prod'),
    object: 'product',
    active: true,
    created: account.now(),
    description: input.description ?? null,
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    name: input.name,
  };
  account.products.set(product.id, product);
  return product;
}

export function createPrice(
  account: StripeAccount,
  input: {
    currency: string;
    unit_amount: number;
    product?: string;
    product_data?: { name: string };
    recurring?: { interval: 'day' | 'week' | 'month' | 'year'; interval_count?: number };
    nickname?: string;
    lookup_key?: string;
    metadata?: Record<string, string>;
  },
): Price {
  let productId = input.product;
  if (productId && !account.products.has(productId)) throw resourceMissing('product', productId, 'product');
  if (!productId) {
    if (!input.product_data)
      throw invalidRequest('Missing required param: product.', 'product', 'parameter_missing');
    productId = createProduct(account, input.product_data).id;
  }
  const price: Price = {
    id: account.newId('price'),
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: account.now(),
    currency: input.currency.toLowerCase(),
    livemode: account.livemode,
    lookup_key: input.lookup_key ?? null,
    metadata: input.metadata ?? {},
    nickname: input.nickname ?? null,
    product: productId,
    recurring: input.recurring
      ? {
          interval: input.recurring.interval,
          interval_count: input.recurring.interval_count ?? 1,
          meter: null,
          trial_period_days: null,
          usage_type: 'licensed',
        }
      : null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: input.unit_amount,
  };
  account.prices.set(price.id, price);
  return price;
}

function recurringPrice(account: StripeAccount, id: string, param: string): Price {
  const price = account.prices.get(id);
  if (!price) throw resourceMissing('price', id, param);
  if (!price.recurring)
    throw invalidRequest(
      `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
      param,
    );
  return price;
}

/** The end of a period that starts at `start` (calendar months in UTC, as Stripe bills). */
export function periodEnd(start: number, recurring: NonNullable<Price['recurring']>): number {
  const date = new Date(start * 1000);
  const n = recurring.interval_count;
  if (recurring.interval === 'day') return start + n * DAY;
  if (recurring.interval === 'week') return start + 7 * n * DAY;
  const months = recurring.interval === 'month' ? n : 12 * n;
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}

export interface ItemInput {
  id?: string;
  price?: string;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string>;
}

export function getSubscription(account: StripeAccount, id: string): Subscription {
  const subscription = account.subscriptions.get(id);
  if (!subscription) throw resourceMissing('subscription', id);
  return subscription;
}

export function createSubscription(
  account: StripeAccount,
  policy: BillingPolicy,
  input: {
    customer: string;
    items: ItemInput[];
    default_payment_method?: string;
    description?: string;
    metadata?: Record<string, string>;
    cancel_at_period_end?: boolean;
  },
): Subscription {
  const customer = getCustomer(account, input.customer, 'customer');
  if (input.items.length === 0)
    throw invalidRequest('Missing required param: items.', 'items', 'parameter_missing');
  const id = account.newId('sub');
  const now = account.now();
  const subscription: Subscription = {
    id,
    object: 'subscription',
    billing_cycle_anchor: now,
    cancel_at: null,
    cancel_at_period_end: input.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: now,
    currency: '',
    customer: customer.id,
    days_until_due: null,
    default_payment_method: input.default_payment_method ?? null,
    description: input.description ?? null,
    ended_at: null,
    latest_invoice: null,
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    start_date: now,
    status: 'incomplete',
    trial_end: null,
    trial_start: null,
    items: list([], `/v1/subscription_items?subscription=${id}`),
  };
  subscription.items.data = input.items.map((item, i) => newItem(account, subscription, item, i, now));
  const params = new Map(subscription.items.data.map((item, i) => [item.id, `items[${i}][price]`]));
  checkItems(subscription, (itemId) => params.get(itemId) ?? 'items');
  account.subscriptions.set(id, subscription);
  account.emit('customer.subscription.created', subscription);
  const invoice = invoiceFor(account, subscription, 'subscription_create');
  // Paid, the subscription turns active (customer.subscription.updated); declined, it stays incomplete.
  attemptPayment(account, policy, invoice);
  return subscription;
}

function newItem(
  account: StripeAccount,
  subscription: Subscription,
  input: ItemInput,
  index: number,
  periodStart: number,
): SubscriptionItem {
  if (!input.price)
    throw invalidRequest(
      'Missing required param: items[' + index + '][price].',
      `items[${index}][price]`,
      'parameter_missing',
    );
  const price = recurringPrice(account, input.price, `items[${index}][price]`);
  const current = subscription.items.data[0];
  return {
    id: account.newId('si'),
    object: 'subscription_item',
    created: account.now(),
    current_period_start: current?.current_period_start ?? periodStart,
    current_period_end: current?.current_period_end ?? periodEnd(periodStart, price.recurring!),
    metadata: input.metadata ?? {},
    price: structuredClone(price),
    quantity: input.quantity ?? 1,
    subscription: subscription.id,
  };
}

/**
 * Stripe's rules for one subscription: one currency, one billing interval. `paramOf` names the
 * request parameter that brought each item (an item kept from before is blamed on `items`).
 */
function checkItems(subscription: Subscription, paramOf: (itemId: string) => string): void {
  const items = subscription.items.data;
  const first = items[0]?.price;
  if (!first) return;
  for (const item of items) {
    const a = item.price.recurring;
    const b = first.recurring;
    if (
      item.price.currency !== first.currency ||
      a?.interval !== b?.interval ||
      a?.interval_count !== b?.interval_count
    )
      throw invalidRequest(
        'Currency and interval fields must match across all plans on this subscription.',
        paramOf(item.id),
      );
  }
  subscription.currency = first.currency;
}

export function updateSubscription(
  account: StripeAccount,
  id: string,
  input: {
    items?: ItemInput[];
    cancel_at_period_end?: boolean;
    default_payment_method?: string;
    metadata?: Record<string, string>;
    description?: string;
  },
): Subscription {
  const subscription = getSubscription(account, id);
  if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired')
    throw invalidRequest(
      `A canceled subscription can only update its cancellation_details and metadata.`,
      undefined,
    );
  const before = structuredClone(subscription);
  // Changes are made to a draft: a refused request leaves the subscription as it was.
  const draft = structuredClone(subscription);
  const params = new Map<string, string>();
  (input.items ?? []).forEach((change, i) => {
    if (change.id) {
      const item = draft.items.data.find((it) => it.id === change.id);
      if (!item) throw resourceMissing('subscription_item', change.id, `items[${i}][id]`);
      if (change.deleted) {
        draft.items.data = draft.items.data.filter((it) => it.id !== change.id);
        return;
      }
      if (change.price)
        item.price = structuredClone(recurringPrice(account, change.price, `items[${i}][price]`));
      if (change.quantity !== undefined) item.quantity = change.quantity;
      if (change.metadata) item.metadata = mergeMetadata(item.metadata, change.metadata);
      params.set(item.id, `items[${i}][price]`);
    } else {
      const item = newItem(account, draft, change, i, account.now());
      draft.items.data.push(item);
      params.set(item.id, `items[${i}][price]`);
    }
  });
  if (draft.items.data.length === 0)
    throw invalidRequest('A subscription must have at least one item.', 'items');
  checkItems(draft, (itemId) => params.get(itemId) ?? 'items');
  subscription.items = draft.items;
  subscription.currency = draft.currency;
  if (input.cancel_at_period_end !== undefined) {
    subscription.cancel_at_period_end = input.cancel_at_period_end;
    subscription.cancel_at = input.cancel_at_period_end
      ? (subscription.items.data[0]?.current_period_end ?? null)
      : null;
  }
  if (input.default_payment_method !== undefined)
    subscription.default_payment_method = input.default_payment_method || null;
  if (input.metadata) subscription.metadata = mergeMetadata(subscription.metadata, input.metadata);
  if (input.description !== undefined) subscription.description = input.description || null;
  const changed = previousAttributes(before, subscription);
  if (Object.keys(changed).length > 0) account.emit('customer.subscription.updated', subscription, changed);
  return subscription;
}

export function cancelSubscription(
  account: StripeAccount,
  id: string,
  reason: 'cancellation_requested' | 'payment_failed' = 'cancellation_requested',
): Subscription {
  const subscription = getSubscription(account, id);
  if (subscription.status === 'canceled')
    throw invalidRequest(`No such subscription: '${id}'`, 'id', 'resource_missing');
  subscription.status = 'canceled';
  subscription.canceled_at = account.now();
  subscription.ended_at = account.now();
  subscription.cancellation_details = { comment: null, feedback: null, feedback_option: null, reason };
  account.emit('customer.subscription.deleted', subscription);
  return subscription;
}

export function getInvoice(account: StripeAccount, id: string): Invoice {
  const invoice = account.invoices.get(id);
  if (!invoice) throw resourceMissing('invoice', id);
  return invoice;
}

/** Drafts, finalizes (number, open) and returns the invoice for the subscription's current period. */
function invoiceFor(
  account: StripeAccount,
  subscription: Subscription,
  reason: 'subscription_create' | 'subscription_cycle',
): Invoice {
  const customer = getCustomer(account, subscription.customer as string);
  const first = subscription.items.data[0];
  const periodStart = first?.current_period_start ?? account.now();
  const periodEndAt = first?.current_period_end ?? account.now();
  const lines: InvoiceLine[] = subscription.items.data.map((item) => ({
    id: account.newId('il'),
    object: 'line_item',
    amount: (item.price.unit_amount ?? 0) * (item.quantity ?? 1),
    currency: item.price.currency,
    description: `${item.quantity ?? 1} × ${item.price.nickname ?? (item.price.product as string)}`,
    livemode: account.livemode,
    metadata: {},
    period: { start: periodStart, end: periodEndAt },
    quantity: item.quantity ?? 1,
    price: structuredClone(item.price),
  }));
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const id = account.newId('in');
  const now = account.now();
  const invoice: Invoice = {
    id,
    object: 'invoice',
    amount_due: total,
    amount_paid: 0,
    amount_remaining: total,
    attempt_count: 0,
    attempted: false,
    auto_advance: true,
    billing_reason: reason,
    collection_method: 'charge_automatically',
    created: now,
    currency: subscription.currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    description: null,
    due_date: null,
    effective_at: now,
    livemode: account.livemode,
    metadata: {},
    next_payment_attempt: null,
    number: account.nextInvoiceNumber(customer.invoice_prefix ?? 'SANDBOX'),
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
      type: 'subscription_details',
    },
    period_end: periodStart,
    period_start: periodStart,
    status: 'open',
    status_transitions: { finalized_at: now, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: total,
    total,
    lines: list(lines, `/v1/invoices/${id}/lines`),
  };
  account.invoices.set(id, invoice);
  subscription.latest_invoice = id;
  account.emit('invoice.created', invoice);
  account.emit('invoice.finalized', invoice);
  return invoice;
}

/**
 * One processor attempt at an open invoice (attempt_count counts each). Success: paid. Failure:
 * next_payment_attempt from the retry schedule (none for a subscription's first invoice, as
 * Stripe leaves an incomplete subscription to the customer), invoice.payment_failed, and the
 * subscription past_due; after the last retry, the policy's end state.
 */
export function attemptPayment(account: StripeAccount, policy: BillingPolicy, invoice: Invoice): boolean {
  const firstInvoice = invoice.billing_reason === 'subscription_create';
  const subscriptionId = invoice.parent?.subscription_details?.subscription as string | undefined;
  const subscription = subscriptionId ? account.subscriptions.get(subscriptionId) : undefined;
  const customer = getCustomer(account, invoice.customer as string);
  const paymentMethod =
    (subscription?.default_payment_method as string | null) ??
    (customer.invoice_settings.default_payment_method as string | null);
  invoice.attempt_count++;
  invoice.attempted = true;
  let paid = false;
  if (paymentMethod && invoice.amount_due >= 50) {
    const intent = createPaymentIntent(account, {
      amount: invoice.amount_due,
      currency: invoice.currency,
      customer: customer.id,
      payment_method: paymentMethod,
      description:
        invoice.billing_reason === 'subscription_create' ? 'Subscription creation' : 'Subscription update',
    });
    try {
      confirmPaymentIntent(account, intent.id, {});
      paid = true;
    } catch (err) {
      if (!(err instanceof StripeApiError)) throw err;
    }
  } else if (invoice.amount_due === 0) paid = true;
  if (paid) {
    invoice.status = 'paid';
    invoice.amount_paid = invoice.amount_due;
    invoice.amount_remaining = 0;
    invoice.next_payment_attempt = null;
    invoice.status_transitions = { ...invoice.status_transitions, paid_at: account.now() };
    account.emit('invoice.paid', invoice);
    account.emit('invoice.payment_succeeded', invoice);
    if (subscription && ['past_due', 'unpaid', 'incomplete'].includes(subscription.status)) {
      const before = structuredClone(subscription);
      subscription.status = 'active';
      account.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription));
    }
    return true;
  }
  const retryIndex = invoice.attempt_count - 1;
  const delay = firstInvoice ? undefined : policy.retryDays[retryIndex];
  invoice.next_payment_attempt = delay === undefined ? null : account.now() + delay * DAY;
  account.emit('invoice.payment_failed', invoice);
  if (subscription && !firstInvoice) {
    const before = structuredClone(subscription);
    if (delay !== undefined) subscription.status = 'past_due';
    else if (policy.afterLastRetry === 'cancel') {
      cancelSubscription(account, subscription.id, 'payment_failed');
      return false;
    } else subscription.status = policy.afterLastRetry;
    const changed = previousAttributes(before, subscription);
    if (Object.keys(changed).length > 0) account.emit('customer.subscription.updated', subscription, changed);
  }
  return false;
}

/** POST /v1/invoices/:id/pay: an attempt now, outside the schedule; 402 when the card fails. */
export function payInvoice(account: StripeAccount, policy: BillingPolicy, id: string): Invoice {
  const invoice = getInvoice(account, id);
  if (invoice.status !== 'open')
    throw invalidRequest('Invoice is already paid', undefined, 'invoice_not_open');
  if (!attemptPayment(account, policy, invoice))
    throw new StripeApiError(402, {
      type: 'card_error',
      code: 'card_declined',
      message: 'Your card was declined.',
    });
  return invoice;
}

/**
 * What falls due up to `until` (unix seconds), oldest first, each at its own time: period ends
 * renew (or end a subscription set to cancel at period end) and scheduled retries run. A jump of
 * three months renews a monthly subscription three times.
 */
export function runDueWork(account: StripeAccount, policy: BillingPolicy, until: number): void {
  for (let guard = 0; guard < 10_000; guard++) {
    const next = nextDue(account, until);
    if (!next) return;
    account.nowOverride = next.at;
    try {
      if (next.kind === 'retry') attemptPayment(account, policy, next.invoice);
      else renew(account, policy, next.subscription);
    } finally {
      account.nowOverride = undefined;
    }
  }
}

type Due =
  { kind: 'retry'; at: number; invoice: Invoice } | { kind: 'renew'; at: number; subscription: Subscription };

function nextDue(account: StripeAccount, until: number): Due | undefined {
  let best: Due | undefined;
  for (const invoice of account.invoices.values()) {
    const at = invoice.next_payment_attempt;
    if (invoice.status === 'open' && at !== null && at <= until && (!best || at < best.at))
      best = { kind: 'retry', at, invoice };
  }
  for (const subscription of account.subscriptions.values()) {
    if (!['active', 'past_due', 'unpaid'].includes(subscription.status)) continue;
    const at = subscription.items.data[0]?.current_period_end;
    if (at !== undefined && at <= until && (!best || at < best.at))
      best = { kind: 'renew', at, subscription };
  }
  return best;
}

function renew(account: StripeAccount, policy: BillingPolicy, subscription: Subscription): void {
  if (subscription.cancel_at_period_end) {
    cancelSubscription(account, subscription.id);
    return;
  }
  const before = structuredClone(subscription);
  for (const item of subscription.items.data) {
    item.current_period_start = item.current_period_end;
    item.current_period_end = periodEnd(item.current_period_start, item.price.recurring!);
  }
  account.emit('customer.subscription.updated', subscription, previousAttributes(before, subscription));
  attemptPayment(account, policy, invoiceFor(account, subscription, 'subscription_cycle'));
}
