import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import listConnections from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import connectUrl from '@salesforce/apex/LedgerbridgeXeroConnections.connectUrl';
import disconnect from '@salesforce/apex/LedgerbridgeXeroConnections.disconnect';
import type {
  XeroConnection,
  XeroConnectionsOverview,
} from '@salesforce/apex/LedgerbridgeXeroConnections.listConnections';
import { errorMessage, formatDateTime } from 'c/ledgerbridgeFormat';

const STATUS_LABELS: Record<XeroConnection['status'], string> = {
  active: 'Connected',
  needs_reauth: 'Needs reconnecting',
  disconnected: 'Disconnected',
};

const STATUS_CLASSES: Record<XeroConnection['status'], string> = {
  active: 'slds-badge slds-theme_success',
  needs_reauth: 'slds-badge slds-theme_warning',
  disconnected: 'slds-badge',
};

export default class LedgerbridgeXeroConnections extends LightningElement {
  overview?: XeroConnectionsOverview;
  loadError = '';
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
      this.loadError = `Xero connections could not be loaded: ${errorMessage(err)}`;
    }
  }

  get loading(): boolean {
    return !this.overview && !this.loadError;
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
      lastRefresh: formatDateTime(c.lastRefreshAt) || 'Not yet',
      canReconnect: this.canManage && c.status !== 'active',
      canDisconnect: this.canManage && c.status !== 'disconnected',
      confirming: c.id === this.confirmingId,
      confirmText: `Disconnect ${c.name || c.tenantId}? Ledgerbridge stops syncing it and gives up its access to Xero.`,
    }));
  }

  get hasConnections(): boolean {
    return this.rows.length > 0;
  }

  get emptyText(): string {
    return this.canManage
      ? 'No Xero organisation is connected yet. Connect one to start syncing.'
      : 'No Xero organisation is connected yet. A Ledgerbridge admin can connect one here.';
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
      const opened = window.open(link.url, '_blank');
      if (opened) {
        opened.opener = null;
        this.report(false, 'Xero opened in a new window: finish connecting there, then refresh this list.');
      } else {
        this.connectLink = link.url;
        this.report(false, 'Your browser kept the new window closed: open Xero with the link below.');
      }
    } catch (err) {
      this.report(true, `Xero could not be connected: ${errorMessage(err)}`);
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
    const name = this.rows.find((r) => r.id === connectionId)?.name ?? 'the Xero organisation';
    this.busy = true;
    try {
      this.overview = await disconnect({ connectionId });
      this.confirmingId = '';
      this.report(false, `${name} is disconnected.`);
      this.dispatchEvent(
        new ShowToastEvent({ title: 'Xero disconnected', message: this.message, variant: 'success' }),
      );
    } catch (err) {
      this.report(true, `${name} could not be disconnected: ${errorMessage(err)}`);
    } finally {
      this.busy = false;
    }
  }

  private report(failed: boolean, message: string): void {
    this.messageFailed = failed;
    this.message = message;
  }
}
