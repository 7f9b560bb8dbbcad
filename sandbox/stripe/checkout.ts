import type { ServerResponse } from 'node:http';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { StripeAccount } from './account';
import { invalidRequest, resourceMissing } from './errors';
import { currency, id, metadata, parseParams, positiveInt } from './params';
import { createPaymentIntent } from './payments';
import type { ApiRoute } from './routes';

/** A Checkout Session as the emulator serves it: a Pick of the SDK's own type. */
export type CheckoutSession = Pick<
  Stripe.Checkout.Session,
  | 'id'
  | 'object'
  | 'amount_subtotal'
  | 'amount_total'
  | 'cancel_url'
  | 'client_reference_id'
  | 'created'
  | 'currency'
  | 'customer'
  | 'customer_email'
  | 'expires_at'
  | 'livemode'
  | 'metadata'
  | 'mode'
  | 'payment_intent'
  | 'payment_status'
  | 'status'
  | 'success_url'
  | 'url'
>;

const lineItemInput = z.strictObject({
  quantity: positiveInt,
  price_data: z.strictObject({
    currency,
    unit_amount: positiveInt,
    product_data: z.strictObject({ name: z.string().min(1), description: z.string().optional() }),
  }),
});

/** The subset of SessionCreateParams emulated: one-off payments of ad-hoc prices. */
const sessionInput = z.strictObject({
  mode: z.literal('payment'),
  line_items: z.array(lineItemInput).min(1),
  success_url: z.url(),
  cancel_url: z.url().optional(),
  client_reference_id: z.string().max(200).optional(),
  customer: id.optional(),
  customer_email: z.string().optional(),
  metadata: metadata.optional(),
  payment_intent_data: z
    .strictObject({ metadata: metadata.optional(), description: z.string().optional() })
    .optional(),
});

interface Held {
  account: StripeAccount;
  session: CheckoutSession;
  intentData: { metadata: Record<string, string>; description?: string };
}

/** Stripe's hosted Checkout page lasts 24 hours unless told otherwise. */
const SESSION_SECONDS = 24 * 3600;

/**
 * Checkout Sessions (https://docs.stripe.com/api/checkout/sessions): create, retrieve, expire, and
 * the hosted page a customer pays on (`/checkout/pay/<id>` on the emulator, standing in for
 * checkout.stripe.com). Paying makes a PaymentIntent with the session's `payment_intent_data`
 * (its metadata is what the payment matcher reads) paid with the test card, and completes the
 * session with `checkout.session.completed`.
 */
export function createCheckout() {
  const sessions = new Map<string, Held>();

  const held = (account: StripeAccount, sessionId: string): Held => {
    const found = sessions.get(sessionId);
    if (!found || found.account !== account) throw resourceMissing('checkout.session', sessionId, 'session');
    return found;
  };

  function complete(sessionId: string, paymentMethod = 'pm_card_visa'): CheckoutSession {
    const found = sessions.get(sessionId);
    if (!found) throw resourceMissing('checkout.session', sessionId, 'session');
    const { account, session } = found;
    if (session.status !== 'open') throw invalidRequest(`This Checkout Session is ${session.status}.`);
    const intent = createPaymentIntent(account, {
      amount: session.amount_total ?? 0,
      currency: session.currency ?? 'usd',
      ...(typeof session.customer === 'string' ? { customer: session.customer } : {}),
      metadata: found.intentData.metadata,
      ...(found.intentData.description ? { description: found.intentData.description } : {}),
      payment_method: paymentMethod,
      confirm: true,
    });
    if (intent.status !== 'succeeded') return session;
    found.session = {
      ...session,
      status: 'complete',
      payment_status: 'paid',
      payment_intent: intent.id,
      url: null,
    };
    account.emit('checkout.session.completed', found.session);
    return found.session;
  }

  const routes: ApiRoute[] = [
    {
      method: 'POST',
      path: '/v1/checkout/sessions',
      handle: ({ account, params, origin }) => {
        const input = parseParams(sessionInput, params);
        const currencies = new Set(input.line_items.map((l) => l.price_data.currency));
        if (currencies.size !== 1)
          throw invalidRequest('All line items must have the same currency.', 'line_items');
        const amount = input.line_items.reduce((sum, l) => sum + l.quantity * l.price_data.unit_amount, 0);
        const sessionId = account.newId(account.livemode ? 'cs_live' : 'cs_test');
        const session: CheckoutSession = {
          id: sessionId,
          object: 'checkout.session',
          amount_subtotal: amount,
          amount_total: amount,
          cancel_url: input.cancel_url ?? null,
          client_reference_id: input.client_reference_id ?? null,
          created: account.now(),
          currency: [...currencies][0] ?? null,
          customer: input.customer ?? null,
          customer_email: input.customer_email ?? null,
          expires_at: account.now() + SESSION_SECONDS,
          livemode: account.livemode,
          metadata: input.metadata ?? {},
          mode: 'payment',
          payment_intent: null,
          payment_status: 'unpaid',
          status: 'open',
          success_url: input.success_url,
          url: `${origin}/checkout/pay/${sessionId}`,
        };
        sessions.set(sessionId, {
          account,
          session,
          intentData: {
            metadata: input.payment_intent_data?.metadata ?? {},
            ...(input.payment_intent_data?.description
              ? { description: input.payment_intent_data.description }
              : {}),
          },
        });
        return session;
      },
    },
    {
      method: 'GET',
      path: '/v1/checkout/sessions/:id',
      handle: ({ account, path }) => held(account, path.id!).session,
    },
    {
      method: 'POST',
      path: '/v1/checkout/sessions/:id/expire',
      handle: ({ account, path }) => {
        const found = held(account, path.id!);
        if (found.session.status !== 'open')
          throw invalidRequest(
            `Only open Checkout Sessions can be expired; this one is ${found.session.status}.`,
          );
        found.session = { ...found.session, status: 'expired', url: null };
        account.emit('checkout.session.expired', found.session);
        return found.session;
      },
    },
  ];

  /** The hosted page: GET shows the amount and a Pay button; POST pays and goes to success_url. */
  function hostedPage(method: 'GET' | 'POST', sessionId: string, res: ServerResponse): void {
    const found = sessions.get(sessionId);
    if (!found) return html(res, 404, '<h1>This payment page does not exist.</h1>');
    if (method === 'POST') {
      const session = complete(sessionId);
      if (session.status !== 'complete') return html(res, 402, '<h1>The card was declined.</h1>');
      res.writeHead(303, { location: session.success_url ?? '/' });
      res.end();
      return;
    }
    const { session } = found;
    if (session.status !== 'open') return html(res, 410, `<h1>This payment is ${session.status}.</h1>`);
    const amount = ((session.amount_total ?? 0) / 100).toFixed(2);
    html(
      res,
      200,
      `<main><h1>Pay ${escape(session.currency?.toUpperCase() ?? '')} ${amount}</h1>` +
        `<p>Stripe Checkout (sandbox): test card 4242 4242 4242 4242.</p>` +
        `<form method="post"><button type="submit">Pay</button></form></main>`,
    );
  }

  return {
    routes,
    complete,
    hostedPage,
    reset: () => sessions.clear(),
  };
}

export type StripeCheckout = ReturnType<typeof createCheckout>;

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="en"><head><title>Checkout</title></head><body>${body}</body></html>`);
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
