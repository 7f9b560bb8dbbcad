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
import { errorMessage, formatMoney, xeroInvoiceUrl } from 'c/ledgerbridgeFormat';

interface WireResult<T> {
  data?: T;
  error?: unknown;
}

type InvoiceState = 'none' | 'queued' | 'created' | 'problem';

const STATE_LABELS: Record<InvoiceState, string> = {
  none: 'No invoice: the opportunity is not Closed Won',
  queued: 'Queued: Ledgerbridge is creating the invoice in Xero',
  created: 'Created in Xero',
  problem: 'Not created: fix the problems below, then re-sync',
};

export default class LedgerbridgeOpportunityPanel extends LightningElement {
  @api recordId?: string;
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
    optionalFields: ['Opportunity.CurrencyIsoCode'],
  })
  opportunity?: WireResult<RecordRepresentation>;

  private field(field: { objectApiName: string; fieldApiName: string }): unknown {
    return getFieldValue(this.opportunity?.data, field);
  }

  get loading(): boolean {
    return !this.opportunity?.data && !this.opportunity?.error;
  }

  get errorText(): string | undefined {
    const error = this.opportunity?.error;
    return error ? `Invoice details could not be loaded: ${errorMessage(error)}` : undefined;
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

  get invoiceStatus(): string {
    return String(this.field(INVOICE_STATUS) ?? '');
  }

  get amountDue(): string {
    const currency = this.opportunity?.data?.fields.CurrencyIsoCode?.value;
    return formatMoney(this.field(AMOUNT_DUE) ?? 0, currency);
  }

  get xeroUrl(): string | undefined {
    const id = this.field(INVOICE_ID);
    return typeof id === 'string' && id ? xeroInvoiceUrl(id) : undefined;
  }

  get onlineUrl(): string | undefined {
    const url = this.field(INVOICE_URL);
    return typeof url === 'string' && url ? url : undefined;
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
    return n === 0 ? 'No failed payments' : `${n} failed payment${n === 1 ? '' : 's'}`;
  }

  get resyncClass(): string {
    return this.resyncFailed ? 'slds-text-color_error' : 'slds-text-color_success';
  }

  async handleResync(): Promise<void> {
    if (!this.recordId) return;
    this.requesting = true;
    this.resyncMessage = '';
    try {
      const answer = await requestResync({ opportunityId: this.recordId });
      this.resyncFailed = false;
      this.resyncMessage = `${answer}: Ledgerbridge is syncing this opportunity with Xero.`;
      this.dispatchEvent(
        new ShowToastEvent({ title: 'Re-sync requested', message: this.resyncMessage, variant: 'success' }),
      );
      await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
    } catch (err) {
      this.resyncFailed = true;
      this.resyncMessage = `Re-sync not requested: ${errorMessage(err)}`;
    } finally {
      this.requesting = false;
    }
  }
}
