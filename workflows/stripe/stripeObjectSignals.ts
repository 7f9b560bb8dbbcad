import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { JsonObject } from '../../worker/store/schema';

/** One accepted Stripe event as the ingress hands it to its object's workflow. */
export interface StripeObjectEvent {
  eventId: string;
  type: string;
  /** Stripe's `created`, seconds since the epoch. */
  created: number;
  livemode: boolean;
  /** The validated fields of `data.object` (worker/webhooks/stripeEventSchema.ts). */
  object: JsonObject;
}

export interface StripeObjectInput {
  installationId: string;
  objectType: string;
  objectId: string;
  /** Carried over by continue-as-new. */
  events?: StripeObjectEvent[];
  /** Carried over by continue-as-new: the steps already taken (stripeObject.ts names them). */
  done?: string[];
  /** Carried over by continue-as-new: the Xero invoice the payment was matched to, null when none. */
  link?: StripeInvoiceLink | null;
  /** Carried over by continue-as-new: when a subscription's renewal deal falls due. */
  renewalDueAt?: string | null;
}

export interface StripeInvoiceLink {
  xeroTenantId: string;
  xeroInvoiceId: string;
}

/** What the object's workflow has made of its events so far (the Temporal UI's query). */
export interface StripeObjectView {
  events: number;
  link: StripeInvoiceLink | null | undefined;
  done: string[];
  /** The payment's state as last shown on the deal. */
  shown: string | null;
  renewalDueAt: string | null;
  /** The last step that failed and why; it is tried again at the object's next event. */
  problem: { step: string; error: string } | null;
}

export const stripeEventSignal = defineSignal<[StripeObjectEvent]>('stripeEvent');
export const stripeObjectEventsQuery = defineQuery<StripeObjectEvent[]>('stripeObjectEvents');
/** A person decided an unclear payment (ops stripe-payment-resolve): match and settle it again. */
export const stripeObjectResettleSignal = defineSignal<[{ by: string }]>('stripeObjectResettle');
export const stripeObjectStateQuery = defineQuery<StripeObjectView>('stripeObjectState');
