import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { StripeDealActivities } from '../../worker/payments/stripeDealActivities';
import type { StripePaymentActivities } from '../../worker/payments/stripePaymentActivities';
import type { StripeSubscriptionActivities } from '../../worker/payments/stripeSubscriptionActivities';
import { stripeStep } from '../activityOptions';
import { minorToMajor } from '../domain/stripe/minorUnits';
import { dealPaymentStateOf } from './dealPaymentState';
import { failedAttemptCount, foldStripeObject, type StripeObjectFacts } from './stripeObjectFacts';
import {
  stripeEventSignal,
  stripeObjectEventsQuery,
  stripeObjectResettleSignal,
  stripeObjectStateQuery,
  type StripeInvoiceLink,
  type StripeObjectEvent,
  type StripeObjectInput,
  type StripeObjectView,
} from './stripeObjectSignals';

const payments = proxyActivities<StripePaymentActivities>(stripeStep);
const deals = proxyActivities<StripeDealActivities>(stripeStep);
const subscriptions = proxyActivities<StripeSubscriptionActivities>(stripeStep);

const IDLE_BEFORE_ENDING_MS = 30 * 86_400_000;
/** Looks (every RECHECK_MS) for the deal of a matched invoice that has none yet: a day, then none. */
const MAX_DEAL_CHECKS = 96;
/** A failed step is tried again this soon, not only at the object's next event. */
const RECHECK_MS = 15 * 60_000;

/**
 * One Stripe object's story (a payment intent with its refunds and disputes, a Stripe invoice, a
 * subscription), ID `stripe:<installation>:<type>:<id>`. Events are kept once each in Stripe's
 * order and folded into facts (stripeObjectFacts.ts); each pass acts on the facts, and each step is
 * named in `done` once taken, so a duplicate, a late older event or a replay repeats nothing:
 *  - a payment: matched to its Xero invoice; the first success settled against Xero (link, or a
 *    Xero payment with an Idempotency-Key); the state (paid / failed with the retry counter /
 *    refunded / disputed) shown on the invoice's deals; each failed attempt counted to the invoice's
 *    collection workflow, a payment stopping it; a dispute's task for the owner;
 *  - a subscription: its value, renewal date and status on its deal and account, and a timer for
 *    its renewal deal.
 * Idle for 30 days (no renewal pending) it ends; the next event starts it again.
 */
export async function stripeObjectWorkflow(input: StripeObjectInput): Promise<void> {
  const events: StripeObjectEvent[] = [...(input.events ?? [])];
  const done = new Set(input.done ?? []);
  let link: StripeInvoiceLink | null | undefined = input.link;
  let shown: string | null = null;
  let renewalDueAt: string | null = input.renewalDueAt ?? null;
  let problem: StripeObjectView['problem'] = null;
  let applied = -1;
  let dealChecks = 0;

  setHandler(stripeEventSignal, (event) => {
    // Stripe delivers at least once, and the ingress may hand an event over twice after a crash.
    if (events.some((e) => e.eventId === event.eventId)) return;
    const at = events.findIndex((e) => e.created > event.created);
    events.splice(at === -1 ? events.length : at, 0, event);
  });
  let resettle = false;
  setHandler(stripeObjectResettleSignal, () => {
    // The settlement reads the person's decision from the store; the link follows it.
    link = undefined;
    done.delete('matched');
    done.delete('settled');
    shown = null;
    resettle = true;
  });
  setHandler(stripeObjectEventsQuery, () => events);
  setHandler(stripeObjectStateQuery, () => ({
    events: events.length,
    link,
    done: [...done],
    shown,
    renewalDueAt,
    problem,
  }));

  /** Runs a step; a failure is shown and the step tried again at the next pass. */
  async function attempt(step: string, run: () => Promise<void>): Promise<boolean> {
    try {
      await run();
      if (problem?.step === step) problem = null;
      return true;
    } catch (err) {
      const failure =
        err instanceof ActivityFailure ? err.cause : err instanceof ApplicationFailure ? err : undefined;
      if (!failure) throw err;
      const type = failure instanceof ApplicationFailure ? failure.type : 'error';
      problem = { step, error: `${type ?? 'error'}: ${failure.message}` };
      return false;
    }
  }
  /** A step taken once for good (named in `done`, carried over continue-as-new). */
  async function once(step: string, run: () => Promise<void>): Promise<void> {
    if (!done.has(step) && (await attempt(step, run))) done.add(step);
  }

  async function actOnPayment(facts: StripeObjectFacts): Promise<void> {
    const payment = facts.payment;
    if (!payment) return;
    if (link === undefined)
      await once('matched', async () => {
        const found = await payments.matchStripePayment({ installationId: input.installationId, payment });
        link =
          found.match.kind === 'matched' && found.xeroTenantId
            ? { xeroTenantId: found.xeroTenantId, xeroInvoiceId: found.match.xeroInvoiceId }
            : null;
      });
    const succeeded = facts.succeeded;
    if (succeeded)
      await once('settled', async () => {
        const settled = await payments.settleStripePayment({
          installationId: input.installationId,
          eventId: succeeded.eventId,
          payment,
        });
        // The settlement's invoice wins (a person may have chosen it).
        if (settled.xeroTenantId && settled.xeroInvoiceId)
          link = { xeroTenantId: settled.xeroTenantId, xeroInvoiceId: settled.xeroInvoiceId };
      });
    if (!link) return;
    const invoice = { installationId: input.installationId, ...link };

    const subscriptionId = payment.subscriptionId;
    if (subscriptionId && payment.customer) {
      const customerId = payment.customer;
      await once(`subscription-invoice:${subscriptionId}`, () =>
        subscriptions.noteSubscriptionInvoice({ ...invoice, subscriptionId, customerId }),
      );
    }
    const state = dealPaymentStateOf(facts);
    const newest = events[events.length - 1]?.eventId ?? '';
    const key = state ? JSON.stringify(state) : null;
    if (state && key !== shown)
      await attempt('show-on-deal', async () => {
        const written = await deals.showStripePaymentOnDeal({ ...invoice, state, eventId: newest });
        // No deal holds the invoice yet (a backfill still running): looked for again, a while.
        if (written.length === 0 && dealChecks++ < MAX_DEAL_CHECKS)
          throw ApplicationFailure.retryable('no CRM deal holds the invoice yet', 'NoDealYet');
        shown = key;
      });
    const failures = failedAttemptCount(facts.failures);
    if (failures > 0 && !succeeded)
      await once(`collection-failed:${failures}`, () =>
        deals.notifyCollection({ ...invoice, kind: 'failed', eventId: newest, failedAttempts: failures }),
      );
    if (succeeded)
      await once('collection-paid', () =>
        deals.notifyCollection({ ...invoice, kind: 'paid', reference: payment.id }),
      );
    const dispute = facts.dispute;
    if (dispute)
      await once(`dispute:${dispute.id}`, async () => {
        await deals.openStripeDisputeTask({
          ...invoice,
          disputeId: dispute.id,
          reason: dispute.reason,
          amount: minorToMajor(dispute.amount, payment.currency),
          currency: payment.currency,
          stripeReference: payment.id,
        });
      });
  }

  async function actOnSubscription(facts: StripeObjectFacts, renewalDue: boolean): Promise<void> {
    const subscription = facts.subscription;
    if (!subscription) return;
    const newest = events[events.length - 1]?.eventId ?? '';
    if (renewalDue && renewalDueAt)
      await once(`renewal:${renewalDueAt}`, async () => {
        ({ renewalDueAt } = await subscriptions.ensureStripeRenewal({
          installationId: input.installationId,
          subscriptionId: subscription.id,
        }));
      });
    await once(`applied:${newest}`, async () => {
      ({ renewalDueAt } = await subscriptions.applyStripeSubscription({
        installationId: input.installationId,
        eventId: newest,
        subscription,
      }));
    });
  }

  let renewalDue = false;
  for (;;) {
    if (events.length !== applied || renewalDue || problem || resettle) {
      resettle = false;
      applied = events.length;
      const facts = foldStripeObject(events);
      if (input.objectType === 'subscription') await actOnSubscription(facts, renewalDue);
      else await actOnPayment(facts);
      renewalDue = false;
    }
    // Events that came in while the pass ran are acted on now, not at the next event.
    const seen = applied;
    const untilRenewal = renewalDueAt ? Math.max(0, Date.parse(renewalDueAt) - Date.now()) : undefined;
    const wait = Math.min(IDLE_BEFORE_ENDING_MS, untilRenewal ?? Infinity, problem ? RECHECK_MS : Infinity);
    const more = await condition(() => events.length !== seen || resettle, wait);
    if (!more) {
      if (untilRenewal !== undefined && wait === untilRenewal) renewalDue = true;
      else if (!problem) return;
    }
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof stripeObjectWorkflow>({
        ...input,
        events,
        done: [...done],
        renewalDueAt,
        ...(link !== undefined ? { link } : {}),
      });
  }
}
