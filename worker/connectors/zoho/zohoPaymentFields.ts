import type { AccountFigures, DealPaymentState, SubscriptionState } from '../../payments/crmPaymentsPort';
import type { ZohoFields } from './zohoRecordDiff';
import { zohoDateTime } from './zohoRecordDiff';
import { ACCOUNT, ACCOUNT_FIGURES, DEAL_PAYMENT } from './zohoSchema';

/** A single-line text field's length (Zoho's default, as Salesforce's Last_Order__c). */
const TEXT_CHARS = 255;

/** Zoho keeps currency to the cent. */
export const money = (n: number): number => Math.round(n * 100) / 100;

/** Zoho keeps an empty text as null: compare like with like, or a replay writes again. */
const text = (value: string | null): string | null => (value ? value.slice(0, TEXT_CHARS) : null);

/** The processor's view of a deal's payment, as the deal's fields. */
export function dealPaymentFields(state: DealPaymentState): ZohoFields {
  const { dispute } = state;
  return {
    [DEAL_PAYMENT.status]: state.status,
    [DEAL_PAYMENT.retryCount]: state.failedAttempts,
    [DEAL_PAYMENT.nextAttempt]: state.nextAttemptAt ? zohoDateTime(new Date(state.nextAttemptAt)) : null,
    [DEAL_PAYMENT.lastDeclineCode]: text(state.lastDeclineCode),
    [DEAL_PAYMENT.refundedAmount]: money(state.refundedAmount),
    [DEAL_PAYMENT.dispute]: dispute
      ? text(`${dispute.status}: ${dispute.reason} (${dispute.amount.toFixed(2)})`)
      : null,
    [DEAL_PAYMENT.stripeReference]: text(state.stripeReference),
  };
}

/** A subscription's value on its deal. */
export function dealSubscriptionFields(state: SubscriptionState): ZohoFields {
  return {
    [DEAL_PAYMENT.subscriptionArr]: money(state.arr),
    [DEAL_PAYMENT.subscriptionMrr]: money(state.mrr),
    [DEAL_PAYMENT.renewalDate]: state.renewalDate,
    [DEAL_PAYMENT.subscriptionStatus]: text(state.status),
    [DEAL_PAYMENT.stripeSubscriptionId]: text(state.stripeSubscriptionId),
  };
}

/** The account's figures: each part only when given (the others stay as they are). */
export function accountFigureFields(figures: AccountFigures): ZohoFields {
  const { subscriptions: subs, receivables: r, orders } = figures;
  return {
    ...(subs
      ? {
          [ACCOUNT_FIGURES.subscriptionArr]: money(subs.arr),
          [ACCOUNT_FIGURES.subscriptionMrr]: money(subs.mrr),
        }
      : {}),
    ...(r
      ? {
          [ACCOUNT_FIGURES.receivablesAsOf]: r.asOf,
          [ACCOUNT_FIGURES.daysSalesOutstanding]:
            r.daysSalesOutstanding === null ? null : Math.round(r.daysSalesOutstanding * 10) / 10,
          [ACCOUNT_FIGURES.receivablesCurrent]: money(r.current),
          [ACCOUNT_FIGURES.receivables1to30]: money(r.days1to30),
          [ACCOUNT_FIGURES.receivables31to60]: money(r.days31to60),
          [ACCOUNT_FIGURES.receivables61to90]: money(r.days61to90),
          [ACCOUNT_FIGURES.receivablesOver90]: money(r.over90),
        }
      : {}),
    ...(orders
      ? {
          [ACCOUNT.ordersAwaitingBilling]: orders.awaitingCount,
          [ACCOUNT.ordersAwaitingAmount]: money(orders.awaitingAmount),
          [ACCOUNT.lastOrder]: text(orders.lastOrder),
        }
      : {}),
  };
}

/** Datetime fields of the payment writes: Zoho answers them in the org's time zone. */
export const DATETIME_FIELDS: readonly string[] = [DEAL_PAYMENT.nextAttempt];
