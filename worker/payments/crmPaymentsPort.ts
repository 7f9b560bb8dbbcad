import type { CrmWriteResult } from '../sync/crmTarget';

/**
 * What Ledgerbridge shows in a CRM about payments made through Stripe (issue #22), implemented by
 * each CRM adapter over its SDK (salesforcePaymentsPort.ts, hubspotPaymentsPort.ts). Every write is
 * diffed against what the record holds and repeats harmlessly; every task is made once per key.
 * Money is in major units of the record's currency (the CRM's own convention), dates ISO-8601.
 */
export interface CrmPaymentsPort {
  /** The deal/opportunity holding this Xero invoice (the Xero-to-CRM flow's link), if any. */
  dealForXeroInvoice(xeroInvoiceId: string): Promise<CrmDealRef | undefined>;
  /** The account/company linked to this Xero contact (holding its Xero contact ID), if any. */
  accountForXeroContact(xeroContactId: string): Promise<CrmAccountRef | undefined>;
  /** The processor's view of the deal's payment: status, retry counter, refunds, dispute. */
  writeDealPayment(dealId: string, state: DealPaymentState): Promise<CrmWriteResult>;
  /** A subscription's value on its deal: ARR, MRR, renewal date, status. */
  writeDealSubscription(dealId: string, state: SubscriptionState): Promise<CrmWriteResult>;
  /** The account's subscription totals and its receivables figures (each part written only when given). */
  writeAccountFigures(accountId: string, figures: AccountFigures): Promise<CrmWriteResult>;
  /**
   * An open task on the record (deal or account) for its owner, found again by `key` (written on
   * the task), so a retry or replay makes none twice. Returns the task's ID.
   */
  openTask(recordId: string, task: CrmTaskRequest): Promise<{ taskId: string; created: boolean }>;
  /**
   * The renewal opportunity/deal of a subscription's period, upserted by `renewalKey` (a unique
   * field on the record): made once, however often asked.
   */
  ensureRenewalDeal(request: RenewalDealRequest): Promise<CrmWriteResult>;
}

export interface CrmDealRef {
  dealId: string;
  name: string;
  accountId: string | null;
  /** The deal's owner (a Salesforce User ID / HubSpot owner ID), where set. */
  ownerId: string | null;
}

export interface CrmAccountRef {
  accountId: string;
  name: string;
  ownerId: string | null;
  /**
   * A person ticked the account for monthly billing (Salesforce Account.Monthly_Billing__c, HubSpot
   * `ledgerbridge_monthly_billing`): its orders are gathered and invoiced at month end. False when unset.
   */
  monthlyBilling: boolean;
}

/** `failed`: the last attempt failed and the processor will retry; `retries_exhausted`: it will not. */
export type DealPaymentStatus =
  'paid' | 'failed' | 'retries_exhausted' | 'refunded' | 'partially_refunded' | 'disputed';

export interface DealPaymentState {
  status: DealPaymentStatus;
  /** Real processor attempts that failed (the retry counter); 0 once none. */
  failedAttempts: number;
  /** When the processor tries again, or null. */
  nextAttemptAt: string | null;
  /** The last decline's code (e.g. `card_declined` / `insufficient_funds`), never its message. */
  lastDeclineCode: string | null;
  /** Refunded so far, in major units; 0 when none. */
  refundedAmount: number;
  /** The open dispute's status and reason (Stripe's words), or null. */
  dispute: { status: string; reason: string; amount: number } | null;
  /** The Stripe object the state is about (`pi_…`/`in_…`), shown for people to look it up. */
  stripeReference: string;
}

export interface SubscriptionState {
  /** Stripe's status (`active`, `past_due`, `canceled`, …). */
  status: string;
  /** In major units of `currency`. */
  arr: number;
  mrr: number;
  currency: string;
  /** YYYY-MM-DD, or null when it will not renew. */
  renewalDate: string | null;
  stripeSubscriptionId: string;
}

export interface AccountFigures {
  /** Sum over the account's live subscriptions in the installation's base currency (major units). */
  subscriptions?: { arr: number; mrr: number; currency: string };
  /** As of `asOf` (YYYY-MM-DD), major units of `currency`. */
  receivables?: {
    asOf: string;
    currency: string;
    daysSalesOutstanding: number | null;
    current: number;
    days1to30: number;
    days31to60: number;
    days61to90: number;
    over90: number;
  };
  /** The account's web-shop orders (issue #24). */
  orders?: AccountOrders;
}

export interface AccountOrders {
  /** Orders gathered for the month-end invoice and not invoiced yet, and their total (major units of `currency`). */
  awaitingCount: number;
  awaitingAmount: number;
  currency: string;
  /** The latest order in a line, e.g. `W-1042 · invoiced INV-0107 · 2026-11-03` (cut to 255 characters). */
  lastOrder: string;
}

export interface CrmTaskRequest {
  /** Stable per problem, e.g. `collection:<xero invoice id>:reminder:7`; the CRM never shows two open tasks with one key. */
  key: string;
  subject: string;
  body: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  priority: 'normal' | 'high';
  /** Who gets it; null: the record's owner. */
  ownerId: string | null;
}

export interface RenewalDealRequest {
  /** `<subscription id>:<period end date>`: one renewal per subscription period. */
  renewalKey: string;
  accountId: string | null;
  name: string;
  /** Major units. */
  amount: number;
  currency: string;
  /** YYYY-MM-DD: the renewal date. */
  closeDate: string;
  ownerId: string | null;
}
