import { z } from 'zod';
import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { SINGULAR_OF, resolveObjectType } from './objectTypes';
import { projectSubscriptions } from './projectSubscriptions';
import { signatureV1, signatureV3 } from './signature';
import type { CrmChange } from './store';

/**
 * Webhooks the way HubSpot sends them to an app: CRM changes matching the app's subscriptions
 * (`deal.creation`, `deal.propertyChange` for a named property, `deal.deletion`, and the same for
 * contacts, companies, line items) become events, POSTed as a JSON array of up to 100 events per
 * request to the app's target URL, signed with the app's client secret (v3 and v1 headers), and
 * retried with backoff on anything but a 2xx. A retry re-sends the same events with
 * `attemptNumber` incremented and a fresh timestamp and signature.
 * https://developers.hubspot.com/docs/api-reference/webhooks-webhooks-v3/guide
 */
export const subscriptionSchema = z.object({
  subscriptionType: z.string().regex(/^[a-z_]+\.(creation|deletion|propertyChange)$/),
  propertyName: z.string().optional(),
  active: z.boolean().default(true),
});

export const webhookConfigSchema = z.object({
  targetUrl: z.url(),
  /** Omitted: the HubSpot project's own subscriptions (its webhooks-hsmeta.json), as HubSpot has them. */
  subscriptions: z.array(subscriptionSchema).optional(),
  /** Signing secret; defaults to the client secret of the app (`appId` or the first registered client). */
  clientSecret: z.string().min(1).optional(),
  appId: z.number().int().positive().optional(),
  maxEventsPerRequest: z.number().int().min(1).max(100).default(100),
});

export type WebhookConfigInput = z.input<typeof webhookConfigSchema>;

export interface HubSpotWebhookEvent {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId: number;
  changeSource: string;
  changeFlag?: string;
  propertyName?: string;
  propertyValue?: string;
  sourceId?: string;
}

export interface HubSpotWebhookDelivery {
  id: number;
  url: string;
  events: HubSpotWebhookEvent[];
  attempts: Array<{
    at: number;
    attemptNumber: number;
    status: number | 'timeout' | 'network_error' | 'injected_failure';
  }>;
  delivered: boolean;
}

interface ActiveConfig {
  targetUrl: string;
  clientSecret: string;
  appId: number;
  maxEventsPerRequest: number;
  subscriptions: Array<z.infer<typeof subscriptionSchema> & { id: number }>;
}

export interface WebhookOptions {
  /** How long changes are collected before a batch is sent (default 100 ms). */
  batchMs?: number;
  /** Delays before each retry (HubSpot retries up to 10 times over 24 hours; tests use ms). */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

export class HubSpotWebhooks {
  private config: ActiveConfig | undefined;
  private queue: HubSpotWebhookEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly deliveriesList: HubSpotWebhookDelivery[] = [];
  private readonly pending = new Set<Promise<void>>();
  private nextEventId = 1;
  private nextDeliveryId = 1;
  private nextSubscriptionId = 1001;

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultInjector,
    private readonly secretOf: (
      appId: number | undefined,
    ) => { clientSecret: string; appId: number } | undefined,
    private readonly options: WebhookOptions = {},
  ) {}

  configure(input: WebhookConfigInput): ActiveConfig {
    const parsed = webhookConfigSchema.parse(input);
    const app = this.secretOf(parsed.appId);
    const clientSecret = parsed.clientSecret ?? app?.clientSecret;
    if (!clientSecret)
      throw new Error('webhooks need a clientSecret or a registered OAuth client to sign with');
    const subscriptions = parsed.subscriptions ?? projectSubscriptions();
    for (const s of subscriptions) {
      const [object] = s.subscriptionType.split('.');
      if (!resolveObjectType(object)) throw new Error(`unknown object in subscription ${s.subscriptionType}`);
      if (s.subscriptionType.endsWith('.propertyChange') && !s.propertyName)
        throw new Error(`${s.subscriptionType} needs a propertyName`);
    }
    this.config = {
      targetUrl: parsed.targetUrl,
      clientSecret,
      appId: parsed.appId ?? app?.appId ?? 0,
      maxEventsPerRequest: parsed.maxEventsPerRequest,
      subscriptions: subscriptions.map((s) => ({ ...s, id: this.nextSubscriptionId++ })),
    };
    return this.config;
  }

  subscriptions(): ActiveConfig['subscriptions'] {
    return this.config?.subscriptions.map((s) => ({ ...s })) ?? [];
  }

  /** Turns a CRM change into the events of the matching subscriptions. */
  record(portalId: number, change: CrmChange): void {
    const config = this.config;
    if (!config) return;
    const object = SINGULAR_OF[change.type];
    const base = {
      portalId,
      appId: config.appId,
      occurredAt: this.clock.now(),
      attemptNumber: 0,
      objectId: Number(change.id),
      changeSource: change.source,
    };
    const push = (subscriptionId: number, subscriptionType: string, extra: Partial<HubSpotWebhookEvent>) =>
      this.queue.push({ eventId: this.nextEventId++, subscriptionId, subscriptionType, ...base, ...extra });
    for (const sub of config.subscriptions) {
      if (!sub.active) continue;
      const [subObject, kind] = sub.subscriptionType.split('.');
      if (subObject !== object) continue;
      if (kind === 'creation' && change.kind === 'creation')
        push(sub.id, sub.subscriptionType, { changeFlag: 'NEW' });
      if (kind === 'deletion' && change.kind === 'deletion')
        push(sub.id, sub.subscriptionType, { changeFlag: 'DELETED' });
      if (kind === 'propertyChange' && change.kind === 'propertyChange' && change.name === sub.propertyName)
        push(sub.id, sub.subscriptionType, { propertyName: change.name, propertyValue: change.value });
      // A record created with a subscribed property set also reports that property's change.
      if (kind === 'propertyChange' && change.kind === 'creation' && sub.propertyName) {
        const value = change.properties[sub.propertyName];
        if (value !== undefined)
          push(sub.id, sub.subscriptionType, { propertyName: sub.propertyName, propertyValue: value });
      }
    }
    if (this.queue.length > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.options.batchMs ?? 100);
      this.timer.unref();
    }
  }

  /** Sends what is queued now, in requests of at most maxEventsPerRequest events. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const config = this.config;
    const events = this.queue.splice(0);
    if (config) {
      for (let i = 0; i < events.length; i += config.maxEventsPerRequest) {
        const delivery: HubSpotWebhookDelivery = {
          id: this.nextDeliveryId++,
          url: config.targetUrl,
          events: events.slice(i, i + config.maxEventsPerRequest),
          attempts: [],
          delivered: false,
        };
        this.deliveriesList.push(delivery);
        const run = this.deliver(config, delivery).finally(() => this.pending.delete(run));
        this.pending.add(run);
      }
    }
  }

  /** Flushes and waits for every delivery to succeed or run out of retries. */
  async idle(): Promise<void> {
    await this.flush();
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  deliveries(): HubSpotWebhookDelivery[] {
    return this.deliveriesList.map((d) => ({ ...d, events: [...d.events], attempts: [...d.attempts] }));
  }

  reset(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.config = undefined;
    this.queue = [];
    this.deliveriesList.length = 0;
  }

  private async deliver(config: ActiveConfig, delivery: HubSpotWebhookDelivery): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [1_000, 5_000, 30_000, 120_000];
    for (let attempt = 0; attempt <= delays.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, delays[attempt - 1]));
      const status = await this.attempt(config, delivery, attempt);
      delivery.attempts.push({ at: Date.now(), attemptNumber: attempt, status });
      if (typeof status === 'number' && status >= 200 && status < 300) {
        delivery.delivered = true;
        return;
      }
    }
  }

  private async attempt(
    config: ActiveConfig,
    delivery: HubSpotWebhookDelivery,
    attemptNumber: number,
  ): Promise<HubSpotWebhookDelivery['attempts'][number]['status']> {
    if (this.faults.draw(['webhook_failure'], { method: 'POST', path: new URL(delivery.url).pathname })) {
      return 'injected_failure';
    }
    const body = JSON.stringify(delivery.events.map((e) => ({ ...e, attemptNumber })));
    const timestamp = String(this.clock.now());
    try {
      const res = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nonsecure)',
          'x-hubspot-signature-v3': signatureV3({
            clientSecret: config.clientSecret,
            method: 'POST',
            uri: delivery.url,
            body,
            timestamp,
          }),
          'x-hubspot-request-timestamp': timestamp,
          'x-hubspot-signature': signatureV1(config.clientSecret, body),
          'x-hubspot-signature-version': 'v1',
        },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000),
      });
      await res.arrayBuffer();
      return res.status;
    } catch (err) {
      return err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network_error';
    }
  }
}
