import { LightningElement, api } from 'lwc';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import requestResync from '@salesforce/apex/LedgerbridgeResync.requestResync';
import { errorMessage } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

/**
 * The headless quick action Opportunity.Ledgerbridge_Resync: asks the worker (through Apex) to sync
 * the opportunity now, says in a toast whether that went through, and has the page read the record
 * again so the Xero fields the worker writes show without a reload.
 */
export default class LedgerbridgeResyncAction extends LightningElement {
  @api recordId?: string;
  private running = false;

  @api
  async invoke(): Promise<void> {
    // A second click while the first request is out would send a second notice.
    if (this.running || !this.recordId) return;
    this.running = true;
    try {
      await requestResync({ opportunityId: this.recordId });
      this.dispatchEvent(
        new ShowToastEvent({
          title: LABELS.resyncRequested,
          message: LABELS.resyncSyncing,
          variant: 'success',
        }),
      );
      await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
    } catch (err) {
      this.dispatchEvent(
        new ShowToastEvent({ title: LABELS.notRequested, message: errorMessage(err), variant: 'error' }),
      );
    } finally {
      this.running = false;
    }
  }
}
