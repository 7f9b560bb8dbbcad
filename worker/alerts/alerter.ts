import type { Logger } from '../logger';
import { alertsSent } from '../temporal/metrics';

export interface Alert {
  /** Stable kind, for routing and the runbook: `connection_needs_reauth`, … */
  kind: string;
  /** One sentence for a human. Never a token or secret. */
  text: string;
  fields?: Record<string, string>;
}

/**
 * Alerts go to the log (always, as `alert: true` lines) and, when ALERT_WEBHOOK_URL is set, to that
 * webhook as Slack-compatible JSON (`{ text }`, which Slack, Mattermost and Teams' incoming
 * webhooks accept). A failed delivery is logged, never thrown: alerting must not break the work.
 */
export class Alerter {
  constructor(
    private readonly deps: { logger: Logger; webhookUrl: string | undefined; fetch?: typeof fetch },
  ) {}

  async send(alert: Alert): Promise<void> {
    this.deps.logger.warn({ alert: true, kind: alert.kind, ...alert.fields }, alert.text);
    alertsSent.inc({ kind: alert.kind });
    if (!this.deps.webhookUrl) return;
    const details = Object.entries(alert.fields ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n');
    try {
      const res = await (this.deps.fetch ?? fetch)(this.deps.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `[Ledgerbridge] ${alert.text}${details ? `\n${details}` : ''}` }),
        signal: AbortSignal.timeout(5_000),
      });
      if (!res.ok)
        this.deps.logger.error({ kind: alert.kind, status: res.status }, 'alert webhook refused the alert');
    } catch (err) {
      this.deps.logger.error({ kind: alert.kind, err }, 'alert webhook unreachable');
    }
  }
}
