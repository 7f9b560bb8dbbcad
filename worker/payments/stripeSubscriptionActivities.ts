import type Stripe from 'stripe';
import { minorToMajor } from '../../workflows/domain/stripe/minorUnits';
import { subscriptionValue, type SubscriptionFacts } from '../../workflows/domain/stripe/subscriptionValue';
import type { AuditLog } from '../audit/auditLog';
import type { CrmTargets } from '../sync/crmTarget';
import type { MatchDeps } from './matchStripePayment';
import { xeroOrganisationsOf } from './matchStripePayment';
import { paymentSettingsOf } from './settleStripePayment';
import type { StripeCustomerLinks } from './stripeCustomerLinks';
import { type StripeSubscriptionStore, type StoredSubscription } from './stripeSubscriptionStore';

export interface StripeSubscriptionDeps extends Pick<MatchDeps, 'connections' | 'xeroApi'> {
  subscriptions: StripeSubscriptionStore;
  customerLinks: StripeCustomerLinks;
  stripeFor(installationId: string): Promise<Stripe>;
  crmTargets: CrmTargets;
  loadInstallationSettings(installationId: string): Promise<unknown>;
  audit: AuditLog;
  now?: () => Date;
}

export type SubscriptionEventFacts = SubscriptionFacts & {
  customer: string;
  metadata: Record<string, string>;
};

/** The deal's Xero invoice a subscription names itself, where it does. */
const XERO_INVOICE_ID_KEY = 'xero_invoice_id';
/** Renewal deals only for periods this long or longer: a monthly plan's every month is not a sale. */
export const RENEWAL_MIN_PERIOD_MONTHS = 3;
const DAY_MS = 86_400_000;

/** Months in one billing period of the subscription's first item, or null for weeks and days. */
function periodMonths(facts: SubscriptionFacts): number | null {
  const recurring = facts.items.data[0]?.price.recurring;
  if (!recurring) return null;
  if (recurring.interval === 'year') return 12 * recurring.interval_count;
  if (recurring.interval === 'month') return recurring.interval_count;
  return null;
}

/**
 * Subscriptions in the CRMs (issue #22): ARR, MRR, renewal date and status on the deal whose Xero
 * invoice the subscription belongs to, the account's totals over its customer's subscriptions, and
 * a renewal deal `renewalLeadDays` before a renewal of a quarterly-or-longer plan (made once per
 * period, by key). The workflow folds the events first, so what arrives here is the newest state.
 */
export function createStripeSubscriptionActivities(deps: StripeSubscriptionDeps) {
  const now = deps.now ?? (() => new Date());

  async function show(
    installationId: string,
    stored: StoredSubscription,
  ): Promise<{ renewalDueAt: string | null }> {
    if (!stored.xeroTenantId || !stored.currency) return { renewalDueAt: null };
    const settings = paymentSettingsOf(await deps.loadInstallationSettings(installationId));
    const major = (minor: number) => minorToMajor(minor, stored.currency ?? 'usd');
    const renewalDate = stored.renewsAt ? stored.renewsAt.toISOString().slice(0, 10) : null;
    for (const target of await deps.crmTargets.forXeroTenant(stored.xeroTenantId)) {
      const port = target.processorPayments;
      if (!port) continue;
      const deal = stored.xeroInvoiceId ? await port.dealForXeroInvoice(stored.xeroInvoiceId) : undefined;
      if (deal)
        await port.writeDealSubscription(deal.dealId, {
          status: stored.status ?? 'unknown',
          arr: major(stored.arrMinor),
          mrr: major(stored.mrrMinor),
          currency: stored.currency.toUpperCase(),
          renewalDate,
          stripeSubscriptionId: stored.subscriptionId,
        });
      const account = stored.xeroContactId
        ? await port.accountForXeroContact(stored.xeroContactId)
        : undefined;
      if (account && stored.xeroContactId) {
        const totals = await deps.subscriptions.contactTotals(
          installationId,
          stored.xeroContactId,
          stored.currency,
        );
        await port.writeAccountFigures(account.accountId, {
          subscriptions: {
            arr: major(totals.arrMinor),
            mrr: major(totals.mrrMinor),
            currency: stored.currency.toUpperCase(),
          },
        });
      }
      const lead = settings.renewalLeadDays;
      const renewable =
        lead !== null && renewalDate !== null && (stored.periodMonths ?? 0) >= RENEWAL_MIN_PERIOD_MONTHS;
      if (renewable && stored.renewsAt && stored.renewsAt.getTime() - lead * DAY_MS <= now().getTime()) {
        const result = await port.ensureRenewalDeal({
          renewalKey: `${stored.subscriptionId}:${renewalDate}`,
          accountId: account?.accountId ?? deal?.accountId ?? null,
          name: `Renewal ${renewalDate}: ${account?.name ?? deal?.name ?? stored.subscriptionId}`,
          amount: major(stored.periodAmountMinor),
          currency: stored.currency.toUpperCase(),
          closeDate: renewalDate,
          ownerId: deal?.ownerId ?? account?.ownerId ?? null,
        });
        if (result.created)
          await deps.audit.record({
            action: 'stripe_renewal_deal_created',
            outcome: 'succeeded',
            actor: 'webhook:stripe',
            subject: {
              installationId,
              stripeSubscriptionId: stored.subscriptionId,
              [`${target.vendor}DealId`]: result.recordId,
            },
            detail: { renewalDate, leadDays: lead },
          });
      }
    }
    const due =
      settings.renewalLeadDays !== null &&
      stored.renewsAt &&
      (stored.periodMonths ?? 0) >= RENEWAL_MIN_PERIOD_MONTHS
        ? new Date(stored.renewsAt.getTime() - settings.renewalLeadDays * DAY_MS)
        : null;
    return { renewalDueAt: due && due.getTime() > now().getTime() ? due.toISOString() : null };
  }

  return {
    /**
     * Stores and shows the subscription's newest state; answers when its renewal deal falls due (in
     * the future), for the workflow to come back then.
     */
    async applyStripeSubscription(input: {
      installationId: string;
      eventId: string;
      subscription: SubscriptionEventFacts;
    }): Promise<{ renewalDueAt: string | null; valued: boolean }> {
      const { installationId, subscription } = input;
      const value = subscriptionValue(subscription);
      const known = await deps.subscriptions.get(installationId, subscription.id);
      const organisations = await xeroOrganisationsOf(deps, installationId);
      const link = await deps.customerLinks.resolve({
        installationId,
        customerId: subscription.customer,
        stripe: await deps.stripeFor(installationId),
        organisations,
      });
      const months = periodMonths(subscription);
      const arrMinor = value.kind === 'valued' ? value.arr : 0;
      const named = subscription.metadata[XERO_INVOICE_ID_KEY]?.trim();
      const stored = await deps.subscriptions.saveValue(installationId, {
        subscriptionId: subscription.id,
        customerId: subscription.customer,
        status: subscription.status,
        currency: value.kind === 'valued' ? value.currency : (known?.currency ?? null),
        arrMinor,
        mrrMinor: value.kind === 'valued' ? value.mrr : 0,
        periodAmountMinor: months ? Math.round((arrMinor * months) / 12) : 0,
        periodMonths: months,
        renewsAt: value.kind === 'valued' && value.renewsAt ? new Date(value.renewsAt) : null,
        xeroTenantId: link.kind === 'linked' ? link.xeroTenantId : (known?.xeroTenantId ?? null),
        xeroContactId: link.kind === 'linked' ? link.xeroContactId : (known?.xeroContactId ?? null),
        ...(named ? { xeroInvoiceId: named } : {}),
      });
      await deps.audit.record({
        action: 'stripe_subscription_applied',
        outcome: value.kind === 'valued' ? 'succeeded' : 'skipped',
        actor: 'webhook:stripe',
        subject: {
          installationId,
          stripeSubscriptionId: subscription.id,
          xeroContactId: stored.xeroContactId,
        },
        detail: {
          eventId: input.eventId,
          status: subscription.status,
          arrMinor: stored.arrMinor,
          renewsAt: stored.renewsAt?.toISOString() ?? null,
          customerLink: link.kind,
          ...(value.kind === 'unsupported' ? { why: `${value.param}: ${value.reason}` } : {}),
        },
      });
      return { ...(await show(installationId, stored)), valued: value.kind === 'valued' };
    },

    /** A subscription's Stripe invoice was matched to a Xero invoice: that invoice's deal shows the subscription. */
    async noteSubscriptionInvoice(input: {
      installationId: string;
      subscriptionId: string;
      customerId: string;
      xeroTenantId: string;
      xeroInvoiceId: string;
    }): Promise<void> {
      const stored = await deps.subscriptions.noteInvoice(input.installationId, input);
      if (stored.status) await show(input.installationId, stored);
    },

    /** The renewal deal once its day has come (the workflow's timer); nothing if the subscription changed since. */
    async ensureStripeRenewal(input: {
      installationId: string;
      subscriptionId: string;
    }): Promise<{ renewalDueAt: string | null }> {
      const stored = await deps.subscriptions.get(input.installationId, input.subscriptionId);
      return stored ? show(input.installationId, stored) : { renewalDueAt: null };
    },
  };
}

export type StripeSubscriptionActivities = ReturnType<typeof createStripeSubscriptionActivities>;
