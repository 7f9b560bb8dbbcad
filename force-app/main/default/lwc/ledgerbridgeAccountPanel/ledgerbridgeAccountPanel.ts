import { LightningElement, api, wire } from 'lwc';
import { getFieldValue, getRecord, type FieldId, type RecordRepresentation } from 'lightning/uiRecordApi';
import { getRelatedListRecords, type RelatedListRecords } from 'lightning/uiRelatedListApi';
import { gql, graphql, type GraphQLResult } from 'lightning/graphql';
import BALANCE from '@salesforce/schema/Account.Xero_Outstanding_Balance__c';
import OVERDUE from '@salesforce/schema/Account.Xero_Overdue_Amount__c';
import LAST_SYNC from '@salesforce/schema/Account.Ledgerbridge_Last_Sync__c';
import XERO_CONTACT_ID from '@salesforce/schema/Account.Xero_Contact_ID__c';
import INVOICE_OBJECT from '@salesforce/schema/Xero_Invoice__c';
import INVOICE_NUMBER from '@salesforce/schema/Xero_Invoice__c.Invoice_Number__c';
import INVOICE_STATUS from '@salesforce/schema/Xero_Invoice__c.Status__c';
import INVOICE_DUE_DATE from '@salesforce/schema/Xero_Invoice__c.Due_Date__c';
import INVOICE_AMOUNT_DUE from '@salesforce/schema/Xero_Invoice__c.Amount_Due__c';
import INVOICE_TOTAL from '@salesforce/schema/Xero_Invoice__c.Total__c';
import INVOICE_CURRENCY from '@salesforce/schema/Xero_Invoice__c.Currency_Code__c';
import INVOICE_XERO_ID from '@salesforce/schema/Xero_Invoice__c.Xero_Invoice_ID__c';
import PAYMENT_DATE from '@salesforce/schema/Xero_Payment__c.Payment_Date__c';
import PAYMENT_AMOUNT from '@salesforce/schema/Xero_Payment__c.Amount__c';
import PAYMENT_REFERENCE from '@salesforce/schema/Xero_Payment__c.Reference__c';
import PAYMENT_STATUS from '@salesforce/schema/Xero_Payment__c.Status__c';
import PAYMENT_INVOICE from '@salesforce/schema/Xero_Payment__c.Invoice__c';
import {
  ageingBuckets,
  amountOf,
  currencyOf,
  errorMessage,
  formatDate,
  formatDateTime,
  formatLabel,
  isAccessDenied,
  namespacePrefix,
  xeroInvoiceUrl,
} from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';
import {
  FIGURE_FIELDS,
  receivablesView,
  subscriptionTotals,
  type ReceivablesView,
  type SubscriptionTotals,
} from './figures';

interface WireResult<T> {
  data?: T;
  error?: unknown;
}

/** Aliased in the query so the keys stay the same when the package's namespace prefixes the names. */
interface FindingNode {
  Id: string;
  kind: { value: string | null };
  field: { value: string | null };
  xeroValue: { value: string | null };
  crmValue: { value: string | null };
}

const qualified = (f: FieldId) => `${f.objectApiName}.${f.fieldApiName}`;
const INVOICE_FIELDS = [
  INVOICE_NUMBER,
  INVOICE_STATUS,
  INVOICE_DUE_DATE,
  INVOICE_AMOUNT_DUE,
  INVOICE_TOTAL,
  INVOICE_XERO_ID,
  INVOICE_CURRENCY,
];
const PAYMENT_FIELDS = [PAYMENT_DATE, PAYMENT_AMOUNT, PAYMENT_REFERENCE, PAYMENT_STATUS, PAYMENT_INVOICE];
// Relationship names carry the package's namespace like the objects do; schema imports give the object's.
const NS = namespacePrefix(INVOICE_OBJECT.objectApiName, 'Xero_Invoice__c');

const PROBLEM_LABELS: Record<string, string> = {
  missing_in_crm: LABELS.kindMissingInCrm,
  missing_in_xero: LABELS.kindMissingInXero,
  orphaned_link: LABELS.kindOrphanedLink,
  duplicate_link: LABELS.kindDuplicateLink,
  field_mismatch: LABELS.kindFieldMismatch,
  shadow_mismatch: LABELS.kindShadowMismatch,
  shadow_no_counterpart: LABELS.kindShadowNoCounterpart,
};

export default class LedgerbridgeAccountPanel extends LightningElement {
  @api recordId?: string;
  labels = LABELS;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [BALANCE, OVERDUE, LAST_SYNC, XERO_CONTACT_ID],
    // A string, not a schema import: CurrencyIsoCode exists only in multi-currency orgs.
    optionalFields: ['Account.CurrencyIsoCode', ...FIGURE_FIELDS],
  })
  account?: WireResult<RecordRepresentation>;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: `${NS}Xero_Invoices__r`,
    fields: INVOICE_FIELDS.map(qualified),
    sortBy: [qualified(INVOICE_DUE_DATE)],
    pageSize: 50,
  })
  invoiceList?: WireResult<RelatedListRecords>;

  @wire(getRelatedListRecords, {
    parentRecordId: '$recordId',
    relatedListId: `${NS}Xero_Payments__r`,
    fields: PAYMENT_FIELDS.map(qualified),
    sortBy: [`-${qualified(PAYMENT_DATE)}`],
    pageSize: 20,
  })
  paymentList?: WireResult<RelatedListRecords>;

  @wire(graphql, {
    query: gql`
      query openFindings($recordId: String) {
        uiapi {
          query {
            findings: Ledgerbridge_Parity_Finding__c(
              where: { and: [{ CRM_Record_Id__c: { eq: $recordId } }, { Status__c: { eq: "open" } }] }
              first: 5
            ) {
              edges {
                node {
                  Id
                  kind: Kind__c {
                    value
                  }
                  field: Field__c {
                    value
                  }
                  xeroValue: Xero_Value__c {
                    value
                  }
                  crmValue: CRM_Value__c {
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
  findings?: GraphQLResult<{ uiapi: { query: { findings: { edges: Array<{ node: FindingNode }> } } } }>;

  /** Stripe subscription totals and the nightly receivables (issue #22), once written. */
  get subscriptions(): SubscriptionTotals | undefined {
    return subscriptionTotals(this.account?.data);
  }

  get receivables(): ReceivablesView | undefined {
    return receivablesView(this.account?.data);
  }

  get findingVariables(): { recordId: string | undefined } {
    return { recordId: this.recordId };
  }

  get loading(): boolean {
    return !this.account?.data && !this.account?.error;
  }

  private get loadFailure(): unknown {
    return this.account?.error ?? this.invoiceList?.error ?? this.paymentList?.error;
  }

  /** Not the user's to see (no permission set for it): said quietly, not as an error. */
  get noAccess(): boolean {
    return this.loadFailure !== undefined && isAccessDenied(this.loadFailure);
  }

  get errorText(): string | undefined {
    const error = this.loadFailure;
    return error && !this.noAccess ? formatLabel(LABELS.loadError, errorMessage(error)) : undefined;
  }

  get notLinked(): boolean {
    return !getFieldValue(this.account?.data, XERO_CONTACT_ID);
  }

  /**
   * The account's currency (multi-currency orgs): the balances' and payments' (details carry their
   * master's currency). Each invoice row shows its own Xero currency.
   */
  get currency(): string | undefined {
    return currencyOf(this.account?.data?.fields.CurrencyIsoCode?.value);
  }

  get outstanding(): number {
    return amountOf(getFieldValue(this.account?.data, BALANCE)) ?? 0;
  }

  get overdue(): number {
    return amountOf(getFieldValue(this.account?.data, OVERDUE)) ?? 0;
  }

  get lastSync(): string {
    return formatDateTime(getFieldValue(this.account?.data, LAST_SYNC)) || LABELS.notYet;
  }

  get invoices() {
    return (this.invoiceList?.data?.records ?? []).map((r) => {
      const xeroId = getFieldValue(r, INVOICE_XERO_ID);
      const number = String(getFieldValue(r, INVOICE_NUMBER) ?? '');
      const dueDate = getFieldValue(r, INVOICE_DUE_DATE);
      return {
        id: r.id,
        number,
        status: String(getFieldValue(r, INVOICE_STATUS) ?? ''),
        // The picklist value's label (Status__c is a picklist), as the record page shows it.
        statusLabel: String(
          r.fields[INVOICE_STATUS.fieldApiName]?.displayValue ?? getFieldValue(r, INVOICE_STATUS) ?? '',
        ),
        dueDateValue: typeof dueDate === 'string' ? dueDate : null,
        dueDate: formatDate(dueDate),
        amountDue: amountOf(getFieldValue(r, INVOICE_AMOUNT_DUE)) ?? 0,
        // The invoice's own Xero currency; the account's for records written before it was kept.
        currency: currencyOf(getFieldValue(r, INVOICE_CURRENCY)) ?? this.currency,
        xeroUrl: typeof xeroId === 'string' && xeroId ? xeroInvoiceUrl(xeroId) : undefined,
        linkLabel: formatLabel(LABELS.openInvoiceInXero, number),
      };
    });
  }

  get hasInvoices(): boolean {
    return this.invoices.length > 0;
  }

  get ageing() {
    const open = this.invoices.filter((i) => i.status === 'AUTHORISED' || i.status === 'SUBMITTED');
    return ageingBuckets(
      open.map((i) => ({ dueDate: i.dueDateValue, amountDue: i.amountDue })),
      new Date(),
    );
  }

  get payments() {
    const numbers = new Map(this.invoices.map((i) => [i.id, i.number]));
    return (this.paymentList?.data?.records ?? []).map((r) => ({
      id: r.id,
      date: formatDate(getFieldValue(r, PAYMENT_DATE)),
      amount: amountOf(getFieldValue(r, PAYMENT_AMOUNT)),
      reference: String(getFieldValue(r, PAYMENT_REFERENCE) ?? ''),
      invoice: numbers.get(String(getFieldValue(r, PAYMENT_INVOICE) ?? '')) ?? '',
      status: getFieldValue(r, PAYMENT_STATUS) === 'DELETED' ? LABELS.reversed : LABELS.received,
    }));
  }

  get hasPayments(): boolean {
    return this.payments.length > 0;
  }

  get problems() {
    const edges = this.findings?.data?.uiapi.query.findings.edges ?? [];
    return edges.map(({ node }) => {
      const kind = node.kind.value ?? '';
      const named = PROBLEM_LABELS[kind] ?? kind;
      const withField = node.field.value ? formatLabel(LABELS.problemField, named, node.field.value) : named;
      const text =
        kind === 'field_mismatch'
          ? formatLabel(
              LABELS.problemValues,
              withField,
              node.xeroValue.value ?? '',
              node.crmValue.value ?? '',
            )
          : withField;
      return { id: node.Id, text };
    });
  }

  get hasProblems(): boolean {
    return this.problems.length > 0;
  }
}
