/**
 * Xero's online invoice link is fixed for the life of an invoice, yet reading it costs one call of
 * the tenant's 60 a minute on every sync. Links already read are kept here (per process, the most
 * recent `capacity` of them), so a payment on a known invoice costs one call fewer.
 */
export class OnlineInvoiceUrls {
  private readonly urls = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  get(connectionId: string, invoiceId: string): string | undefined {
    const key = `${connectionId}:${invoiceId}`;
    const url = this.urls.get(key);
    if (url !== undefined) {
      // Most recently used last: the oldest entry is the first to go.
      this.urls.delete(key);
      this.urls.set(key, url);
    }
    return url;
  }

  set(connectionId: string, invoiceId: string, url: string): void {
    const key = `${connectionId}:${invoiceId}`;
    this.urls.delete(key);
    this.urls.set(key, url);
    if (this.urls.size > this.capacity) {
      const oldest = this.urls.keys().next().value;
      if (oldest !== undefined) this.urls.delete(oldest);
    }
  }
}
