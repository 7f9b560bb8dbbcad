import { randomBytes } from 'node:crypto';

/**
 * The worker's whole configuration for a chaos run, as an operator would give it (README,
 * Configuration): the run's Temporal server and database, the vendors' emulators already running
 * in their own process (SANDBOX_EXTERNAL), their webhook secrets, quick safety-net polls, and the
 * vendors' quotas lifted in the pacer as they are in the emulators (the run measures losses, not
 * pacing).
 */
export function chaosWorkerEnv(input: {
  temporalAddress: string;
  databaseUrl: string;
  dataDir: string;
  taskQueue: string;
  ingressPort: number;
  metricsPort: number;
  sandboxPorts: { xero: number; salesforce: number; hubspot: number };
  xeroWebhookKey: string;
  salesforceCalloutSecret: string;
  pollSeconds: number;
}): Record<string, string> {
  const lifted = String(1_000_000_000);
  return {
    LEDGERBRIDGE_DATA_DIR: input.dataDir,
    LOG_LEVEL: process.env.CHAOS_WORKER_LOG_LEVEL ?? 'warn',
    INGRESS_HOST: '127.0.0.1',
    INGRESS_PORT: String(input.ingressPort),
    DATABASE_URL: input.databaseUrl,
    LEDGERBRIDGE_ENCRYPTION_KEYS: `chaos:${randomBytes(32).toString('base64')}`,
    TEMPORAL_ADDRESS: input.temporalAddress,
    TEMPORAL_TASK_QUEUE: input.taskQueue,
    TEMPORAL_METRICS_PORT: String(input.metricsPort),
    SANDBOX_EXTERNAL: 'true',
    SANDBOX_HOST: '127.0.0.1',
    SANDBOX_XERO_PORT: String(input.sandboxPorts.xero),
    SANDBOX_SALESFORCE_PORT: String(input.sandboxPorts.salesforce),
    SANDBOX_HUBSPOT_PORT: String(input.sandboxPorts.hubspot),
    XERO_WEBHOOK_KEY: input.xeroWebhookKey,
    SALESFORCE_CALLOUT_SECRET: input.salesforceCalloutSecret,
    XERO_POLL_INTERVAL_SECONDS: String(input.pollSeconds),
    CRM_POLL_INTERVAL_SECONDS: String(input.pollSeconds),
    XERO_REQUESTS_PER_MINUTE: lifted,
    XERO_REQUESTS_PER_DAY: lifted,
    HUBSPOT_REQUESTS_PER_10S: lifted,
    HUBSPOT_REQUESTS_PER_DAY: lifted,
    SALESFORCE_REQUESTS_PER_DAY: lifted,
  };
}
