import type { ZohoClient } from './zohoClient';

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

/** Zoho's length limits on the standard name fields. */
export const ACCOUNT_NAME_MAX = 200;
export const DEAL_NAME_MAX = 120;

export interface CustomFieldSpec {
  apiName: string;
  /** Zoho's data_type as settings/fields reports it. */
  dataType: 'text' | 'textarea' | 'currency' | 'integer' | 'boolean' | 'date' | 'datetime' | 'website';
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
  ],
  Deals: [
    { apiName: DEAL.xeroInvoiceId, dataType: 'text', unique: true },
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
