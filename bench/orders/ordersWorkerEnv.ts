import { chaosWorkerEnv } from '../chaosWorkerEnv';

/** Xero's limits per organisation as the bench lifts them (Xero's: 60 a minute, 5,000 a day). */
export const XERO_LIFTED = { perMinute: 60_000, perDay: 10_000_000 };

/**
 * The worker's configuration for bench:orders: bench:chaos's (the run's Temporal server and
 * PostgreSQL, the emulators elsewhere: SANDBOX_EXTERNAL; no Salesforce), its keyring and payload
 * keys given (the bench seals the order endpoint with the one and starts the month end with the
 * other), and Xero's pacing lifted as the emulator's limits are.
 */
export function ordersWorkerEnv(input: {
  temporalAddress: string;
  databaseUrl: string;
  dataDir: string;
  taskQueue: string;
  ingressPort: number;
  metricsPort: number;
  xeroPort: number;
  hubspotPort: number;
  /** Where nothing listens: the worker connects no Salesforce in this run. */
  unusedPort: number;
  xeroWebhookKey: string;
  encryptionKeys: string;
  payloadKeys: string;
}): Record<string, string> {
  return {
    ...chaosWorkerEnv({
      ...input,
      sandboxPorts: { xero: input.xeroPort, salesforce: input.unusedPort, hubspot: input.hubspotPort },
      salesforceCalloutSecret: 'bench-orders-no-salesforce',
      pollSeconds: 60,
    }),
    LOG_LEVEL: process.env.ORDERS_WORKER_LOG_LEVEL ?? 'warn',
    LEDGERBRIDGE_ENCRYPTION_KEYS: input.encryptionKeys,
    TEMPORAL_PAYLOAD_KEYS: input.payloadKeys,
    XERO_REQUESTS_PER_MINUTE: String(XERO_LIFTED.perMinute),
    XERO_REQUESTS_PER_DAY: String(XERO_LIFTED.perDay),
  };
}
