import type Stripe from 'stripe';
import type { Clock } from '../core/clock';
import type { Rng } from '../core/random';
import type {
  Charge,
  Customer,
  Dispute,
  Event,
  Invoice,
  PaymentIntent,
  Price,
  Product,
  Refund,
  Subscription,
  WebhookEndpoint,
} from './objects';

/** The API version the pinned SDK sends (`Stripe-Version`) and events are rendered in by default. */
export const EMULATED_API_VERSION = '2026-10-28.endive';

/**
 * One Stripe account (a business) in the emulator: its objects, its events in order, and its API
 * keys' mode. Stripe keeps test and live data apart per key mode; the emulator makes each account
 * one mode.
 */
export class StripeAccount {
  readonly customers = new Map<string, Customer>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly products = new Map<string, Product>();
  readonly prices = new Map<string, Price>();
  readonly subscriptions = new Map<string, Subscription>();
  readonly invoices = new Map<string, Invoice>();
  readonly webhookEndpoints = new Map<string, WebhookEndpoint>();
  /** Oldest first. */
  readonly events: Event[] = [];
  /** Set while a clock advance replays due work, so objects carry the time it fell due. */
  nowOverride: number | undefined;
  /** The request being served, recorded on the events it causes (`request.id`). */
  currentRequest: Stripe.Event.Request | null = null;
  private invoiceSequence = 0;

  constructor(
    readonly id: string,
    readonly livemode: boolean,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly onEvent: (account: StripeAccount, event: Event) => void,
  ) {}

  /** Unix seconds. */
  now(): number {
    return this.nowOverride ?? Math.floor(this.clock.now() / 1000);
  }

  /** A Stripe-shaped ID: prefix, underscore, 14 characters (deterministic from the seed). */
  newId(prefix: string): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let out = '';
    for (let i = 0; i < 14; i++) out += alphabet[Math.floor(this.rng() * alphabet.length)];
    return `${prefix}_${out}`;
  }

  nextInvoiceNumber(prefix: string): string {
    this.invoiceSequence++;
    return `${prefix}-${String(this.invoiceSequence).padStart(4, '0')}`;
  }

  /** Records an event with a snapshot of the object as it is now, and hands it to delivery. */
  emit(type: Stripe.Event.Type, object: unknown, previous?: Record<string, unknown>): Event {
    const event: Event = {
      id: this.newId('evt'),
      object: 'event',
      api_version: EMULATED_API_VERSION,
      created: this.now(),
      livemode: this.livemode,
      pending_webhooks: 0,
      request: this.currentRequest,
      type,
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
    };
    this.events.push(event);
    this.onEvent(this, event);
    return event;
  }
}

/** The top-level fields whose values changed, with their old values (an event's previous_attributes). */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const old = before as Record<string, unknown>;
  const now = after as Record<string, unknown>;
  const changed: Record<string, unknown> = {};
  for (const key of Object.keys(now)) {
    if (JSON.stringify(old[key]) !== JSON.stringify(now[key])) changed[key] = old[key] ?? null;
  }
  return changed;
}
