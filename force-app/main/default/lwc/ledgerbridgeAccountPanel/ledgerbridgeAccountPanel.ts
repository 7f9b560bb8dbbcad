import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, getRecord, type RecordRepresentation } from 'lightning/uiRecordApi';
import { getRelatedListRecords, type RelatedListRecords } from 'lightning/uiRelatedListApi';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import BALANCE from '@salesforce/schema/Account.Xero_Outstanding_Balance__c';
import OVERDUE from '@salesforce/schema/Account.Xero_Overdue_Amount__c';
import LAST_SYNC from '@salesforce/schema/Account.Ledgerbridge_Last_Sync__c';
import XERO_CONTACT_ID from '@salesforce/schema/Account.Xero_Contact_ID__c';
import {
  ageingBuckets,
  errorMessage,
  formatDate,
  formatDateTime,
  formatMoney,
  xeroInvoiceUrl,
} from 'c/ledgerbridgeFormat';

interface WireResult<T> {
  data?: T;
  error?: unknown;
}

interface FindingNode {
  Id: string;
  Kind__c: { value: string | null };
  Field__c: { value: string | null };
  Xero_Value__c: { value: string | null };
  CRM_Value__c: { value: string | null };
}

const INVOICE_FIELDS = [
  'Xero_Invoice__c.Invoice_Number__c',
  'Xero_Invoice__c.Status__c',
  'Xero_Invoice__c.Due_Date__c',
  'Xero_Invoice__c.Amount_Due__c',
  'Xero_Invoice__c.Total__c',
  'Xero_Invoice__c.Xero_Invoice_ID__c',
];
const PAYMENT_FIELDS = [
  'Xero_Payment__c.Payment_Date__c',
  'Xero_Payment__c.Amount__c',
  'Xero_Payment__c.Reference__c',
  'Xero_Payment__c.Status__c',
  'Xero_Payment__c.Invoice__c',
];
const PROBLEM_LABELS: Record<string, string> = {
  missing_in_crm: 'Missing in Salesforce',
  missing_in_xero: 'Missing in Xero',
  orphaned_link: 'Linked to a record that no longer exists',
  duplicate_link: 'Linked twice',
  field_mismatch: 'Differs from Xero',
  shadow_mismatch: 'Shadow run differs from what was written',
  shadow_no_counterpart: 'Shadow run found no counterpart',
};

export default class LedgerbridgeAccountPanel extends LightningElement {
  @api recordId?: string;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [BALANCE, OVERDUE, LAST_SYNC, XERO_CONTACT_ID],
    optionalFields: ['Account.CurrencyIsoCode'],
  })
  account?: WireResult<RecordRepresentation>;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Xero_Invoices__r',
    fields: INVOICE_FIELDS,
    sortBy: ['Xero_Invoice__c.Due_Date__c'],
    pageSize: 50,
  })
  invoiceList?: WireResult<RelatedListRecords>;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: 'Xero_Payments__r',
    fields: PAYMENT_FIELDS,
    sortBy: ['-Xero_Payment__c.Payment_Date__c'],
    pageSize: 20,
  })
  paymentList?: WireResult<RelatedListRecords>;

  @wire(graphql, {
    query: gql`
      query openFindings($recordId: String) {
        uiapi {
          query {
            Ledgerbridge_Parity_Finding__c(
              where: { and: [{ CRM_Record_Id__c: { eq: $recordId } }, { Status__c: { eq: "open" } }] }
              first: 5
            ) {
              edges {
                node {
                  Id
                  Kind__c {
                    value
                  }
                  Field__c {
                    value
                  }
                  Xero_Value__c {
                    value
                  }
                  CRM_Value__c {
                    value
                  }
                }
              }
            }
          }
        }
      }
    `,
    variables: '$findingVariables',
  })
  findings?: GraphQLResult<{
    uiapi: { query: { Ledgerbridge_Parity_Finding__c: { edges: Array<{ node: FindingNode }> } } };
  }>;

  get findingVariables(): { recordId: string | undefined } {
    return { recordId: this.recordId };
  }

  get loading(): boolean {
    return !this.account?.data && !this.account?.error;
  }

  get errorText(): string | undefined {
    const error = this.account?.error ?? this.invoiceList?.error ?? this.paymentList?.error;
    return error ? `Accounting data could not be loaded: ${errorMessage(error)}` : undefined;
  }

  get notLinked(): boolean {
    return !getFieldValue(this.account?.data, XERO_CONTACT_ID);
  }

  private get currency(): string | undefined {
    const value = this.account?.data?.fields.CurrencyIsoCode?.value;
    return typeof value === 'string' ? value : undefined;
  }

  get outstanding(): string {
    return formatMoney(getFieldValue(this.account?.data, BALANCE) ?? 0, this.currency);
  }

  get overdue(): string {
    return formatMoney(getFieldValue(this.account?.data, OVERDUE) ?? 0, this.currency);
  }

  get lastSync(): string {
    return formatDateTime(getFieldValue(this.account?.data, LAST_SYNC)) || 'Not yet';
  }

  get invoices() {
    return (this.invoiceList?.data?.records ?? []).map((r) => {
      const xeroId = String(r.fields.Xero_Invoice_ID__c?.value ?? '');
      const amountDue = Number(r.fields.Amount_Due__c?.value ?? 0);
      return {
        id: r.id,
        number: String(r.fields.Invoice_Number__c?.value ?? ''),
        status: String(r.fields.Status__c?.value ?? ''),
        dueDateValue: (r.fields.Due_Date__c?.value as string | null) ?? null,
        dueDate: formatDate(r.fields.Due_Date__c?.value),
        amountDueValue: amountDue,
        amountDue: formatMoney(amountDue, this.currency),
        xeroUrl: xeroId ? xeroInvoiceUrl(xeroId) : undefined,
        linkLabel: `Open invoice ${String(r.fields.Invoice_Number__c?.value ?? '')} in Xero`,
      };
    });
  }

  get hasInvoices(): boolean {
    return this.invoices.length > 0;
  }

  get ageing() {
    const open = this.invoices.filter((i) => i.status === 'AUTHORISED' || i.status === 'SUBMITTED');
    return ageingBuckets(
      open.map((i) => ({ dueDate: i.dueDateValue, amountDue: i.amountDueValue })),
      new Date(),
    ).map((b) => ({ ...b, amountText: formatMoney(b.amount, this.currency) }));
  }

  get payments() {
    const numbers = new Map(this.invoices.map((i) => [i.id, i.number]));
    return (this.paymentList?.data?.records ?? []).map((r) => ({
      id: r.id,
      date: formatDate(r.fields.Payment_Date__c?.value),
      amount: formatMoney(r.fields.Amount__c?.value, this.currency),
      reference: String(r.fields.Reference__c?.value ?? ''),
      invoice: numbers.get(String(r.fields.Invoice__c?.value ?? '')) ?? '',
      status: r.fields.Status__c?.value === 'DELETED' ? 'Reversed' : 'Received',
    }));
  }

  get hasPayments(): boolean {
    return this.payments.length > 0;
  }

  get problems() {
    const edges = this.findings?.data?.uiapi.query.Ledgerbridge_Parity_Finding__c.edges ?? [];
    return edges.map(({ node }) => {
      const kind = node.Kind__c.value ?? '';
      const field = node.Field__c.value ? ` (${node.Field__c.value})` : '';
      const values =
        kind === 'field_mismatch'
          ? `: Xero has "${node.Xero_Value__c.value ?? ''}", Salesforce has "${node.CRM_Value__c.value ?? ''}"`
          : '';
      return { id: node.Id, text: `${PROBLEM_LABELS[kind] ?? kind}${field}${values}` };
    });
  }

  get hasProblems(): boolean {
    return this.problems.length > 0;
  }
}
