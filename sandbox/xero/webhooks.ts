import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { WebhookSender, type WebhookDelivery } from '../core/webhookSender';
import type { ChangeCategory } from './state';

/**
 * Xero's webhooks: CONTACT, INVOICE and CREDITNOTE CREATE/UPDATE events without the record, batched
 * into one signed POST (`x-xero-signature` = base64 HMAC-SHA256 of the raw body with the webhook
 * key), retried when not acknowledged. Before Xero enables a webhook it checks "intent to receive".
 * https://developer.xero.com/documentation/guides/webhooks/overview/
 */
export interface XeroWebhookEvent {
  resourceUrl: string;
  resourceId: string;
  eventDateUtc: string;
  eventType: 'CREATE' | 'UPDATE';
  eventCategory: ChangeCategory;
  tenantId: string;
  tenantType: 'ORGANISATION';
}

const RESOURCE: Record<ChangeCategory, string> = {
  CONTACT: 'Contacts',
  INVOICE: 'Invoices',
  CREDITNOTE: 'CreditNotes',
};

export function signXero(body: string, key: string): string {
  return createHmac('sha256', key).update(body).digest('base64');
}

export class XeroWebhooks {
  private config: { url: string; key: string } | undefined;
  private queue: XeroWebhookEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sequence = 0;
  readonly sender: WebhookSender;

  constructor(
    private readonly clock: Clock,
    faults: FaultInjector,
    private readonly batchMs = 100,
    retryDelaysMs?: number[],
  ) {
    this.sender = new WebhookSender({ faults, ...(retryDelaysMs ? { retryDelaysMs } : {}) });
  }

  configure(config: { url: string; key: string } | undefined): void {
    this.config = config;
  }

  get key(): string | undefined {
    return this.config?.key;
  }

  /** Called for every change; events for one batch window go out together. */
  record(tenantId: string, category: ChangeCategory, id: string, type: 'CREATE' | 'UPDATE'): void {
    if (!this.config) return;
    this.queue.push({
      resourceUrl: `https://api.xero.com/api.xro/2.0/${RESOURCE[category]}/${id}`,
      resourceId: id,
      eventDateUtc: new Date(this.clock.now()).toISOString(),
      eventType: type,
      eventCategory: category,
      tenantId,
      tenantType: 'ORGANISATION',
    });
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  /** Sends what is queued now; resolves when every delivery so far has finished or given up. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const events = this.queue.splice(0);
    if (events.length > 0 && this.config) {
      const first = this.sequence + 1;
      this.sequence += events.length;
      this.post(
        { events, firstEventSequence: first, lastEventSequence: this.sequence, entropy: entropy() },
        this.config.key,
      );
    }
    await this.sender.idle();
  }

  /**
   * Xero's intent-to-receive check: one correctly and one incorrectly signed payload with no
   * events; the receiver must answer 200 with an empty body and 401 respectively, within 5 s.
   */
  async intentToReceive(): Promise<{
    passed: boolean;
    correct: { status: number; bodyEmpty: boolean };
    incorrect: { status: number };
  }> {
    if (!this.config) throw new Error('no webhook configured');
    const payload = JSON.stringify({
      events: [],
      firstEventSequence: 0,
      lastEventSequence: 0,
      entropy: entropy(),
    });
    const attempt = async (signature: string) => {
      const res = await fetch(this.config?.url ?? '', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
        body: payload,
        signal: AbortSignal.timeout(5_000),
      });
      return { status: res.status, bodyEmpty: (await res.text()).length === 0 };
    };
    const correct = await attempt(signXero(payload, this.config.key));
    const incorrect = await attempt(signXero(payload, `${this.config.key}-wrong`));
    return {
      passed: correct.status === 200 && correct.bodyEmpty && incorrect.status === 401,
      correct,
      incorrect: { status: incorrect.status },
    };
  }

  deliveries(): WebhookDelivery[] {
    return this.sender.list();
  }

  reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.sequence = 0;
    this.sender.reset();
  }

  private post(payload: unknown, key: string): void {
    const body = JSON.stringify(payload);
    this.sender.send(this.config?.url ?? '', body, { 'x-xero-signature': signXero(body, key) });
  }
}

function entropy(): string {
  return randomBytes(15)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 20)
    .toUpperCase();
}
