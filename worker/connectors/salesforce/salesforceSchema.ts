/**
 * What the worker's Salesforce connector reads and writes, in one place: the Ledgerbridge_Integration
 * permission set grants exactly this (test/salesforce/integrationPermissions.unit.test.ts holds the
 * two together, and checks every custom name in this folder's code is listed here), and the
 * namespace mapping (salesforceNamespace.ts) prefixes exactly the package's names listed here.
 */

/** Object access: read, create (insert/upsert new), edit (update/upsert existing). Never delete. */
export type ObjectAccess = { read: true; create: boolean; edit: boolean };

const readOnly: ObjectAccess = { read: true, create: false, edit: false };
const editOnly: ObjectAccess = { read: true, create: false, edit: true };
const readWrite: ObjectAccess = { read: true, create: true, edit: true };

export const WORKER_OBJECTS: Readonly<Record<string, ObjectAccess>> = {
  // Accounts are created for Xero contacts with none to match (accountLinker), and updated when linked.
  Account: readWrite,
  // Opportunities are upserted from Xero invoices (Xero owns deals) and their Xero fields written back.
  Opportunity: readWrite,
  Product2: readOnly,
  Contact: readOnly,
  Xero_Invoice__c: readWrite,
  Xero_Payment__c: readWrite,
  Ledgerbridge_Sync_Status__c: readWrite,
  Ledgerbridge_Settings__c: editOnly,
  Ledgerbridge_Parity_Run__c: readWrite,
  Ledgerbridge_Parity_Finding__c: readWrite,
};

/**
 * Read or written but without an object permission of their own: line items follow their
 * Opportunity; a Task for the owner when a deal cannot be invoiced (salesforceDeals.reportProblem)
 * needs the EditTask user permission. Invoice PDFs (salesforceInvoiceFiles.ts) are Files, which every
 * Salesforce user licence may create; a file's links follow its ContentDocument.
 */
export const WORKER_IMPLIED_OBJECTS: Readonly<Record<string, string>> = {
  OpportunityLineItem: 'Opportunity',
  Task: 'EditTask',
  ContentVersion: 'Files',
  ContentDocumentLink: 'ContentDocument',
};

/** User permissions: the API, and Tasks. */
export const WORKER_USER_PERMISSIONS: readonly string[] = ['ApiEnabled', 'EditTask'];

/**
 * Objects whose every record the worker must see whoever owns it (View All): the poll finds won
 * deals of every rep, and account matching must see every account, under a private sharing model.
 * Never Modify All (Salesforce requires Delete with it); editing reps' records comes from the
 * integration user's place in the role hierarchy or a sharing rule (README: Install).
 */
export const WORKER_VIEW_ALL: readonly string[] = ['Account', 'Opportunity'];

/**
 * Field-level security the worker needs: `edit` for each field it writes, `read` for the rest.
 * Master-detail fields (Xero_Invoice__c.Account__c, Xero_Payment__c.Invoice__c) are not listed:
 * Salesforce gives them to whoever can see the object and refuses them in a permission set.
 */
export const WORKER_FIELDS: Readonly<Record<string, 'read' | 'edit'>> = {
  'Account.Xero_Contact_ID__c': 'edit',
  'Account.Xero_Outstanding_Balance__c': 'edit',
  'Account.Xero_Overdue_Amount__c': 'edit',
  'Account.Ledgerbridge_Last_Sync__c': 'edit',
  // Stripe payments (issue #22): subscription totals and nightly receivables (salesforcePaymentsPort.ts).
  'Account.Subscription_ARR__c': 'edit',
  'Account.Subscription_MRR__c': 'edit',
  'Account.Days_Sales_Outstanding__c': 'edit',
  'Account.Receivables_Current__c': 'edit',
  'Account.Receivables_1_30__c': 'edit',
  'Account.Receivables_31_60__c': 'edit',
  'Account.Receivables_61_90__c': 'edit',
  'Account.Receivables_Over_90__c': 'edit',
  'Account.Receivables_As_Of__c': 'edit',
  // Order intake (issue #24): monthly billing is a person's choice; the orders' state is ours (salesforcePaymentsPort.ts).
  'Account.Monthly_Billing__c': 'read',
  'Account.Orders_Awaiting_Billing__c': 'edit',
  'Account.Orders_Awaiting_Amount__c': 'edit',
  'Account.Last_Order__c': 'edit',
  'Contact.Xero_Contact_ID__c': 'read',
  // Invoice delivery (issue #23): each filed invoice PDF says which invoice and version it is.
  'ContentVersion.Ledgerbridge_Xero_Invoice_Id__c': 'edit',
  'ContentVersion.Ledgerbridge_Invoice_Version__c': 'edit',
  'Opportunity.AccountId': 'edit',
  'Opportunity.Amount': 'edit',
  'Opportunity.Xero_Invoice_ID__c': 'edit',
  'Opportunity.Xero_Invoice_Number__c': 'edit',
  'Opportunity.Xero_Invoice_Status__c': 'edit',
  'Opportunity.Xero_Online_Invoice_URL__c': 'edit',
  'Opportunity.Xero_Amount_Due__c': 'edit',
  'Opportunity.Xero_Amount_Paid__c': 'edit',
  'Opportunity.Ledgerbridge_Sync_Problem__c': 'edit',
  'Opportunity.Payment_Retry_Count__c': 'edit',
  // Stripe payments (issue #22): payment state, subscription value, renewal key (salesforcePaymentsPort.ts).
  'Opportunity.Payment_Status__c': 'edit',
  'Opportunity.Next_Payment_Attempt__c': 'edit',
  'Opportunity.Last_Decline_Code__c': 'edit',
  'Opportunity.Refunded_Amount__c': 'edit',
  'Opportunity.Dispute_Status__c': 'edit',
  'Opportunity.Stripe_Reference__c': 'edit',
  'Opportunity.Subscription_ARR__c': 'edit',
  'Opportunity.Subscription_MRR__c': 'edit',
  'Opportunity.Renewal_Date__c': 'edit',
  'Opportunity.Subscription_Status__c': 'edit',
  'Opportunity.Stripe_Subscription_ID__c': 'edit',
  'Opportunity.Ledgerbridge_Renewal_Key__c': 'edit',
  'Opportunity.Discount_Approved__c': 'read',
  'OpportunityLineItem.Tax_Code__c': 'read',
  'Xero_Invoice__c.Opportunity__c': 'edit',
  'Xero_Invoice__c.Currency_Code__c': 'edit',
  'Xero_Invoice__c.Invoice_Number__c': 'edit',
  'Xero_Invoice__c.Type__c': 'edit',
  'Xero_Invoice__c.Status__c': 'edit',
  'Xero_Invoice__c.Total__c': 'edit',
  'Xero_Invoice__c.Amount_Due__c': 'edit',
  'Xero_Invoice__c.Amount_Paid__c': 'edit',
  'Xero_Invoice__c.Issue_Date__c': 'edit',
  'Xero_Invoice__c.Due_Date__c': 'edit',
  'Xero_Invoice__c.Online_Invoice_URL__c': 'edit',
  'Xero_Invoice__c.Xero_Updated__c': 'edit',
  'Xero_Invoice__c.Line_Count__c': 'edit',
  'Xero_Invoice__c.Line_Summary__c': 'edit',
  'Xero_Invoice__c.Xero_Invoice_ID__c': 'edit',
  'Xero_Payment__c.Account__c': 'edit',
  'Xero_Payment__c.Amount__c': 'edit',
  'Xero_Payment__c.Payment_Date__c': 'edit',
  'Xero_Payment__c.Reference__c': 'edit',
  'Xero_Payment__c.Status__c': 'edit',
  'Xero_Payment__c.Xero_Payment_ID__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Status_Ref__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Connection__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Status__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Last_Success_At__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Last_Failure_At__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Last_Error__c': 'edit',
  'Ledgerbridge_Sync_Status__c.Failures_24h__c': 'edit',
  'Ledgerbridge_Settings__c.Settings_Ref__c': 'read',
  'Ledgerbridge_Settings__c.Settings_JSON__c': 'read',
  'Ledgerbridge_Settings__c.Version__c': 'read',
  'Ledgerbridge_Settings__c.Worker_Status__c': 'edit',
  'Ledgerbridge_Parity_Run__c.Run_Id__c': 'edit',
  'Ledgerbridge_Parity_Run__c.Started_At__c': 'edit',
  'Ledgerbridge_Parity_Run__c.Finished_At__c': 'edit',
  'Ledgerbridge_Parity_Run__c.Pairs_Compared__c': 'edit',
  'Ledgerbridge_Parity_Run__c.Findings__c': 'edit',
  'Ledgerbridge_Parity_Run__c.Mode__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Finding_Ref__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Run_Id__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Kind__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Field__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Xero_Record_Id__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Xero_Record_Label__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Xero_Value__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.CRM_Record_Id__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.CRM_Value__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Status__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Detected_At__c': 'edit',
  'Ledgerbridge_Parity_Finding__c.Resolved_At__c': 'edit',
};

/** Written on create, always readable to whoever sees the record; never in a permission set. */
export const WORKER_MASTER_DETAIL_FIELDS: readonly string[] = [
  'Xero_Invoice__c.Account__c',
  'Xero_Payment__c.Invoice__c',
];

/** The package's own custom objects and fields: what a namespace prefixes (`ns__Xero_Invoice__c`). */
export const PACKAGE_NAMES: ReadonlySet<string> = new Set(
  [
    ...Object.keys(WORKER_OBJECTS),
    ...[...Object.keys(WORKER_FIELDS), ...WORKER_MASTER_DETAIL_FIELDS].map((f) => f.split('.')[1] ?? ''),
  ].filter((name) => name.endsWith('__c')),
);
