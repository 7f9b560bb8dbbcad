import { chaosWorkerEnv } from '../chaosWorkerEnv';

/** Xero's limits per organisation as the bench lifts them (Xero's: 60 a minute, 5,000 a day). */
export const XERO_LIFTED = { perMinute: 6_000, perDay: 1_000_000 };

/**
 * The worker's configuration for bench:delivery: bench:chaos's (the run's Temporal server and
 * PostgreSQL, the emulators elsewhere: SANDBOX_EXTERNAL), its keyring given (the bench seals the
 * SMTP account with it), Xero's pacing lifted as the emulator's limits are, and the external
 * Mailpit's ports (worker/delivery/demoMail.ts: asked by Message-ID after a lost send's outcome).
 */
export function deliveryWorkerEnv(input: {
  temporalAddress: string;
  databaseUrl: string;
  dataDir: string;
  taskQueue: string;
  ingressPort: number;
  metricsPort: number;
  xeroPort: number;
  /** Where nothing listens: the worker connects no CRM in this run. */
  unusedPort: number;
  xeroWebhookKey: string;
  encryptionKeys: string;
  mailpit: { smtpPort: number; uiPort: number };
  pollSeconds: number;
}): Record<string, string> {
  return {
    ...chaosWorkerEnv({
      ...input,
      sandboxPorts: { xero: input.xeroPort, salesforce: input.unusedPort, hubspot: input.unusedPort },
      salesforceCalloutSecret: 'bench-delivery-no-salesforce',
    }),
    LOG_LEVEL: process.env.DELIVERY_WORKER_LOG_LEVEL ?? 'warn',
    LEDGERBRIDGE_ENCRYPTION_KEYS: input.encryptionKeys,
    XERO_REQUESTS_PER_MINUTE: String(XERO_LIFTED.perMinute),
    XERO_REQUESTS_PER_DAY: String(XERO_LIFTED.perDay),
    SANDBOX_MAILPIT_SMTP_PORT: String(input.mailpit.smtpPort),
    SANDBOX_MAILPIT_UI_PORT: String(input.mailpit.uiPort),
  };
}
