import { z } from 'zod';
import type { StripeAccount } from './account';
import {
  cancelSubscription,
  createPrice,
  createProduct,
  createSubscription,
  getInvoice,
  getSubscription,
  payInvoice,
  updateSubscription,
  type BillingPolicy,
} from './billing';
import { resourceMissing } from './errors';
import type { FormValue } from './form';
import { paginate } from './list';
import type { Event } from './objects';
import { bool, currency, id, int, metadata, parseParams, positiveInt } from './params';
import {
  closeDispute,
  confirmPaymentIntent,
  createCustomer,
  createPaymentIntent,
  createRefund,
  getCharge,
  getCustomer,
  getDispute,
  getPaymentIntent,
  getRefund,
  updateCustomer,
  updatePaymentIntent,
} from './payments';
import type { StripeWebhooks } from './webhooks';

/** One call on the Stripe API, authenticated to its account. */
export interface ApiCall {
  account: StripeAccount;
  params: Record<string, FormValue>;
  path: Record<string, string>;
  /** The emulator's own origin as the client reached it (`http://host:port`): for URLs it hands out. */
  origin: string;
}

export interface ApiRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  handle(call: ApiCall): unknown;
}

const customerInput = z.strictObject({
  email: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  phone: z.string().optional(),
  metadata: metadata.optional(),
  payment_method: z.string().optional(),
  invoice_settings: z.strictObject({ default_payment_method: z.string().optional() }).optional(),
});

const paymentIntentInput = z.strictObject({
  amount: positiveInt,
  currency,
  customer: id.optional(),
  payment_method: id.optional(),
  payment_method_types: z.array(z.literal('card')).optional(),
  description: z.string().optional(),
  metadata: metadata.optional(),
  receipt_email: z.string().optional(),
  confirm: bool.optional(),
});

const itemInput = z.strictObject({
  id: id.optional(),
  price: id.optional(),
  quantity: positiveInt.optional(),
  deleted: bool.optional(),
  metadata: metadata.optional(),
});

const prorationBehavior = z.enum(['create_prorations', 'none', 'always_invoice']).optional();

export function apiRoutes(deps: { policy: BillingPolicy; webhooks: StripeWebhooks }): ApiRoute[] {
  const { policy, webhooks } = deps;
  const renderEvent = (event: Event): Event => ({ ...event, pending_webhooks: webhooks.pendingFor(event) });
  const values = <T>(map: Map<string, T>) => [...map.values()];
  const defaultPm = (input: z.infer<typeof customerInput>) =>
    input.invoice_settings?.default_payment_method ?? input.payment_method;
  return [
    // Customers
    {
      method: 'POST',
      path: '/v1/customers',
      handle: ({ account, params }) => {
        const input = parseParams(customerInput, params);
        const pm = defaultPm(input);
        return createCustomer(account, { ...input, ...(pm ? { default_payment_method: pm } : {}) });
      },
    },
    {
      method: 'GET',
      path: '/v1/customers/:id',
      handle: ({ account, path }) => getCustomer(account, path.id!),
    },
    {
      method: 'POST',
      path: '/v1/customers/:id',
      handle: ({ account, params, path }) => {
        const input = parseParams(customerInput, params);
        const pm = defaultPm(input);
        return updateCustomer(account, path.id!, {
          ...input,
          ...(pm !== undefined ? { default_payment_method: pm } : {}),
        });
      },
    },
    {
      method: 'GET',
      path: '/v1/customers',
      handle: ({ account, params }) =>
        paginate(
          values(account.customers),
          params,
          '/v1/customers',
          { email: z.string().optional() },
          (c, f) => (f.email === undefined ? true : c.email === f.email),
        ),
    },
    // PaymentIntents
    {
      method: 'POST',
      path: '/v1/payment_intents',
      handle: ({ account, params }) => createPaymentIntent(account, parseParams(paymentIntentInput, params)),
    },
    {
      method: 'GET',
      path: '/v1/payment_intents/:id',
      handle: ({ account, path }) => getPaymentIntent(account, path.id!),
    },
    {
      method: 'POST',
      path: '/v1/payment_intents/:id',
      handle: ({ account, params, path }) =>
        updatePaymentIntent(
          account,
          path.id!,
          parseParams(
            z.strictObject({
              metadata: metadata.optional(),
              description: z.string().optional(),
              payment_method: id.optional(),
            }),
            params,
          ),
        ),
    },
    {
      method: 'POST',
      path: '/v1/payment_intents/:id/confirm',
      handle: ({ account, params, path }) =>
        confirmPaymentIntent(
          account,
          path.id!,
          parseParams(z.strictObject({ payment_method: id.optional() }), params),
        ),
    },
    {
      method: 'GET',
      path: '/v1/payment_intents',
      handle: ({ account, params }) =>
        paginate(
          values(account.paymentIntents),
          params,
          '/v1/payment_intents',
          { customer: z.string().optional() },
          (p, f) => (f.customer === undefined ? true : p.customer === f.customer),
        ),
    },
    // Charges
    { method: 'GET', path: '/v1/charges/:id', handle: ({ account, path }) => getCharge(account, path.id!) },
    {
      method: 'GET',
      path: '/v1/charges',
      handle: ({ account, params }) =>
        paginate(
          values(account.charges),
          params,
          '/v1/charges',
          { customer: z.string().optional(), payment_intent: z.string().optional() },
          (c, f) =>
            (f.customer === undefined || c.customer === f.customer) &&
            (f.payment_intent === undefined || c.payment_intent === f.payment_intent),
        ),
    },
    // Refunds
    {
      method: 'POST',
      path: '/v1/refunds',
      handle: ({ account, params }) =>
        createRefund(
          account,
          parseParams(
            z.strictObject({
              payment_intent: id.optional(),
              charge: id.optional(),
              amount: positiveInt.optional(),
              reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
              metadata: metadata.optional(),
            }),
            params,
          ),
        ),
    },
    { method: 'GET', path: '/v1/refunds/:id', handle: ({ account, path }) => getRefund(account, path.id!) },
    // Disputes (created by the cardholder's bank: see the control route)
    { method: 'GET', path: '/v1/disputes/:id', handle: ({ account, path }) => getDispute(account, path.id!) },
    {
      method: 'POST',
      path: '/v1/disputes/:id/close',
      handle: ({ account, params, path }) => {
        parseParams(z.strictObject({}), params);
        return closeDispute(account, path.id!, 'lost');
      },
    },
    {
      method: 'GET',
      path: '/v1/disputes',
      handle: ({ account, params }) => paginate(values(account.disputes), params, '/v1/disputes'),
    },
    // Products and prices
    {
      method: 'POST',
      path: '/v1/products',
      handle: ({ account, params }) =>
        createProduct(
          account,
          parseParams(
            z.strictObject({
              id: z.string().optional(),
              name: z.string().min(1),
              description: z.string().optional(),
              metadata: metadata.optional(),
            }),
            params,
          ),
        ),
    },
    {
      method: 'POST',
      path: '/v1/prices',
      handle: ({ account, params }) =>
        createPrice(
          account,
          parseParams(
            z.strictObject({
              currency,
              unit_amount: int,
              product: id.optional(),
              product_data: z.strictObject({ name: z.string().min(1) }).optional(),
              recurring: z
                .strictObject({
                  interval: z.enum(['day', 'week', 'month', 'year']),
                  interval_count: positiveInt.optional(),
                })
                .optional(),
              nickname: z.string().optional(),
              lookup_key: z.string().optional(),
              metadata: metadata.optional(),
            }),
            params,
          ),
        ),
    },
    {
      method: 'GET',
      path: '/v1/prices/:id',
      handle: ({ account, path }) => {
        const price = account.prices.get(path.id!);
        if (!price) throw resourceMissing('price', path.id!);
        return price;
      },
    },
    // Subscriptions
    {
      method: 'POST',
      path: '/v1/subscriptions',
      handle: ({ account, params }) =>
        createSubscription(
          account,
          policy,
          parseParams(
            z.strictObject({
              customer: id,
              items: z.array(itemInput),
              default_payment_method: id.optional(),
              description: z.string().optional(),
              metadata: metadata.optional(),
              cancel_at_period_end: bool.optional(),
              payment_behavior: z
                .enum(['allow_incomplete', 'default_incomplete', 'error_if_incomplete'])
                .optional(),
              proration_behavior: prorationBehavior,
            }),
            params,
          ),
        ),
    },
    {
      method: 'GET',
      path: '/v1/subscriptions/:id',
      handle: ({ account, path }) => getSubscription(account, path.id!),
    },
    {
      method: 'POST',
      path: '/v1/subscriptions/:id',
      handle: ({ account, params, path }) =>
        updateSubscription(
          account,
          path.id!,
          parseParams(
            z.strictObject({
              items: z.array(itemInput).optional(),
              cancel_at_period_end: bool.optional(),
              default_payment_method: z.string().optional(),
              description: z.string().optional(),
              metadata: metadata.optional(),
              proration_behavior: prorationBehavior,
            }),
            params,
          ),
        ),
    },
    {
      method: 'DELETE',
      path: '/v1/subscriptions/:id',
      handle: ({ account, params, path }) => {
        parseParams(z.strictObject({ invoice_now: bool.optional(), prorate: bool.optional() }), params);
        return cancelSubscription(account, path.id!);
      },
    },
    {
      method: 'GET',
      path: '/v1/subscriptions',
      handle: ({ account, params }) =>
        paginate(
          values(account.subscriptions),
          params,
          '/v1/subscriptions',
          { customer: z.string().optional(), status: z.string().optional() },
          (s, f) =>
            (f.customer === undefined || s.customer === f.customer) &&
            // Stripe lists all but canceled subscriptions unless a status is asked for.
            (f.status === undefined ? s.status !== 'canceled' : f.status === 'all' || s.status === f.status),
        ),
    },
    // Invoices
    { method: 'GET', path: '/v1/invoices/:id', handle: ({ account, path }) => getInvoice(account, path.id!) },
    {
      method: 'POST',
      path: '/v1/invoices/:id/pay',
      handle: ({ account, params, path }) => {
        parseParams(z.strictObject({ payment_method: id.optional() }), params);
        return payInvoice(account, policy, path.id!);
      },
    },
    {
      method: 'GET',
      path: '/v1/invoices',
      handle: ({ account, params }) =>
        paginate(
          values(account.invoices),
          params,
          '/v1/invoices',
          {
            customer: z.string().optional(),
            subscription: z.string().optional(),
            status: z.string().optional(),
          },
          (i, f) =>
            (f.customer === undefined || i.customer === f.customer) &&
            (f.subscription === undefined ||
              i.parent?.subscription_details?.subscription === f.subscription) &&
            (f.status === undefined || i.status === f.status),
        ),
    },
    // Events
    {
      method: 'GET',
      path: '/v1/events/:id',
      handle: ({ account, path }) => {
        const event = account.events.find((e) => e.id === path.id);
        if (!event) throw resourceMissing('event', path.id!);
        return renderEvent(event);
      },
    },
    {
      method: 'GET',
      path: '/v1/events',
      handle: ({ account, params }) => {
        const page = paginate(
          account.events,
          params,
          '/v1/events',
          {
            type: z.string().optional(),
            types: z.array(z.string()).optional(),
            delivery_success: bool.optional(),
          },
          (e, f) => {
            const type = f.type as string | undefined;
            const types = f.types as string[] | undefined;
            const typeOk =
              type === undefined ||
              (type.endsWith('*') ? e.type.startsWith(type.slice(0, -1)) : e.type === type);
            return typeOk && (types === undefined || types.includes(e.type));
          },
        );
        return { ...page, data: page.data.map(renderEvent) };
      },
    },
    // Webhook endpoints
    {
      method: 'POST',
      path: '/v1/webhook_endpoints',
      handle: ({ account, params }) =>
        webhooks.createEndpoint(
          account,
          parseParams(
            z.strictObject({
              url: z.url(),
              enabled_events: z.array(z.string()).min(1),
              description: z.string().optional(),
              api_version: z.string().optional(),
            }),
            params,
          ),
        ),
    },
    {
      method: 'GET',
      path: '/v1/webhook_endpoints',
      handle: ({ account, params }) => {
        const page = paginate(values(account.webhookEndpoints), params, '/v1/webhook_endpoints');
        // The secret is shown once, on creation.
        return { ...page, data: page.data.map(({ secret: _secret, ...rest }) => rest) };
      },
    },
    {
      method: 'DELETE',
      path: '/v1/webhook_endpoints/:id',
      handle: ({ account, path }) => {
        if (!account.webhookEndpoints.delete(path.id!)) throw resourceMissing('webhook_endpoint', path.id!);
        return { id: path.id, object: 'webhook_endpoint', deleted: true };
      },
    },
  ];
}
