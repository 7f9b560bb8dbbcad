/**
 * ARR and MRR of a Stripe subscription from its items, and its renewal date, in Stripe's field
 * names and the currency's minor unit. Only a subscription that is billing (`active`, or `past_due`
 * while Stripe retries) carries value; trials, paused, unpaid, incomplete and cancelled ones are 0,
 * with their status beside it for the CRM. Discounts, taxes and metered usage are not part of it.
 */
export interface SubscriptionItemFacts {
  id: string;
  quantity?: number | undefined;
  /** Unix seconds; since API version 2025-03-31 it lives on the item, not the subscription. */
  current_period_end?: number | undefined;
  price: {
    id: string;
    currency: string;
    /** Null for tiered prices and prices with sub-unit decimals. */
    unit_amount: number | null;
    recurring: {
      interval: string;
      interval_count: number;
      usage_type?: string | undefined;
    } | null;
  };
}

export interface SubscriptionFacts {
  id: string;
  status: string;
  cancel_at_period_end: boolean;
  /** Unix seconds; a cancellation set for a date (absent means none). */
  cancel_at?: number | null | undefined;
  ended_at?: number | null | undefined;
  /** Before API version 2025-03-31 the period's end was here. */
  current_period_end?: number | undefined;
  items: { data: readonly SubscriptionItemFacts[] };
}

export type SubscriptionValue =
  | {
      kind: 'valued';
      status: string;
      currency: string;
      /** Minor units per year, rounded once for the whole subscription. */
      arr: number;
      /** ARR / 12, rounded. */
      mrr: number;
      /** ISO-8601 UTC; null when it will not renew. */
      renewsAt: string | null;
      /** ISO-8601 UTC, when it has ended or is set to end. */
      endsAt: string | null;
    }
  | { kind: 'unsupported'; reason: string; param: string };

const BILLING_STATUSES = new Set(['active', 'past_due']);
const ENDED_STATUSES = new Set(['canceled', 'incomplete_expired']);
const PERIODS_PER_YEAR: Record<string, number> = { year: 1, month: 12, week: 52, day: 365 };

const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

export function subscriptionValue(subscription: SubscriptionFacts): SubscriptionValue {
  const items = subscription.items.data;
  const currencies = new Set(items.map((item) => item.price.currency.toLowerCase()));
  if (items.length === 0) return { kind: 'unsupported', reason: 'has no items', param: 'items.data' };
  if (currencies.size > 1) {
    return {
      kind: 'unsupported',
      reason: 'items in several currencies',
      param: 'items.data[].price.currency',
    };
  }

  let annual = 0;
  for (const [index, item] of items.entries()) {
    const param = `items.data[${index}].price`;
    const { recurring, unit_amount } = item.price;
    if (!recurring)
      return { kind: 'unsupported', reason: 'price is not recurring', param: `${param}.recurring` };
    const perYear = PERIODS_PER_YEAR[recurring.interval];
    if (perYear === undefined) {
      return {
        kind: 'unsupported',
        reason: `interval ${recurring.interval}`,
        param: `${param}.recurring.interval`,
      };
    }
    if (!Number.isInteger(recurring.interval_count) || recurring.interval_count < 1) {
      return {
        kind: 'unsupported',
        reason: 'interval_count below 1',
        param: `${param}.recurring.interval_count`,
      };
    }
    if (recurring.usage_type === 'metered') {
      return { kind: 'unsupported', reason: 'metered usage', param: `${param}.recurring.usage_type` };
    }
    if (unit_amount === null) {
      return {
        kind: 'unsupported',
        reason: 'no unit_amount (tiered or decimal price)',
        param: `${param}.unit_amount`,
      };
    }
    annual += (unit_amount * (item.quantity ?? 1) * perYear) / recurring.interval_count;
  }

  const billing = BILLING_STATUSES.has(subscription.status);
  const arr = billing ? Math.round(annual) : 0;
  const periodEnds: number[] = [];
  for (const [index, item] of items.entries()) {
    const end = item.current_period_end ?? subscription.current_period_end;
    if (end === undefined) {
      return {
        kind: 'unsupported',
        reason: 'no current_period_end',
        param: `items.data[${index}].current_period_end`,
      };
    }
    periodEnds.push(end);
  }
  const periodEnd = Math.min(...periodEnds);
  const cancelAt = subscription.cancel_at ?? null;
  const ended = ENDED_STATUSES.has(subscription.status);
  const ending = subscription.cancel_at_period_end || cancelAt !== null;
  // A cancellation set beyond this period still lets the subscription renew at the period's end.
  const renews = !ended && !subscription.cancel_at_period_end && (cancelAt === null || cancelAt > periodEnd);
  const endsAtSeconds = ended ? (subscription.ended_at ?? cancelAt) : ending ? (cancelAt ?? periodEnd) : null;
  return {
    kind: 'valued',
    status: subscription.status,
    currency: [...currencies][0] ?? '',
    arr,
    mrr: billing ? Math.round(annual / 12) : 0,
    renewsAt: renews ? iso(periodEnd) : null,
    endsAt: endsAtSeconds === null ? null : iso(endsAtSeconds),
  };
}
