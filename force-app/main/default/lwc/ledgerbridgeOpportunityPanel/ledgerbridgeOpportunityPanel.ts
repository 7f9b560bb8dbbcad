import { LightningElement, api, wire } from 'lwc';
import {
  getFieldValue,
  getRecord,
  notifyRecordUpdateAvailable,
  type RecordRepresentation,
} from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import requestResync from '@salesforce/apex/LedgerbridgeResync.requestResync';
import IS_WON from '@salesforce/schema/Opportunity.IsWon';
import INVOICE_ID from '@salesforce/schema/Opportunity.Xero_Invoice_ID__c';
import INVOICE_NUMBER from '@salesforce/schema/Opportunity.Xero_Invoice_Number__c';
import INVOICE_STATUS from '@salesforce/schema/Opportunity.Xero_Invoice_Status__c';
import AMOUNT_DUE from '@salesforce/schema/Opportunity.Xero_Amount_Due__c';
import INVOICE_URL from '@salesforce/schema/Opportunity.Xero_Online_Invoice_URL__c';
import SYNC_PROBLEM from '@salesforce/schema/Opportunity.Ledgerbridge_Sync_Problem__c';
import RETRY_COUNT from '@salesforce/schema/Opportunity.Payment_Retry_Count__c';
import {
  amountOf,
  currencyOf,
  errorMessage,
  formatLabel,
  httpsUrl,
  isAccessDenied,
  xeroInvoiceUrl,
} from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';
import {
  PAYMENT_FIELDS,
  paymentView,
  subscriptionView,
  type PaymentView,
  type SubscriptionView,
} from './payments';

interface WireResult<T> {
  data?: T;
  error?: unknown;
}

type InvoiceState = 'none' | 'queued' | 'created' | 'problem';

const STATE_LABELS: Record<InvoiceState, string> = {
  none: LABELS.stateNone,
  queued: LABELS.stateQueued,
  created: LABELS.stateCreated,
  problem: LABELS.stateProblem,
};

export default class LedgerbridgeOpportunityPanel extends LightningElement {
  @api recordId?: string;
  labels = LABELS;
  requesting = false;
  resyncMessage = '';
  resyncFailed = false;

  @wire(getRecord, {
    recordId: '$recordId',
    fields: [
      IS_WON,
      INVOICE_ID,
      INVOICE_NUMBER,
      INVOICE_STATUS,
      AMOUNT_DUE,
      INVOICE_URL,
      SYNC_PROBLEM,
      RETRY_COUNT,
    ],
    // A string, not a schema import: CurrencyIsoCode exists only in multi-currency orgs.
    optionalFields: ['Opportunity.CurrencyIsoCode', ...PAYMENT_FIELDS],
  })
  opportunity?: WireResult<RecordRepresentation>;

  private field(field: { objectApiName: string; fieldApiName: string }): unknown {
    return getFieldValue(this.opportunity?.data, field);
  }

  get loading(): boolean {
    return !this.opportunity?.data && !this.opportunity?.error;
  }

  /** Not the user's to see (no permission set for it): said quietly, not as an error. */
  get noAccess(): boolean {
    return this.opportunity?.error !== undefined && isAccessDenied(this.opportunity.error);
  }

  get canResync(): boolean {
    return !this.noAccess;
  }

  get errorText(): string | undefined {
    const error = this.opportunity?.error;
    return error && !this.noAccess ? formatLabel(LABELS.loadError, errorMessage(error)) : undefined;
  }

  get state(): InvoiceState {
    if (this.field(INVOICE_ID)) return 'created';
    if (this.field(INVOICE_STATUS) === 'Error' || this.problems.length > 0) return 'problem';
    if (this.field(IS_WON) === true || this.field(INVOICE_STATUS) === 'Queued') return 'queued';
    return 'none';
  }

  get stateLabel(): string {
    return STATE_LABELS[this.state];
  }

  get created(): boolean {
    return this.state === 'created';
  }

  get invoiceNumber(): string {
    return String(this.field(INVOICE_NUMBER) ?? '');
  }

  /** The status picklist value's label, as the record page shows it. */
  get invoiceStatus(): string {
    const shown = this.opportunity?.data?.fields[INVOICE_STATUS.fieldApiName]?.displayValue;
    return String(shown ?? this.field(INVOICE_STATUS) ?? '');
  }

  get amountDue(): number {
    return amountOf(this.field(AMOUNT_DUE)) ?? 0;
  }

  get currency(): string | undefined {
    return currencyOf(this.opportunity?.data?.fields.CurrencyIsoCode?.value);
  }

  get xeroUrl(): string | undefined {
    const id = this.field(INVOICE_ID);
    return typeof id === 'string' && id ? xeroInvoiceUrl(id) : undefined;
  }

  /** Xero's online invoice link, as synced into the record: shown only when it is https. */
  get onlineUrl(): string | undefined {
    return httpsUrl(this.field(INVOICE_URL));
  }

  get problems(): string[] {
    const text = this.field(SYNC_PROBLEM);
    return typeof text === 'string'
      ? text
          // The worker writes its reasons as sentences, one after another.
          .split(/\n|(?<=\.)\s+/)
          .map((line) => line.replace(/^[-•]\s*/, '').trim())
          .filter(Boolean)
      : [];
  }

  get hasProblems(): boolean {
    return this.problems.length > 0;
  }

  get problemItems() {
    return this.problems.map((text, i) => ({ key: `problem-${i}`, text }));
  }

  get retryCount(): number {
    return Number(this.field(RETRY_COUNT) ?? 0);
  }

  get retryText(): string {
    const n = this.retryCount;
    const count =
      n === 0
        ? LABELS.noFailedPayments
        : n === 1
          ? LABELS.oneFailedPayment
          : formatLabel(LABELS.failedPayments, n);
    return formatLabel(LABELS.paymentRetries, count);
  }

  /** Stripe's view of the payment (issue #22), where Ledgerbridge wrote one. */
  get payment(): PaymentView | undefined {
    return paymentView(this.opportunity?.data);
  }

  get subscription(): SubscriptionView | undefined {
    return subscriptionView(this.opportunity?.data);
  }

  get resyncClass(): string {
    return this.resyncFailed ? 'slds-text-color_error' : 'slds-text-color_success';
  }

  async handleResync(): Promise<void> {
    if (!this.recordId) return;
    this.requesting = true;
    this.resyncMessage = '';
    try {
      await requestResync({ opportunityId: this.recordId });
      this.resyncFailed = false;
      this.resyncMessage = LABELS.resyncSyncing;
      this.dispatchEvent(
        new ShowToastEvent({
          title: LABELS.resyncRequested,
          message: this.resyncMessage,
          variant: 'success',
        }),
      );
      await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
    } catch (err) {
      this.resyncFailed = true;
      this.resyncMessage = formatLabel(LABELS.resyncFailed, errorMessage(err));
    } finally {
      this.requesting = false;
    }
  }
}
