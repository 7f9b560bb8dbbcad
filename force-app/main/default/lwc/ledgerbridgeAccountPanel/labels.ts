// The Custom Labels this component shows (labels/CustomLabels.labels-meta.xml): users read them in their language.
import TITLE from '@salesforce/label/c.Ledgerbridge_Account_Title';
import LOADING from '@salesforce/label/c.Ledgerbridge_Account_Loading';
import LOAD_ERROR from '@salesforce/label/c.Ledgerbridge_Account_LoadError';
import NO_ACCESS from '@salesforce/label/c.Ledgerbridge_Account_NoAccess';
import NOT_LINKED from '@salesforce/label/c.Ledgerbridge_Account_NotLinked';
import OUTSTANDING from '@salesforce/label/c.Ledgerbridge_Account_Outstanding';
import OVERDUE from '@salesforce/label/c.Ledgerbridge_Account_Overdue';
import LAST_SYNCED from '@salesforce/label/c.Ledgerbridge_Account_LastSynced';
import NOT_YET from '@salesforce/label/c.Ledgerbridge_Account_NotYet';
import OPEN_PROBLEMS from '@salesforce/label/c.Ledgerbridge_Account_OpenProblems';
import OVERDUE_BY_AGE from '@salesforce/label/c.Ledgerbridge_Account_OverdueByAge';
import INVOICES from '@salesforce/label/c.Ledgerbridge_Account_Invoices';
import NUMBER from '@salesforce/label/c.Ledgerbridge_Account_Number';
import STATUS from '@salesforce/label/c.Ledgerbridge_Account_Status';
import DUE from '@salesforce/label/c.Ledgerbridge_Account_Due';
import AMOUNT_DUE from '@salesforce/label/c.Ledgerbridge_Account_AmountDue';
import LINK from '@salesforce/label/c.Ledgerbridge_Account_Link';
import OPEN_IN_XERO from '@salesforce/label/c.Ledgerbridge_Account_OpenInXero';
import OPEN_INVOICE_IN_XERO from '@salesforce/label/c.Ledgerbridge_Account_OpenInvoiceInXero';
import NO_INVOICES from '@salesforce/label/c.Ledgerbridge_Account_NoInvoices';
import PAYMENT_HISTORY from '@salesforce/label/c.Ledgerbridge_Account_PaymentHistory';
import DATE from '@salesforce/label/c.Ledgerbridge_Account_Date';
import INVOICE from '@salesforce/label/c.Ledgerbridge_Account_Invoice';
import AMOUNT from '@salesforce/label/c.Ledgerbridge_Account_Amount';
import REFERENCE from '@salesforce/label/c.Ledgerbridge_Account_Reference';
import NO_PAYMENTS from '@salesforce/label/c.Ledgerbridge_Account_NoPayments';
import REVERSED from '@salesforce/label/c.Ledgerbridge_Account_Reversed';
import RECEIVED from '@salesforce/label/c.Ledgerbridge_Account_Received';
import PROBLEM_FIELD from '@salesforce/label/c.Ledgerbridge_Account_ProblemField';
import PROBLEM_VALUES from '@salesforce/label/c.Ledgerbridge_Account_ProblemValues';
import KIND_MISSING_IN_CRM from '@salesforce/label/c.Ledgerbridge_Account_KindMissingInCrm';
import KIND_MISSING_IN_XERO from '@salesforce/label/c.Ledgerbridge_Account_KindMissingInXero';
import KIND_ORPHANED_LINK from '@salesforce/label/c.Ledgerbridge_Account_KindOrphanedLink';
import KIND_DUPLICATE_LINK from '@salesforce/label/c.Ledgerbridge_Account_KindDuplicateLink';
import KIND_FIELD_MISMATCH from '@salesforce/label/c.Ledgerbridge_Account_KindFieldMismatch';
import KIND_SHADOW_MISMATCH from '@salesforce/label/c.Ledgerbridge_Account_KindShadowMismatch';
import KIND_SHADOW_NO_COUNTERPART from '@salesforce/label/c.Ledgerbridge_Account_KindShadowNoCounterpart';
import SUBSCRIPTIONS_HEADING from '@salesforce/label/c.Ledgerbridge_Account_SubscriptionsHeading';
import ARR from '@salesforce/label/c.Ledgerbridge_Account_Arr';
import MRR from '@salesforce/label/c.Ledgerbridge_Account_Mrr';
import RECEIVABLES_HEADING from '@salesforce/label/c.Ledgerbridge_Account_ReceivablesHeading';
import DSO from '@salesforce/label/c.Ledgerbridge_Account_Dso';
import AGED_CURRENT from '@salesforce/label/c.Ledgerbridge_Account_AgedCurrent';
import AGED_1_TO_30 from '@salesforce/label/c.Ledgerbridge_Account_Aged1to30';
import AGED_31_TO_60 from '@salesforce/label/c.Ledgerbridge_Account_Aged31to60';
import AGED_61_TO_90 from '@salesforce/label/c.Ledgerbridge_Account_Aged61to90';
import AGED_OVER_90 from '@salesforce/label/c.Ledgerbridge_Account_AgedOver90';

export const LABELS = {
  title: TITLE,
  loading: LOADING,
  loadError: LOAD_ERROR,
  noAccess: NO_ACCESS,
  notLinked: NOT_LINKED,
  outstanding: OUTSTANDING,
  overdue: OVERDUE,
  lastSynced: LAST_SYNCED,
  notYet: NOT_YET,
  openProblems: OPEN_PROBLEMS,
  overdueByAge: OVERDUE_BY_AGE,
  invoices: INVOICES,
  number: NUMBER,
  status: STATUS,
  due: DUE,
  amountDue: AMOUNT_DUE,
  link: LINK,
  openInXero: OPEN_IN_XERO,
  openInvoiceInXero: OPEN_INVOICE_IN_XERO,
  noInvoices: NO_INVOICES,
  paymentHistory: PAYMENT_HISTORY,
  date: DATE,
  invoice: INVOICE,
  amount: AMOUNT,
  reference: REFERENCE,
  noPayments: NO_PAYMENTS,
  reversed: REVERSED,
  received: RECEIVED,
  problemField: PROBLEM_FIELD,
  problemValues: PROBLEM_VALUES,
  kindMissingInCrm: KIND_MISSING_IN_CRM,
  kindMissingInXero: KIND_MISSING_IN_XERO,
  kindOrphanedLink: KIND_ORPHANED_LINK,
  kindDuplicateLink: KIND_DUPLICATE_LINK,
  kindFieldMismatch: KIND_FIELD_MISMATCH,
  kindShadowMismatch: KIND_SHADOW_MISMATCH,
  kindShadowNoCounterpart: KIND_SHADOW_NO_COUNTERPART,
  subscriptionsHeading: SUBSCRIPTIONS_HEADING,
  arr: ARR,
  mrr: MRR,
  receivablesHeading: RECEIVABLES_HEADING,
  dso: DSO,
  agedCurrent: AGED_CURRENT,
  aged1to30: AGED_1_TO_30,
  aged31to60: AGED_31_TO_60,
  aged61to90: AGED_61_TO_90,
  agedOver90: AGED_OVER_90,
};
