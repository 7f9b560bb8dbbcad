import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import listConnections from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import connectUrl from '@salesforce/apex/LedgerbridgeXeroConnections.connectUrl';
import disconnect from '@salesforce/apex/LedgerbridgeXeroConnections.disconnect';
import type {
  XeroConnection,
  XeroConnectionsOverview,
} from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import { errorMessage, formatDateTime, formatLabel, httpsUrl, isAccessDenied } from 'c/ledgerbridgeFormat';
import { LABELS } from './labels';

const STATUS_LABELS: Record<XeroConnection['status'], string> = {
  active: LABELS.statusActive,
  needs_reauth: LABELS.statusNeedsReauth,
  disconnected: LABELS.statusDisconnected,
};

const STATUS_CLASSES: Record<XeroConnection['status'], string> = {
  active: 'slds-badge slds-theme_success',
  needs_reauth: 'slds-badge slds-theme_warning',
  disconnected: 'slds-badge',
};

export default class LedgerbridgeXeroConnections extends LightningElement {
  labels = LABELS;
  overview?: XeroConnectionsOverview;
  loadError = '';
  /** The user may not call the connections' Apex (Ledgerbridge User only): a quiet note, no error. */
  noAccess = false;
  busy = false;
  message = '';
  messageFailed = false;
  /** A connect link the browser would not open by itself (a pop-up blocker): shown to click. */
  connectLink = '';
  /** The connection whose Disconnect was clicked, awaiting its confirmation. */
  confirmingId = '';

  override connectedCallback(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.overview = await listConnections();
      this.loadError = '';
    } catch (err) {
      if (isAccessDenied(err)) this.noAccess = true;
      else this.loadError = formatLabel(LABELS.loadError, errorMessage(err));
    }
  }

  get loading(): boolean {
    return !this.overview && !this.loadError && !this.noAccess;
  }

  get canRefresh(): boolean {
    return !this.noAccess;
  }

  get canManage(): boolean {
    return this.overview?.canManage === true;
  }

  get rows() {
    return (this.overview?.connections ?? []).map((c) => ({
      id: c.id,
      name: c.name || c.tenantId,
      statusLabel: STATUS_LABELS[c.status] ?? c.status,
      statusClass: STATUS_CLASSES[c.status] ?? 'slds-badge',
      problem: c.problem ?? '',
      lastRefresh: formatDateTime(c.lastRefreshAt) || LABELS.notYet,
      canReconnect: this.canManage && c.status !== 'active',
      canDisconnect: this.canManage && c.status !== 'disconnected',
      confirming: c.id === this.confirmingId,
      confirmText: formatLabel(LABELS.confirmDisconnect, c.name || c.tenantId),
    }));
  }

  get hasConnections(): boolean {
    return this.rows.length > 0;
  }

  get emptyText(): string {
    return this.canManage ? LABELS.emptyAdmin : LABELS.emptyReader;
  }

  get messageClass(): string {
    return this.messageFailed ? 'slds-text-color_error' : 'slds-text-color_success';
  }

  async handleRefresh(): Promise<void> {
    this.message = '';
    await this.load();
  }

  async handleConnect(event: Event): Promise<void> {
    const reconnectId = (event.currentTarget as HTMLElement).dataset.connectionId ?? null;
    this.busy = true;
    this.connectLink = '';
    try {
      const link = await connectUrl({ reconnectId });
      // The worker's answer becomes a window and a link: only ever an https one.
      const url = httpsUrl(link.url);
      if (!url) {
        this.report(true, formatLabel(LABELS.connectFailed, LABELS.badConnectLink));
        return;
      }
      // Not the 'noopener' feature: with it window.open answers null, as if a pop-up blocker stopped it.
      const opened = window.open(url, '_blank');
      if (opened) {
        opened.opener = null;
        this.report(false, LABELS.openedXero);
      } else {
        this.connectLink = url;
        this.report(false, LABELS.popupBlocked);
      }
    } catch (err) {
      this.report(true, formatLabel(LABELS.connectFailed, errorMessage(err)));
    } finally {
      this.busy = false;
    }
  }

  handleAskDisconnect(event: Event): void {
    this.confirmingId = (event.currentTarget as HTMLElement).dataset.connectionId ?? '';
  }

  handleCancelDisconnect(): void {
    this.confirmingId = '';
  }

  async handleDisconnect(event: Event): Promise<void> {
    const connectionId = (event.currentTarget as HTMLElement).dataset.connectionId ?? '';
    const name = this.rows.find((r) => r.id === connectionId)?.name ?? LABELS.theOrganisation;
    this.busy = true;
    try {
      this.overview = await disconnect({ connectionId });
      this.confirmingId = '';
      this.report(false, formatLabel(LABELS.disconnected, name));
      this.dispatchEvent(
        new ShowToastEvent({ title: LABELS.disconnectedTitle, message: this.message, variant: 'success' }),
      );
    } catch (err) {
      this.report(true, formatLabel(LABELS.disconnectFailed, name, errorMessage(err)));
    } finally {
      this.busy = false;
    }
  }

  private report(failed: boolean, message: string): void {
    this.messageFailed = failed;
    this.message = message;
  }
}
