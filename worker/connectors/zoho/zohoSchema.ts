import type { ZohoClient } from './zohoClient';

/** Stripe payments and subscriptions on a deal (issue #22's fields, as on Salesforce and HubSpot). */
export const DEAL_PAYMENT = {
  status: 'Payment_Status',
  retryCount: 'Payment_Retry_Count',
  nextAttempt: 'Next_Payment_Attempt',
  lastDeclineCode: 'Last_Decline_Code',
  refundedAmount: 'Refunded_Amount',
  dispute: 'Dispute_Status',
  stripeReference: 'Stripe_Reference',
  subscriptionArr: 'Subscription_ARR',
  subscriptionMrr: 'Subscription_MRR',
  renewalDate: 'Renewal_Date',
  subscriptionStatus: 'Subscription_Status',
  stripeSubscriptionId: 'Stripe_Subscription_ID',
  /** Unique: `<subscription id>:<period end>`, the renewal deal's upsert key. */
  renewalKey: 'Ledgerbridge_Renewal_Key',
} as const;

/** An account's subscription totals and receivables (the orders figures are in ACCOUNT). */
export const ACCOUNT_FIGURES = {
  subscriptionArr: 'Subscription_ARR',
  subscriptionMrr: 'Subscription_MRR',
  receivablesAsOf: 'Receivables_As_Of',
  daysSalesOutstanding: 'Days_Sales_Outstanding',
  receivablesCurrent: 'Receivables_Current',
  receivables1to30: 'Receivables_1_30',
  receivables31to60: 'Receivables_31_60',
  receivables61to90: 'Receivables_61_90',
  receivablesOver90: 'Receivables_Over_90',
} as const;

/** Zoho's standard Tasks fields (What_Id: a deal or account, its module in `$se_module`). */
export const TASK = {
  module: 'Tasks',
  subject: 'Subject',
  description: 'Description',
  dueDate: 'Due_Date',
  priority: 'Priority',
  status: 'Status',
  what: 'What_Id',
  owner: 'Owner',
} as const;

/**
 * The Zoho CRM fields Ledgerbridge reads and writes, by API name, in one place (as hubspotSchema.ts
 * and salesforceSchema.ts hold them for the other two CRMs). Standard fields are Zoho's own; the
 * custom ones an admin adds (Setup → Modules and Fields) with exactly these API names. Zoho's API
 * does not make custom fields for us the way HubSpot's does, so the adapter checks them instead
 * (missingLedgerbridgeFields) and names what is missing.
 */
export const ACCOUNT = {
  module: 'Accounts',
  name: 'Account_Name',
  /** Unique: the link to the Xero contact, and the upsert key. */
  xeroContactId: 'Xero_Contact_ID',
  outstandingBalance: 'Xero_Outstanding_Balance',
  overdueAmount: 'Xero_Overdue_Amount',
  /** When Ledgerbridge last changed the account (Zoho datetime, second precision). */
  lastSync: 'Ledgerbridge_Last_Sync',
  /** A rep's choice (read for order intake, never written by Ledgerbridge). */
  monthlyBilling: 'Monthly_Billing',
  ordersAwaitingBilling: 'Orders_Awaiting_Billing',
  ordersAwaitingAmount: 'Orders_Awaiting_Amount',
  lastOrder: 'Last_Order',
} as const;

export const DEAL = {
  module: 'Deals',
  name: 'Deal_Name',
  stage: 'Stage',
  amount: 'Amount',
  closingDate: 'Closing_Date',
  /** Lookup to Accounts: written as `{ id }`, read as `{ name, id }`. */
  account: 'Account_Name',
  /** Unique: the link to the Xero invoice, and the upsert key. */
  xeroInvoiceId: 'Xero_Invoice_ID',
  invoiceNumber: 'Xero_Invoice_Number',
  invoiceStatus: 'Xero_Invoice_Status',
  amountDue: 'Xero_Amount_Due',
  amountPaid: 'Xero_Amount_Paid',
  dueDate: 'Xero_Due_Date',
  onlineInvoiceUrl: 'Xero_Online_Invoice_Url',
  /** Standard in multi-currency orgs only (a picklist of ISO codes); absent elsewhere. */
  currency: 'Currency',
  /** Lookup to Contacts: the deal's contact, whose e-mail the invoice goes to. */
  contact: 'Contact_Name',
  /** A rep's approval of the deal's discount (read, never written). */
  discountApproved: 'Discount_Approved',
  /** Why Ledgerbridge made no invoice for the deal (multi-line, cleared once invoiced). */
  syncProblem: 'Ledgerbridge_Sync_Problem',
  /** The count of the invoice's failed (deleted or reversed) payments. */
  paymentFailures: 'Xero_Payment_Failures',
} as const;

/**
 * The deal fields whose change can make a won deal's invoice differ (what a rep edits). A Zoho
 * notification that changed none of them is Ledgerbridge's own write-back echoing, not a deal to read.
 */
export const ZOHO_DEAL_TRIGGER_FIELDS: ReadonlySet<string> = new Set([
  DEAL.name,
  DEAL.stage,
  DEAL.amount,
  DEAL.closingDate,
  DEAL.account,
  DEAL.contact,
  DEAL.currency,
  DEAL.discountApproved,
]);

/** Zoho's length limits on the standard name fields. */
export const ACCOUNT_NAME_MAX = 200;
export const DEAL_NAME_MAX = 120;

export interface CustomFieldSpec {
  apiName: string;
  /** Zoho's data_type as settings/fields reports it. */
  dataType:
    'text' | 'textarea' | 'currency' | 'integer' | 'double' | 'boolean' | 'date' | 'datetime' | 'website';
  unique?: boolean;
}

/** The custom fields an org must have before Ledgerbridge writes to it. */
export const LEDGERBRIDGE_CUSTOM_FIELDS: Record<'Accounts' | 'Deals', readonly CustomFieldSpec[]> = {
  Accounts: [
    { apiName: ACCOUNT.xeroContactId, dataType: 'text', unique: true },
    { apiName: ACCOUNT.outstandingBalance, dataType: 'currency' },
    { apiName: ACCOUNT.overdueAmount, dataType: 'currency' },
    { apiName: ACCOUNT.lastSync, dataType: 'datetime' },
    { apiName: ACCOUNT.monthlyBilling, dataType: 'boolean' },
    { apiName: ACCOUNT.ordersAwaitingBilling, dataType: 'integer' },
    { apiName: ACCOUNT.ordersAwaitingAmount, dataType: 'currency' },
    { apiName: ACCOUNT.lastOrder, dataType: 'text' },
    { apiName: ACCOUNT_FIGURES.subscriptionArr, dataType: 'currency' },
    { apiName: ACCOUNT_FIGURES.subscriptionMrr, dataType: 'currency' },
    { apiName: ACCOUNT_FIGURES.receivablesAsOf, dataType: 'date' },
    { apiName: ACCOUNT_FIGURES.daysSalesOutstanding, dataType: 'double' },
    { apiName: ACCOUNT_FIGURES.receivablesCurrent, dataType: 'currency' },
    { apiName: ACCOUNT_FIGURES.receivables1to30, dataType: 'currency' },
    { apiName: ACCOUNT_FIGURES.receivables31to60, dataType: 'currency' },
    { apiName: ACCOUNT_FIGURES.receivables61to90, dataType: 'currency' },
    { apiName: ACCOUNT_FIGURES.receivablesOver90, dataType: 'currency' },
  ],
  Deals: [
    { apiName: DEAL.xeroInvoiceId, dataType: 'text', unique: true },
    { apiName: DEAL_PAYMENT.status, dataType: 'text' },
    { apiName: DEAL_PAYMENT.retryCount, dataType: 'integer' },
    { apiName: DEAL_PAYMENT.nextAttempt, dataType: 'datetime' },
    { apiName: DEAL_PAYMENT.lastDeclineCode, dataType: 'text' },
    { apiName: DEAL_PAYMENT.refundedAmount, dataType: 'currency' },
    { apiName: DEAL_PAYMENT.dispute, dataType: 'text' },
    { apiName: DEAL_PAYMENT.stripeReference, dataType: 'text' },
    { apiName: DEAL_PAYMENT.subscriptionArr, dataType: 'currency' },
    { apiName: DEAL_PAYMENT.subscriptionMrr, dataType: 'currency' },
    { apiName: DEAL_PAYMENT.renewalDate, dataType: 'date' },
    { apiName: DEAL_PAYMENT.subscriptionStatus, dataType: 'text' },
    { apiName: DEAL_PAYMENT.stripeSubscriptionId, dataType: 'text' },
    { apiName: DEAL_PAYMENT.renewalKey, dataType: 'text', unique: true },
    { apiName: DEAL.invoiceNumber, dataType: 'text' },
    { apiName: DEAL.invoiceStatus, dataType: 'text' },
    { apiName: DEAL.amountDue, dataType: 'currency' },
    { apiName: DEAL.amountPaid, dataType: 'currency' },
    { apiName: DEAL.dueDate, dataType: 'date' },
    { apiName: DEAL.onlineInvoiceUrl, dataType: 'website' },
    { apiName: DEAL.discountApproved, dataType: 'boolean' },
    { apiName: DEAL.syncProblem, dataType: 'textarea' },
    { apiName: DEAL.paymentFailures, dataType: 'integer' },
  ],
};

/**
 * What the org lacks of LEDGERBRIDGE_CUSTOM_FIELDS, as `Module.Field (why)`: absent, of another
 * type, or (for the link fields) not unique, which upserts and the link race rely on.
 */
export async function missingLedgerbridgeFields(client: ZohoClient): Promise<string[]> {
  const missing: string[] = [];
  for (const module of ['Accounts', 'Deals'] as const) {
    const fields = new Map((await client.fields(module)).map((f) => [f.api_name, f]));
    for (const spec of LEDGERBRIDGE_CUSTOM_FIELDS[module]) {
      const field = fields.get(spec.apiName);
      const where = `${module}.${spec.apiName}`;
      if (!field) missing.push(`${where} (absent)`);
      else if (field.data_type !== spec.dataType)
        missing.push(`${where} (is ${field.data_type}, needs ${spec.dataType})`);
      // Zoho answers `unique: {}` for a field without unique values.
      else if (spec.unique && Object.keys(field.unique ?? {}).length === 0)
        missing.push(`${where} (needs unique values)`);
    }
  }
  return missing;
}

/**
 * The custom module Xero_Invoices (an admin adds it with these API names): one record per Xero
 * invoice, with lookups to its account and deal, so both show the invoices as a related list.
 */
export const XERO_INVOICE = {
  module: 'Xero_Invoices',
  name: 'Name',
  /** Unique: the upsert key. */
  xeroInvoiceId: 'Xero_Invoice_ID',
  number: 'Invoice_Number',
  /** Lookups: to Accounts and to Deals. */
  account: 'Account',
  deal: 'Deal',
  status: 'Status',
  total: 'Total',
  amountDue: 'Amount_Due',
  amountPaid: 'Amount_Paid',
  dueDate: 'Due_Date',
  currency: 'Currency_Code',
  onlineInvoiceUrl: 'Online_Invoice_Url',
} as const;

export const XERO_INVOICE_NAME_MAX = 120;
