import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Logger } from '../logger';

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

const openWorkflows = new Gauge({
  name: 'ledgerbridge_open_workflows',
  help: 'Running Ledgerbridge workflows whose SyncOutcome is waiting_for_human or needs_reauth (counted in the background)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const OUTCOMES = ['waiting_for_human', 'needs_reauth'] as const;

/** What the counting needs of a Temporal client (a fake in tests). */
export interface WorkflowCounter {
  workflow: { count(query: string): Promise<{ count: number }> };
}

export interface WorkflowCounting {
  /** Settles when the latest round of counts has been read (or has failed and been logged). */
  refreshed(): Promise<void>;
  stop(): void;
}

/**
 * Counts open workflows by what they wait for in Temporal's visibility store, now and then every
 * `everyMs`, and keeps the counts in the gauge: a scrape reads the last counts and never costs a
 * visibility query, however often it comes. A failed round keeps the previous counts.
 */
export function startWorkflowCounting(
  client: WorkflowCounter,
  options: { everyMs: number; logger: Logger },
): WorkflowCounting {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const countOnce = async () => {
    try {
      for (const outcome of OUTCOMES) {
        const { count } = await client.workflow.count(
          `ExecutionStatus = "Running" AND SyncOutcome = "${outcome}"`,
        );
        openWorkflows.set({ outcome }, count);
      }
    } catch (err) {
      options.logger.warn({ err }, 'open workflow counts not refreshed (the last counts stay)');
    }
  };
  let latest = countOnce();
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      latest = countOnce();
      void latest.then(schedule);
    }, options.everyMs);
    timer.unref();
  };
  void latest.then(schedule);
  return {
    refreshed: () => latest,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
