import { createHmac, randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { WebhookSender, type WebhookDelivery } from '../core/webhookSender';
import type { SaveEvent } from './store';

/**
 * Stands in for the package's record-triggered Flow ("Ledgerbridge: Opportunity Closed Won") and its
 * HTTP callout through a Named Credential to the worker: after a save commits that makes an
 * Opportunity IsWon (created won, or updated from not won to won) or changes the Amount of a won one
 * (an amendment; the flow's entry formula), POST every such opportunity of the save in ONE request,
 * `{"notices": [{reason, orgId, sobject, recordId, stageName, systemModstamp, eventId}, ...]}` (at
 * most 200 a request, as LedgerbridgeClosedWonNotifier batches), signed with HMAC-SHA256 over
 * `timestamp + "." + body` (hex, X-Ledgerbridge-Signature; X-Ledgerbridge-Timestamp in Unix seconds),
 * retried on failure. The record page's re-sync button (Apex LedgerbridgeResync) sends one notice
 * (the bare object) with `reason: "resync"` for any opportunity, won or not: `requestResync` stands
 * in for it.
 */
export interface OutboundConfig {
  targetUrl: string;
  secret: string;
}

export interface ClosedWonNotice {
  reason: 'closed_won' | 'resync';
  orgId: string;
  sobject: 'Opportunity';
  recordId: string;
  stageName: string;
  systemModstamp: string;
  eventId: string;
}

/** LedgerbridgeClosedWonNotifier.NOTICES_PER_REQUEST. */
export const NOTICES_PER_REQUEST = 200;

export const SIGNATURE_HEADER = 'X-Ledgerbridge-Signature';
export const TIMESTAMP_HEADER = 'X-Ledgerbridge-Timestamp';

export function signOutbound(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export class OutboundNotifier {
  private config: OutboundConfig | undefined;
  private sender: WebhookSender;

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultInjector,
    private readonly retryDelaysMs?: number[],
  ) {
    this.sender = this.newSender();
  }

  private newSender(): WebhookSender {
    return new WebhookSender({
      faults: this.faults,
      ...(this.retryDelaysMs ? { retryDelaysMs: this.retryDelaysMs } : {}),
    });
  }

  private flowActive = true;

  /** An inactive flow sends nothing (the re-sync button, Apex, still does). */
  setFlowActive(active: boolean): void {
    this.flowActive = active;
  }

  configure(config: OutboundConfig | undefined): void {
    this.config = config;
  }

  /** Called with what a request committed. */
  onCommit(orgId: string, events: SaveEvent[], formatTime: (ms: number) => string): void {
    if (!this.config || !this.flowActive) return;
    const notices: ClosedWonNotice[] = [];
    for (const e of events) {
      if (e.type !== 'Opportunity' || e.after.IsWon !== true) continue;
      // The flow's entry formula: won now and (just won, or its amount changed while won).
      if (e.before?.IsWon === true && e.before.Amount === e.after.Amount) continue;
      notices.push(notice(orgId, 'closed_won', e.id, e.after, formatTime));
    }
    for (let start = 0; start < notices.length; start += NOTICES_PER_REQUEST)
      this.post(this.config, { notices: notices.slice(start, start + NOTICES_PER_REQUEST) });
  }

  /**
   * LedgerbridgeResync.requestResync: one signed notice for an opportunity, whatever its stage.
   * Like the Apex method it refuses when no signing secret (here: no outbound target) is set.
   */
  requestResync(
    orgId: string,
    recordId: string,
    fields: Record<string, unknown>,
    formatTime: (ms: number) => string,
  ): void {
    if (!this.config)
      throw new Error('Ledgerbridge is not connected yet: an admin has to set the signing secret.');
    this.post(this.config, notice(orgId, 'resync', recordId, fields, formatTime));
  }

  private post(config: OutboundConfig, payload: ClosedWonNotice | { notices: ClosedWonNotice[] }): void {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.clock.now() / 1000));
    this.sender.send(config.targetUrl, body, {
      [SIGNATURE_HEADER]: signOutbound(config.secret, timestamp, body),
      [TIMESTAMP_HEADER]: timestamp,
    });
  }

  deliveries(): WebhookDelivery[] {
    return this.sender.list();
  }

  idle(): Promise<void> {
    return this.sender.idle();
  }

  reset(): void {
    this.config = undefined;
    this.flowActive = true;
    this.sender.reset();
  }
}

function notice(
  orgId: string,
  reason: ClosedWonNotice['reason'],
  recordId: string,
  fields: Record<string, unknown>,
  formatTime: (ms: number) => string,
): ClosedWonNotice {
  return {
    reason,
    orgId,
    sobject: 'Opportunity',
    recordId,
    stageName: String(fields.StageName),
    systemModstamp: formatTime(Number(fields.SystemModstamp)),
    eventId: randomUUID(),
  };
}
