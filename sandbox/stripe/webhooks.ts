import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { createRng, type Rng } from '../core/random';
import { WebhookSender, type WebhookDelivery } from '../core/webhookSender';
import { EMULATED_API_VERSION, type StripeAccount } from './account';
import type { Event, WebhookEndpoint } from './objects';
import { newWebhookSecret, stripeSignatureHeader } from './signature';

/**
 * Webhook endpoints and delivery as Stripe does it: each event is its own POST of the event JSON
 * to every enabled endpoint whose enabled_events match, signed per attempt
 * (`Stripe-Signature: t=…,v1=…` with the endpoint's whsec_ secret and the attempt's time), retried
 * on anything but a 2xx. At least once and unordered: events raised together go out after a short
 * batch window, shuffled when `shuffle` is on, and `duplicateRate` sends some twice.
 * https://docs.stripe.com/webhooks#event-ordering
 */
export interface StripeWebhookOptions {
  /** Delays before each retry, in ms (Stripe retries for up to three days; tests use ms). */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  /** How long events are collected before they are sent (default 20 ms). */
  batchMs?: number;
  shuffle?: boolean;
  /** Probability that an event is delivered a second time (seeded). */
  duplicateRate?: number;
  seed?: number;
}

export interface StripeDelivery {
  eventId: string;
  eventType: string;
  endpointId: string;
  delivery: WebhookDelivery;
}

export class StripeWebhooks {
  private readonly sender: WebhookSender;
  private readonly deliveriesList: StripeDelivery[] = [];
  private queue: Array<{ account: StripeAccount; endpoint: WebhookEndpoint; event: Event }> = [];
  private timer: NodeJS.Timeout | undefined;
  private rng: Rng;

  constructor(
    private readonly clock: Clock,
    faults: FaultInjector,
    private readonly options: StripeWebhookOptions = {},
  ) {
    this.sender = new WebhookSender({
      faults,
      retryDelaysMs: options.retryDelaysMs ?? [1_000, 5_000, 30_000],
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.rng = createRng(options.seed ?? 7);
  }

  /** POST /v1/webhook_endpoints, or the sandbox's own wiring with a known secret. */
  createEndpoint(
    account: StripeAccount,
    input: {
      url: string;
      enabled_events?: string[];
      secret?: string;
      description?: string;
      api_version?: string;
    },
  ): WebhookEndpoint {
    const endpoint: WebhookEndpoint = {
      id: account.newId('we'),
      object: 'webhook_endpoint',
      api_version: input.api_version ?? EMULATED_API_VERSION,
      created: account.now(),
      description: input.description ?? null,
      enabled_events: input.enabled_events ?? ['*'],
      livemode: account.livemode,
      metadata: {},
      status: 'enabled',
      url: input.url,
      secret: input.secret ?? newWebhookSecret(),
    };
    account.webhookEndpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  /** Called for every event an account raises. */
  enqueue(account: StripeAccount, event: Event): void {
    for (const endpoint of account.webhookEndpoints.values()) {
      if (endpoint.status !== 'enabled') continue;
      if (!endpoint.enabled_events.includes('*') && !endpoint.enabled_events.includes(event.type)) continue;
      event.pending_webhooks++;
      this.queue.push({ account, endpoint, event });
    }
    if (this.queue.length > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.options.batchMs ?? 20);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0);
    if (this.options.shuffle) shuffleInPlace(batch, this.rng);
    for (const item of batch) {
      this.send(item);
      if (this.options.duplicateRate && this.rng() < this.options.duplicateRate) this.send(item);
    }
  }

  /** Flushes and waits until every delivery has succeeded or run out of retries. */
  async idle(): Promise<void> {
    this.flush();
    await this.sender.idle();
  }

  /** Endpoints that have not yet acknowledged the event (an event's `pending_webhooks`). */
  pendingFor(event: Event): number {
    const endpoints = new Set<string>();
    for (const item of this.queue) if (item.event.id === event.id) endpoints.add(item.endpoint.id);
    for (const d of this.deliveriesList) if (d.eventId === event.id) endpoints.add(d.endpointId);
    for (const d of this.deliveriesList)
      if (d.eventId === event.id && d.delivery.delivered) endpoints.delete(d.endpointId);
    return endpoints.size;
  }

  deliveries(): StripeDelivery[] {
    return this.deliveriesList.map((d) => ({
      ...d,
      delivery: { ...d.delivery, attempts: [...d.delivery.attempts] },
    }));
  }

  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.deliveriesList.length = 0;
    this.sender.reset();
    this.rng = createRng(this.options.seed ?? 7);
  }

  private send({
    endpoint,
    event,
  }: {
    account: StripeAccount;
    endpoint: WebhookEndpoint;
    event: Event;
  }): void {
    // The event as it is now (pending_webhooks counts down as endpoints acknowledge), rendered once.
    const payload = JSON.stringify({ ...event, api_version: endpoint.api_version }, null, 2);
    const secret = endpoint.secret ?? '';
    const delivery = this.sender.send(endpoint.url, payload, () => ({
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'stripe-signature': stripeSignatureHeader(secret, payload, Math.floor(this.clock.now() / 1000)),
    }));
    this.deliveriesList.push({ eventId: event.id, eventType: event.type, endpointId: endpoint.id, delivery });
  }
}

function shuffleInPlace<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}
