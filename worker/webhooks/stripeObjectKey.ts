import type { StripeEvent } from './stripeEventSchema';

export type StripeObjectType = 'payment_intent' | 'charge' | 'invoice' | 'subscription';

export interface StripeObjectKey {
  objectType: StripeObjectType;
  objectId: string;
}

/**
 * The object an event's story belongs to. A payment's refund and dispute join its payment intent,
 * so one workflow sees the payment, then its refund or dispute; a charge made without a payment
 * intent stands for itself. Invoices and subscriptions are their own objects.
 */
export function stripeObjectKeyOf(event: StripeEvent): StripeObjectKey {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed':
      return { objectType: 'payment_intent', objectId: event.data.object.id };
    case 'charge.refunded': {
      const c = event.data.object;
      return c.payment_intent
        ? { objectType: 'payment_intent', objectId: c.payment_intent }
        : { objectType: 'charge', objectId: c.id };
    }
    case 'charge.dispute.created': {
      const d = event.data.object;
      return d.payment_intent
        ? { objectType: 'payment_intent', objectId: d.payment_intent }
        : { objectType: 'charge', objectId: d.charge };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed':
      return { objectType: 'invoice', objectId: event.data.object.id };
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      return { objectType: 'subscription', objectId: event.data.object.id };
  }
}

/**
 * Readable and stable, so ops find an object's history in the Temporal UI by what they see in
 * Stripe: `stripe:<installation id>:payment_intent:pi_…`. Stripe IDs are case-sensitive: kept as is.
 */
export function stripeObjectWorkflowId(installationId: string, key: StripeObjectKey): string {
  return `stripe:${installationId}:${key.objectType}:${key.objectId}`;
}
