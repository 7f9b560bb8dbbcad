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
  /** Carried over by continue-as-new: what the workflow has already done (stripeObjectEffects.ts). */
  done?: string[];
}

export const stripeEventSignal = defineSignal<[StripeObjectEvent]>('stripeEvent');
export const stripeObjectEventsQuery = defineQuery<StripeObjectEvent[]>('stripeObjectEvents');
