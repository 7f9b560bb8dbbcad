import { LightningElement } from 'lwc';
import load from '@salesforce/apex/LedgerbridgeReceivables.load';
import type { ReceivablesOverview } from '@salesforce/apex/LedgerbridgeReceivables.load';
import { errorMessage, formatDate, formatLabel, isAccessDenied } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

/**
 * The app page's "Receivables" card: the installation's newest nightly figures (issue #22), one
 * row per currency (amounts in different currencies are never added): ageing buckets and DSO.
 */
export default class LedgerbridgeReceivables extends LightningElement {
  labels = LABELS;
  overview?: ReceivablesOverview;
  loadError = '';
  /** The user may not call the Apex class: a quiet note, no error. */
  noAccess = false;
  busy = false;

  override connectedCallback(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    this.busy = true;
    try {
      this.overview = await load();
      this.loadError = '';
    } catch (err) {
      if (isAccessDenied(err)) this.noAccess = true;
      else this.loadError = formatLabel(LABELS.loadError, errorMessage(err));
    } finally {
      this.busy = false;
    }
  }

  handleRefresh(): void {
    void this.load();
  }

  get loading(): boolean {
    return !this.overview && !this.loadError && !this.noAccess;
  }

  get canRefresh(): boolean {
    return !this.noAccess;
  }

  get computed(): boolean {
    return this.overview?.status === 'computed';
  }

  /** The worker's reason there are no figures yet. */
  get notYet(): string {
    return this.overview?.status === 'never_computed' ? (this.overview.message ?? '') : '';
  }

  get asOfText(): string {
    const overview = this.overview;
    if (!overview || overview.status !== 'computed') return '';
    return formatLabel(LABELS.asOf, formatDate(overview.asOf), overview.overdueInvoices ?? 0);
  }

  get hasFigures(): boolean {
    return this.rows.length > 0;
  }

  get rows() {
    return (this.overview?.figures ?? []).map((f) => ({
      ...f,
      hasDso: typeof f.daysSalesOutstanding === 'number',
    }));
  }
}
