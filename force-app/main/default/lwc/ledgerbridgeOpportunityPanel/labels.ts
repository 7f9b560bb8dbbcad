// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Opportunity_Title';
import LOADING from '@salesforce/label/c.Ledgerbridge_Opportunity_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Opportunity_LoadError';
import NO_ACCESS from '@salesforce/label/c.Ledgerbridge_Opportunity_NoAccess';
import STATE_NONE from '@salesforce/label/c.Ledgerbridge_Opportunity_StateNone';
import STATE_QUEUED from '@salesforce/label/c.Ledgerbridge_Opportunity_StateQueued';
import STATE_CREATED from '@salesforce/label/c.Ledgerbridge_Opportunity_StateCreated';
import STATE_PROBLEM from '@salesforce/label/c.Ledgerbridge_Opportunity_StateProblem';
import NUMBER from '@salesforce/label/c.Ledgerbridge_Opportunity_Number';
import STATUS from '@salesforce/label/c.Ledgerbridge_Opportunity_Status';
import AMOUNT_DUE from '@salesforce/label/c.Ledgerbridge_Opportunity_AmountDue';
import OPEN_IN_XERO from '@salesforce/label/c.Ledgerbridge_Opportunity_OpenInXero';
import ONLINE_INVOICE from '@salesforce/label/c.Ledgerbridge_Opportunity_OnlineInvoice';
import NEW_WINDOW from '@salesforce/label/c.Ledgerbridge_Opportunity_NewWindow';
import VALIDATION_PROBLEMS from '@salesforce/label/c.Ledgerbridge_Opportunity_ValidationProblems';
import PAYMENT_RETRIES from '@salesforce/label/c.Ledgerbridge_Opportunity_PaymentRetries';
import NO_FAILED_PAYMENTS from '@salesforce/label/c.Ledgerbridge_Opportunity_NoFailedPayments';
import ONE_FAILED_PAYMENT from '@salesforce/label/c.Ledgerbridge_Opportunity_OneFailedPayment';
import FAILED_PAYMENTS from '@salesforce/label/c.Ledgerbridge_Opportunity_FailedPayments';
import RESYNC from '@salesforce/label/c.Ledgerbridge_Opportunity_Resync';
import RESYNC_REQUESTED from '@salesforce/label/c.Ledgerbridge_Opportunity_ResyncRequested';
import RESYNC_SYNCING from '@salesforce/label/c.Ledgerbridge_Opportunity_ResyncSyncing';
import RESYNC_FAILED from '@salesforce/label/c.Ledgerbridge_Opportunity_ResyncFailed';
import PAYMENT_HEADING from '@salesforce/label/c.Ledgerbridge_Opportunity_PaymentHeading';
import PAYMENT_STATUS from '@salesforce/label/c.Ledgerbridge_Opportunity_PaymentStatus';
import NEXT_ATTEMPT from '@salesforce/label/c.Ledgerbridge_Opportunity_NextAttempt';
import DECLINE_CODE from '@salesforce/label/c.Ledgerbridge_Opportunity_DeclineCode';
import REFUNDED from '@salesforce/label/c.Ledgerbridge_Opportunity_Refunded';
import DISPUTE from '@salesforce/label/c.Ledgerbridge_Opportunity_Dispute';
import SUBSCRIPTION_HEADING from '@salesforce/label/c.Ledgerbridge_Opportunity_SubscriptionHeading';
import SUBSCRIPTION_STATUS from '@salesforce/label/c.Ledgerbridge_Opportunity_SubscriptionStatus';
import ARR from '@salesforce/label/c.Ledgerbridge_Opportunity_Arr';
import MRR from '@salesforce/label/c.Ledgerbridge_Opportunity_Mrr';
import RENEWAL_DATE from '@salesforce/label/c.Ledgerbridge_Opportunity_RenewalDate';

export const LABELS = {
  title: TITLE,
  loading: LOADING,
  loadError: LOAD_ERROR,
  noAccess: NO_ACCESS,
  stateNone: STATE_NONE,
  stateQueued: STATE_QUEUED,
  stateCreated: STATE_CREATED,
  stateProblem: STATE_PROBLEM,
  number: NUMBER,
  status: STATUS,
  amountDue: AMOUNT_DUE,
  openInXero: OPEN_IN_XERO,
  onlineInvoice: ONLINE_INVOICE,
  newWindow: NEW_WINDOW,
  validationProblems: VALIDATION_PROBLEMS,
  paymentRetries: PAYMENT_RETRIES,
  noFailedPayments: NO_FAILED_PAYMENTS,
  oneFailedPayment: ONE_FAILED_PAYMENT,
  failedPayments: FAILED_PAYMENTS,
  resync: RESYNC,
  resyncRequested: RESYNC_REQUESTED,
  resyncSyncing: RESYNC_SYNCING,
  resyncFailed: RESYNC_FAILED,
  paymentHeading: PAYMENT_HEADING,
  paymentStatus: PAYMENT_STATUS,
  nextAttempt: NEXT_ATTEMPT,
  declineCode: DECLINE_CODE,
  refunded: REFUNDED,
  dispute: DISPUTE,
  subscriptionHeading: SUBSCRIPTION_HEADING,
  subscriptionStatus: SUBSCRIPTION_STATUS,
  arr: ARR,
  mrr: MRR,
  renewalDate: RENEWAL_DATE,
};
