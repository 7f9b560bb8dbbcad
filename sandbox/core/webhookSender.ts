import type { FaultInjector } from './faults';

/**
 * Delivers webhooks the way vendors do: POST the exact bytes that were signed, count anything but a
 * 2xx within the timeout as a failure, retry on a schedule. An injected `webhook_failure` fault
 * makes an attempt fail without sending, as a vendor outage would look to the receiver.
 */
export interface WebhookDelivery {
  id: number;
  url: string;
  body: string;
  attempts: Array<{ at: number; status: number | 'timeout' | 'network_error' | 'injected_failure' }>;
  delivered: boolean;
}

export interface WebhookSenderOptions {
  faults: FaultInjector;
  /** Delays before each retry, in ms (vendors back off over hours; tests use milliseconds). */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

export class WebhookSender {
  private readonly deliveries: WebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private nextId = 1;

  constructor(private readonly options: WebhookSenderOptions) {}

  /**
   * Starts a delivery in the background and returns its record (updated as attempts happen).
   * `headers` may be a function of the attempt (0 first): a vendor that signs each attempt afresh
   * (Stripe's timestamped signature) builds them per attempt.
   */
  send(
    url: string,
    body: string,
    headers: Record<string, string> | ((attempt: number) => Record<string, string>),
  ): WebhookDelivery {
    const delivery: WebhookDelivery = { id: this.nextId++, url, body, attempts: [], delivered: false };
    this.deliveries.push(delivery);
    const run = this.deliver(delivery, headers).finally(() => this.pending.delete(run));
    this.pending.add(run);
    return delivery;
  }

  list(): WebhookDelivery[] {
    return this.deliveries.map((d) => ({ ...d, attempts: [...d.attempts] }));
  }

  /** Resolves when every delivery in flight has succeeded or run out of retries. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  reset(): void {
    this.deliveries.length = 0;
  }

  private async deliver(
    delivery: WebhookDelivery,
    headers: Record<string, string> | ((attempt: number) => Record<string, string>),
  ): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [100, 500, 2_000];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      const status = await this.attempt(delivery, typeof headers === 'function' ? headers(attempt) : headers);
      delivery.attempts.push({ at: Date.now(), status });
      if (typeof status === 'number' && status >= 200 && status < 300) {
        delivery.delivered = true;
        return;
      }
    }
  }

  private async attempt(
    delivery: WebhookDelivery,
    headers: Record<string, string>,
  ): Promise<WebhookDelivery['attempts'][number]['status']> {
    if (
      this.options.faults.draw(['webhook_failure'], { method: 'POST', path: new URL(delivery.url).pathname })
    ) {
      return 'injected_failure';
    }
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: delivery.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (err) {
      return err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network_error';
    }
  }
}
