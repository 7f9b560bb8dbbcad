import type { Client } from '@temporalio/client';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

/**
 * Ledgerbridge's own Prometheus metrics, served at /metrics next to the Temporal SDK runtime's
 * (worker polls, task latencies, activity failures: `temporal_*`). One registry per process.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'ledgerbridge_' });

export const alertsSent = new Counter({
  name: 'ledgerbridge_alerts_total',
  help: 'Alerts raised, by kind (see docs/runbook.md)',
  labelNames: ['kind'] as const,
  registers: [metricsRegistry],
});

/** The client the gauge counts with: the latest app started in this process (tests start several). */
let countingClient: Client | undefined;

new Gauge({
  name: 'ledgerbridge_open_workflows',
  help: 'Running Ledgerbridge workflows whose SyncOutcome is waiting_for_human or needs_reauth',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
  async collect() {
    if (!countingClient) return;
    for (const outcome of ['waiting_for_human', 'needs_reauth'] as const) {
      const { count } = await countingClient.workflow.count(
        `ExecutionStatus = "Running" AND SyncOutcome = "${outcome}"`,
      );
      this.set({ outcome }, count);
    }
  },
});

/** Open workflows by what they wait for, counted in Temporal's visibility store at scrape time. */
export function registerWorkflowGauges(client: Client): void {
  countingClient = client;
}
