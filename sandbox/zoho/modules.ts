/**
 * The modules and fields the emulated orgs carry: Zoho's standard Accounts, Deals, Contacts,
 * Tasks and Notes (the fields a connector touches), the custom fields Ledgerbridge adds, and a
 * custom module of Xero invoices with a lookup to Accounts. Field metadata follows the SDK's
 * Fields model (core/com/zoho/crm/api/fields/fields.ts): api_name, data_type, json_type, unique,
 * custom_field, system_mandatory, lookup.module, pick_list_values.
 */
export type DataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'currency'
  | 'double'
  | 'integer'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup'
  | 'bigint';

export interface FieldDef {
  apiName: string;
  label: string;
  dataType: DataType;
  custom?: boolean;
  unique?: boolean;
  mandatory?: boolean;
  readOnly?: boolean;
  /** For lookups: the modules the value may point at (several for What_Id / Parent_Id). */
  lookup?: string[];
  picklist?: string[];
  length?: number;
}

export interface ModuleDef {
  apiName: string;
  id: string;
  singular: string;
  /** The field shown as a lookup's `name`. */
  nameField: string;
  /** Zoho's system duplicate-check field, tried first by upsert when none are given. */
  systemDuplicateCheck: string[];
  generated: boolean;
  fields: FieldDef[];
}

const text = (apiName: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({
  apiName,
  label,
  dataType: 'text',
  length: 255,
  ...extra,
});

/** A custom currency field. */
const money = (apiName: string, label: string): FieldDef => ({
  apiName,
  label,
  dataType: 'currency',
  custom: true,
});

const systemFields: FieldDef[] = [
  { apiName: 'id', label: 'Record Id', dataType: 'bigint', readOnly: true },
  { apiName: 'Owner', label: 'Owner', dataType: 'ownerlookup' },
  { apiName: 'Created_Time', label: 'Created Time', dataType: 'datetime', readOnly: true },
  { apiName: 'Modified_Time', label: 'Modified Time', dataType: 'datetime', readOnly: true },
];

const DEAL_STAGES = [
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Identify Decision Makers',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
  'Closed-Lost to Competition',
];

const MODULES: ModuleDef[] = [
  {
    apiName: 'Accounts',
    id: '5843100000000002175',
    singular: 'Account',
    nameField: 'Account_Name',
    systemDuplicateCheck: ['Account_Name'],
    generated: false,
    fields: [
      text('Account_Name', 'Account Name', { mandatory: true }),
      { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30 },
      { apiName: 'Website', label: 'Website', dataType: 'website', length: 255 },
      text('Billing_City', 'Billing City'),
      { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000 },
      text('Xero_Contact_ID', 'Xero Contact ID', { custom: true, unique: true }),
      { apiName: 'Monthly_Billing', label: 'Monthly Billing', dataType: 'boolean', custom: true },
      {
        apiName: 'Xero_Outstanding_Balance',
        label: 'Xero Outstanding Balance',
        dataType: 'currency',
        custom: true,
      },
      { apiName: 'Xero_Overdue_Amount', label: 'Xero Overdue Amount', dataType: 'currency', custom: true },
      {
        apiName: 'Ledgerbridge_Last_Sync',
        label: 'Ledgerbridge Last Sync',
        dataType: 'datetime',
        custom: true,
      },
      {
        apiName: 'Orders_Awaiting_Billing',
        label: 'Orders Awaiting Billing',
        dataType: 'integer',
        custom: true,
      },
      {
        apiName: 'Orders_Awaiting_Amount',
        label: 'Orders Awaiting Amount',
        dataType: 'currency',
        custom: true,
      },
      text('Last_Order', 'Last Order', { custom: true }),
      // Stripe subscription totals and receivables (zohoSchema.ts ACCOUNT_FIGURES).
      money('Subscription_ARR', 'Subscription ARR'),
      money('Subscription_MRR', 'Subscription MRR'),
      { apiName: 'Receivables_As_Of', label: 'Receivables As Of', dataType: 'date', custom: true },
      {
        apiName: 'Days_Sales_Outstanding',
        label: 'Days Sales Outstanding',
        dataType: 'double',
        custom: true,
      },
      money('Receivables_Current', 'Receivables Current'),
      money('Receivables_1_30', 'Receivables 1-30'),
      money('Receivables_31_60', 'Receivables 31-60'),
      money('Receivables_61_90', 'Receivables 61-90'),
      money('Receivables_Over_90', 'Receivables Over 90'),
    ],
  },
  {
    apiName: 'Contacts',
    id: '5843100000000002179',
    singular: 'Contact',
    nameField: 'Full_Name',
    systemDuplicateCheck: ['Email'],
    generated: false,
    fields: [
      text('First_Name', 'First Name', { length: 40 }),
      text('Last_Name', 'Last Name', { mandatory: true, length: 80 }),
      text('Full_Name', 'Full Name', { readOnly: true }),
      { apiName: 'Email', label: 'Email', dataType: 'email', length: 100 },
      { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30 },
      { apiName: 'Account_Name', label: 'Account Name', dataType: 'lookup', lookup: ['Accounts'] },
      text('Xero_Contact_ID', 'Xero Contact ID', { custom: true, unique: true }),
    ],
  },
  {
    apiName: 'Deals',
    id: '5843100000000002181',
    singular: 'Deal',
    nameField: 'Deal_Name',
    systemDuplicateCheck: ['Deal_Name'],
    generated: false,
    fields: [
      text('Deal_Name', 'Deal Name', { mandatory: true, length: 120 }),
      { apiName: 'Stage', label: 'Stage', dataType: 'picklist', mandatory: true, picklist: DEAL_STAGES },
      { apiName: 'Amount', label: 'Amount', dataType: 'currency' },
      { apiName: 'Closing_Date', label: 'Closing Date', dataType: 'date' },
      { apiName: 'Account_Name', label: 'Account Name', dataType: 'lookup', lookup: ['Accounts'] },
      { apiName: 'Contact_Name', label: 'Contact Name', dataType: 'lookup', lookup: ['Contacts'] },
      { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000 },
      text('Xero_Invoice_ID', 'Xero Invoice ID', { custom: true, unique: true }),
      // Stripe payments and subscriptions (zohoSchema.ts DEAL_PAYMENT).
      text('Payment_Status', 'Payment Status', { custom: true }),
      { apiName: 'Payment_Retry_Count', label: 'Payment Retry Count', dataType: 'integer', custom: true },
      {
        apiName: 'Next_Payment_Attempt',
        label: 'Next Payment Attempt',
        dataType: 'datetime',
        custom: true,
      },
      text('Last_Decline_Code', 'Last Decline Code', { custom: true }),
      money('Refunded_Amount', 'Refunded Amount'),
      text('Dispute_Status', 'Dispute Status', { custom: true }),
      text('Stripe_Reference', 'Stripe Reference', { custom: true }),
      money('Subscription_ARR', 'Subscription ARR'),
      money('Subscription_MRR', 'Subscription MRR'),
      { apiName: 'Renewal_Date', label: 'Renewal Date', dataType: 'date', custom: true },
      text('Subscription_Status', 'Subscription Status', { custom: true }),
      text('Stripe_Subscription_ID', 'Stripe Subscription ID', { custom: true }),
      text('Ledgerbridge_Renewal_Key', 'Ledgerbridge Renewal Key', { custom: true, unique: true }),
      text('Xero_Invoice_Number', 'Xero Invoice Number', { custom: true }),
      text('Xero_Invoice_Status', 'Xero Invoice Status', { custom: true }),
      { apiName: 'Xero_Amount_Due', label: 'Xero Amount Due', dataType: 'currency', custom: true },
      { apiName: 'Xero_Amount_Paid', label: 'Xero Amount Paid', dataType: 'currency', custom: true },
      { apiName: 'Xero_Due_Date', label: 'Xero Due Date', dataType: 'date', custom: true },
      {
        apiName: 'Xero_Online_Invoice_Url',
        label: 'Xero Online Invoice',
        dataType: 'website',
        custom: true,
        length: 255,
      },
      // Zoho's multi-currency Currency: the org's enabled ISO codes (the SDK's Deals.CURRENCY Choice).
      { apiName: 'Currency', label: 'Currency', dataType: 'picklist', length: 3 },
      { apiName: 'Discount_Approved', label: 'Discount Approved', dataType: 'boolean', custom: true },
      {
        apiName: 'Ledgerbridge_Sync_Problem',
        label: 'Ledgerbridge Sync Problem',
        dataType: 'textarea',
        custom: true,
        length: 32000,
      },
      { apiName: 'Xero_Payment_Failures', label: 'Xero Payment Failures', dataType: 'integer', custom: true },
    ],
  },
  {
    apiName: 'Tasks',
    id: '5843100000000002185',
    singular: 'Task',
    nameField: 'Subject',
    systemDuplicateCheck: [],
    generated: false,
    fields: [
      text('Subject', 'Subject', { mandatory: true }),
      { apiName: 'Due_Date', label: 'Due Date', dataType: 'date' },
      {
        apiName: 'Status',
        label: 'Status',
        dataType: 'picklist',
        picklist: ['Not Started', 'Deferred', 'In Progress', 'Completed', 'Waiting for input'],
      },
      {
        apiName: 'Priority',
        label: 'Priority',
        dataType: 'picklist',
        picklist: ['Highest', 'High', 'Normal', 'Low', 'Lowest'],
      },
      { apiName: 'What_Id', label: 'Related To', dataType: 'lookup', lookup: ['Accounts', 'Deals'] },
      { apiName: 'Who_Id', label: 'Contact Name', dataType: 'lookup', lookup: ['Contacts'] },
      { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000 },
    ],
  },
  {
    apiName: 'Notes',
    id: '5843100000000002187',
    singular: 'Note',
    nameField: 'Note_Title',
    systemDuplicateCheck: [],
    generated: false,
    fields: [
      text('Note_Title', 'Note Title', { length: 120 }),
      {
        apiName: 'Note_Content',
        label: 'Note Content',
        dataType: 'textarea',
        mandatory: true,
        length: 32000,
      },
      {
        apiName: 'Parent_Id',
        label: 'Parent ID',
        dataType: 'lookup',
        mandatory: true,
        lookup: ['Accounts', 'Deals', 'Contacts', 'Xero_Invoices'],
      },
    ],
  },
  {
    apiName: 'Xero_Invoices',
    id: '5843100000000091001',
    singular: 'Xero Invoice',
    nameField: 'Name',
    systemDuplicateCheck: ['Name'],
    generated: true,
    fields: [
      text('Name', 'Invoice Name', { mandatory: true, length: 120 }),
      text('Xero_Invoice_ID', 'Xero Invoice ID', { custom: true, unique: true }),
      text('Invoice_Number', 'Invoice Number', { custom: true }),
      { apiName: 'Account', label: 'Account', dataType: 'lookup', custom: true, lookup: ['Accounts'] },
      { apiName: 'Deal', label: 'Deal', dataType: 'lookup', custom: true, lookup: ['Deals'] },
      {
        apiName: 'Status',
        label: 'Status',
        dataType: 'picklist',
        custom: true,
        picklist: ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'],
      },
      { apiName: 'Total', label: 'Total', dataType: 'currency', custom: true },
      { apiName: 'Amount_Due', label: 'Amount Due', dataType: 'currency', custom: true },
      { apiName: 'Amount_Paid', label: 'Amount Paid', dataType: 'currency', custom: true },
      {
        apiName: 'Online_Invoice_Url',
        label: 'Online Invoice',
        dataType: 'website',
        custom: true,
        length: 255,
      },
      { apiName: 'Due_Date', label: 'Due Date', dataType: 'date', custom: true },
      text('Currency_Code', 'Currency Code', { custom: true, length: 3 }),
    ],
  },
];

for (const module of MODULES) module.fields = [...module.fields, ...systemFields];

const byName = new Map(MODULES.map((m) => [m.apiName.toLowerCase(), m]));

/** Zoho matches module API names case-insensitively in paths. */
export function moduleDef(apiName: string): ModuleDef | undefined {
  return byName.get(apiName.toLowerCase());
}

export function allModules(): readonly ModuleDef[] {
  return MODULES;
}

export function fieldOf(module: ModuleDef, apiName: string): FieldDef | undefined {
  return module.fields.find((f) => f.apiName === apiName);
}

/** The JSON type Zoho reports for a data type (`json_type` in the fields metadata). */
export function jsonTypeOf(dataType: DataType): string {
  if (dataType === 'currency' || dataType === 'double') return 'double';
  if (dataType === 'integer') return 'integer';
  if (dataType === 'boolean') return 'boolean';
  if (dataType === 'lookup' || dataType === 'ownerlookup') return 'jsonobject';
  return 'string';
}
