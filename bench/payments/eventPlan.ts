import { createRng, pick } from '../../sandbox/core/random';
import { paymentStory, subscriptionStory, idMaker, type PlantedInvoice, type Story } from './stories';
import { paymentIntent, stripeEvent, type StripeEventBody } from './stripeObjects';

export type Forgery = 'bad_signature' | 'wrong_secret' | 'stale_timestamp';
const FORGERIES: Forgery[] = ['bad_signature', 'wrong_secret', 'stale_timestamp'];

export interface Delivery {
  kind: 'first' | 'duplicate' | 'forged';
  forgery?: Forgery;
  event: StripeEventBody;
  body: string;
}

export interface EventPlan {
  deliveries: Delivery[];
  /** Each genuine event once. */
  unique: StripeEventBody[];
  /** Payments that succeeded on a planted invoice (their success event is in the stream). */
  settles: Array<{ stripePaymentId: string; xeroInvoiceId: string }>;
  forgedEventIds: Set<string>;
  counts: { unique: number; duplicates: number; outOfOrder: number; forged: number };
}

export interface PlanOptions {
  events: number;
  seed: number;
  /** Makes this run's IDs its own. */
  tag: string;
  invoices: PlantedInvoice[];
  /** Stripe `created` of the earliest story, seconds. */
  start: number;
}

export const SHARES = { duplicates: 0.2, outOfOrder: 0.1, forged: 0.05 };
const HORIZON_S = 60 * 86_400;

/**
 * The deliveries of one run, in the order they are sent: genuine events in Stripe's order
 * (`created`), 10% of them held back past a later event of their own object, 20% of all deliveries
 * repeats of an event already sent (half straight after it, as a retry racing the first delivery),
 * and 5% forged events (their kind rotating) anywhere in the stream.
 */
export function planEvents(options: PlanOptions): EventPlan {
  const rng = createRng(options.seed);
  const id = idMaker(options.tag);
  const duplicates = Math.round(options.events * SHARES.duplicates);
  const forged = Math.round(options.events * SHARES.forged);
  const uniqueCount = options.events - duplicates - forged;

  const stories: Story[] = [];
  const invoices = [...options.invoices];
  let total = 0;
  while (total < uniqueCount) {
    const at = options.start + Math.floor(rng() * HORIZON_S);
    const made =
      invoices.length > 0 && rng() < 0.6
        ? [paymentStory(rng, id, invoices.shift()!, at)]
        : subscriptionStory(rng, id, at);
    for (const story of made) total += story.events.length;
    stories.push(...made);
  }
  const storyOf = new Map<string, number>();
  stories.forEach((story, i) => story.events.forEach((e) => storyOf.set(e.id, i)));
  // Stripe's order, cut to the run's size: a story cut short simply continues after the run.
  const ordered = stories
    .flatMap((s) => s.events)
    .sort((a, b) => a.created - b.created)
    .slice(0, uniqueCount);
  const kept = new Set(ordered.map((e) => e.id));
  const settles = stories.flatMap((s) => {
    const success = s.events.find((e) => e.type === 'payment_intent.succeeded');
    return s.settles && success && kept.has(success.id) ? [s.settles] : [];
  });

  const outOfOrder = holdBack(ordered, storyOf, Math.round(uniqueCount * SHARES.outOfOrder), rng);

  // Sort keys: genuine events at their index, repeats and forgeries between them.
  const keyed: Array<{ key: number; delivery: Delivery }> = outOfOrder.sequence.map((event, i) => ({
    key: i,
    delivery: { kind: 'first', event, body: JSON.stringify(event) },
  }));
  for (let n = 0; n < duplicates; n++) {
    const i = Math.floor(rng() * keyed.length);
    const original = keyed[i]!.delivery;
    const later = rng() < 0.5 ? 0.5 : 1 + Math.floor(rng() * 300);
    keyed.push({ key: i + later + rng() * 0.1, delivery: { ...original, kind: 'duplicate' } });
  }
  const forgedEventIds = new Set<string>();
  for (let n = 0; n < forged; n++) {
    const invoice = pick(rng, options.invoices);
    const event = stripeEvent(
      id('evt'),
      'payment_intent.succeeded',
      paymentIntent(
        {
          id: id('pi'),
          chargeId: id('ch'),
          customer: id('cus'),
          amount: invoice.amountMinor,
          currency: invoice.currency,
          invoice: { xeroInvoiceId: invoice.xeroInvoiceId, xeroInvoiceNumber: invoice.number },
        },
        'succeeded',
      ),
      options.start + Math.floor(rng() * HORIZON_S),
    );
    forgedEventIds.add(event.id);
    keyed.push({
      key: rng() * uniqueCount,
      delivery: {
        kind: 'forged',
        forgery: FORGERIES[n % FORGERIES.length]!,
        event,
        body: JSON.stringify(event),
      },
    });
  }
  keyed.sort((a, b) => a.key - b.key);
  return {
    deliveries: keyed.map((k) => k.delivery),
    unique: ordered,
    settles,
    forgedEventIds,
    counts: { unique: uniqueCount, duplicates, outOfOrder: outOfOrder.moved, forged },
  };
}

/** Moves `count` events each to just after a later event of their own object (a delayed delivery). */
function holdBack(
  ordered: StripeEventBody[],
  storyOf: Map<string, number>,
  count: number,
  rng: () => number,
): { sequence: StripeEventBody[]; moved: number } {
  const sequence = [...ordered];
  const moved = new Set<string>();
  for (let tries = 0; moved.size < count && tries < count * 20; tries++) {
    const i = Math.floor(rng() * sequence.length);
    const event = sequence[i]!;
    if (moved.has(event.id)) continue;
    const story = storyOf.get(event.id);
    const j = sequence.findIndex((e, k) => k > i && storyOf.get(e.id) === story && e.created > event.created);
    if (j === -1) continue;
    sequence.splice(i, 1);
    sequence.splice(j, 0, event); // j shifted down by one: now just after that later event
    moved.add(event.id);
  }
  return { sequence, moved: moved.size };
}
