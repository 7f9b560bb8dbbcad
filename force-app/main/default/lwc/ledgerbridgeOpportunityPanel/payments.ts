import { getFieldValue, type RecordRepresentation } from 'lightning/uiRecordApi';
import PAYMENT_STATUS from '@salesforce/schema/Opportunity.Payment_Status__c';
import NEXT_ATTEMPT from '@salesforce/schema/Opportunity.Next_Payment_Attempt__c';
import DECLINE_CODE from '@salesforce/schema/Opportunity.Last_Decline_Code__c';
import REFUNDED from '@salesforce/schema/Opportunity.Refunded_Amount__c';
import DISPUTE from '@salesforce/schema/Opportunity.Dispute_Status__c';
import SUBSCRIPTION_STATUS from '@salesforce/schema/Opportunity.Subscription_Status__c';
import ARR from '@salesforce/schema/Opportunity.Subscription_ARR__c';
import MRR from '@salesforce/schema/Opportunity.Subscription_MRR__c';
import RENEWAL_DATE from '@salesforce/schema/Opportunity.Renewal_Date__c';
import { amountOf, formatDate, formatDateTime } from 'c/ledgerbridgeFormat';

/**
 * The Stripe fields the panel shows (issue #22), asked for as optional fields: a user without
 * access to them still sees the invoice part of the panel.
 */
export const PAYMENT_FIELDS = [
  PAYMENT_STATUS,
  NEXT_ATTEMPT,
  DECLINE_CODE,
  REFUNDED,
  DISPUTE,
  SUBSCRIPTION_STATUS,
  ARR,
  MRR,
  RENEWAL_DATE,
];

export interface PaymentView {
  /** The status picklist's label, as the record page shows it. */
  status: string;
  nextAttempt: string;
  declineCode: string;
  refunded: number | undefined;
  dispute: string;
}

export interface SubscriptionView {
  status: string;
  arr: number;
  mrr: number;
  renewalDate: string;
}

const text = (record: RecordRepresentation, field: typeof PAYMENT_STATUS): string => {
  const value = getFieldValue(record, field);
  return typeof value === 'string' ? value : '';
};

/** The payment's state, or undefined when Ledgerbridge has written none on the opportunity. */
export function paymentView(record: RecordRepresentation | undefined): PaymentView | undefined {
  if (!record || !text(record, PAYMENT_STATUS)) return undefined;
  const refunded = amountOf(getFieldValue(record, REFUNDED));
  return {
    status: String(record.fields[PAYMENT_STATUS.fieldApiName]?.displayValue ?? text(record, PAYMENT_STATUS)),
    nextAttempt: formatDateTime(getFieldValue(record, NEXT_ATTEMPT)),
    declineCode: text(record, DECLINE_CODE),
    refunded: refunded && refunded > 0 ? refunded : undefined,
    dispute: text(record, DISPUTE),
  };
}

/** The subscription's value, or undefined when the opportunity has no Stripe subscription. */
export function subscriptionView(record: RecordRepresentation | undefined): SubscriptionView | undefined {
  if (!record || !text(record, SUBSCRIPTION_STATUS)) return undefined;
  return {
    status: text(record, SUBSCRIPTION_STATUS),
    arr: amountOf(getFieldValue(record, ARR)) ?? 0,
    mrr: amountOf(getFieldValue(record, MRR)) ?? 0,
    renewalDate: formatDate(getFieldValue(record, RENEWAL_DATE)),
  };
}
