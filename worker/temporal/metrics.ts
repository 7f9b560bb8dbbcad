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

/** Open workflows by what they wait for, counted in Temporal's visibility store at scrape time. */
export function registerWorkflowGauges(client: Client): void {
  const waiting = { waiting_for_human: 'waiting_for_human', needs_reauth: 'needs_reauth' } as const;
  new Gauge({
    name: 'ledgerbridge_open_workflows',
    help: 'Running Ledgerbridge workflows whose SyncOutcome is waiting_for_human or needs_reauth',
    labelNames: ['outcome'] as const,
    registers: [metricsRegistry],
    async collect() {
      for (const outcome of Object.values(waiting)) {
        const { count } = await client.workflow.count(
          `ExecutionStatus = "Running" AND SyncOutcome = "${outcome}"`,
        );
        this.set({ outcome }, count);
      }
    },
  });
}
