import { getFieldValue, type RecordRepresentation } from 'lightning/uiRecordApi';
import ARR from '@salesforce/schema/Account.Subscription_ARR__c';
import MRR from '@salesforce/schema/Account.Subscription_MRR__c';
import DSO from '@salesforce/schema/Account.Days_Sales_Outstanding__c';
import CURRENT from '@salesforce/schema/Account.Receivables_Current__c';
import DAYS_1_30 from '@salesforce/schema/Account.Receivables_1_30__c';
import DAYS_31_60 from '@salesforce/schema/Account.Receivables_31_60__c';
import DAYS_61_90 from '@salesforce/schema/Account.Receivables_61_90__c';
import OVER_90 from '@salesforce/schema/Account.Receivables_Over_90__c';
import AS_OF from '@salesforce/schema/Account.Receivables_As_Of__c';
import { amountOf, formatDate, formatLabel } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

/**
 * The account's Stripe subscription totals and nightly receivables (issue #22), asked for as
 * optional fields: a user without access to them still sees the rest of the panel.
 */
export const FIGURE_FIELDS = [ARR, MRR, DSO, CURRENT, DAYS_1_30, DAYS_31_60, DAYS_61_90, OVER_90, AS_OF];

export interface SubscriptionTotals {
  arr: number;
  mrr: number;
}

export interface ReceivablesView {
  heading: string;
  /** Days sales outstanding to one decimal, or '' with no sales in the window. */
  dso: string;
  buckets: Array<{ key: string; label: string; amount: number }>;
}

/** The subscription totals, or undefined before Ledgerbridge wrote any. */
export function subscriptionTotals(record: RecordRepresentation | undefined): SubscriptionTotals | undefined {
  const arr = amountOf(getFieldValue(record, ARR));
  if (arr === undefined) return undefined;
  return { arr, mrr: amountOf(getFieldValue(record, MRR)) ?? 0 };
}

/** The ageing the nightly run worked out, or undefined before it ran for this account. */
export function receivablesView(record: RecordRepresentation | undefined): ReceivablesView | undefined {
  const asOf = formatDate(getFieldValue(record, AS_OF));
  if (!asOf) return undefined;
  const dso = amountOf(getFieldValue(record, DSO));
  const amount = (field: typeof ARR) => amountOf(getFieldValue(record, field)) ?? 0;
  return {
    heading: formatLabel(LABELS.receivablesHeading, asOf),
    dso: dso === undefined ? '' : dso.toFixed(1),
    buckets: [
      { key: 'current', label: LABELS.agedCurrent, amount: amount(CURRENT) },
      { key: '1-30', label: LABELS.aged1to30, amount: amount(DAYS_1_30) },
      { key: '31-60', label: LABELS.aged31to60, amount: amount(DAYS_31_60) },
      { key: '61-90', label: LABELS.aged61to90, amount: amount(DAYS_61_90) },
      { key: '90+', label: LABELS.agedOver90, amount: amount(OVER_90) },
    ],
  };
}
