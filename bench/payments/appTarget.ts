import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import type { StripeEmulator } from '../../sandbox/stripe';
import { startEmbeddedApp } from '../../test/support/embeddedApp';
import { AuditLog } from '../../worker/audit/auditLog';
import { loadSecretBox } from '../../worker/connections/keyring';
import { connectStripeAccount } from '../../worker/connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../../worker/connectors/stripe/stripeConnections';
import { InstallationStore } from '../../worker/installations/installationStore';
import type { Store } from '../../worker/store/store';
import type { XeroEmulator } from '../../sandbox/xero';
import { stripeObjectEventsQuery } from '../../workflows/stripe/stripeObjectSignals';
import { temporalCli } from '../benchTemporal';
import type { PaymentsTarget } from './stackTarget';

export interface AppTarget {
  target: PaymentsTarget;
  /** The app's Temporal client and task queue: the bare handler hands over through the same server. */
  temporal: { client: Client; taskQueue: string };
  store: Store;
  /** The app's Xero emulator, where the bench plants its invoices. */
  xero: XeroEmulator | undefined;
  close(): Promise<void>;
}

/**
 * Ledgerbridge as `npm start` runs it (the embedded app: its own Temporal dev server, store,
 * emulators, worker and ingress), with an installation of the bench's whose Stripe account is
 * connected as `npm run connect:stripe` does (sandbox mode: a test key and a fresh whsec_ secret).
 */
export async function startAppTarget(deps: {
  dataDir: string;
  tag: string;
  /** The app's store on PostgreSQL (as deployed); without it, PGlite in the data folder (as `npm start`). */
  databaseUrl?: string;
}): Promise<AppTarget> {
  const { app, config } = await startEmbeddedApp(
    {
      LEDGERBRIDGE_DATA_DIR: deps.dataDir,
      TEMPORAL_CLI_PATH: temporalCli(),
      ...(deps.databaseUrl
        ? {
            DATABASE_URL: deps.databaseUrl,
            LEDGERBRIDGE_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString('base64')}`,
          }
        : {}),
    },
    pino({ level: 'silent' }),
  );
  try {
    const db = app.store.db;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const installation = await new InstallationStore(db).ensure({ slug: `bench-payments-${deps.tag}` });
    // The app's own keyring, so its route unseals the secret saved here.
    const accounts = new StripeConnections(db, await loadSecretBox(config.encryption));
    await connectStripeAccount(
      { db, connections: accounts, audit: new AuditLog(db), mode: 'sandbox' },
      {
        installation: installation.slug,
        // An account of the app's own Stripe emulator, so the workflows' SDK calls are answered.
        apiKey: stripeKey(app.sandbox.stripe?.emulator),
        webhookSecret: secret,
        by: 'bench:payments',
      },
    );
    const client = app.temporal.client;
    return {
      temporal: { client, taskQueue: config.temporal.taskQueue },
      target: {
        url: `${app.ingress.url}/webhooks/stripe/${installation.id}`,
        secret,
        installationId: installation.id,
        eventsOf: async (workflowId) => {
          try {
            return await client.workflow.getHandle(workflowId).query(stripeObjectEventsQuery);
          } catch {
            return undefined;
          }
        },
        close: async () => {},
      },
      store: app.store,
      xero: app.sandbox.xero?.emulator,
      close: () => app.stop(),
    };
  } catch (err) {
    await app.stop();
    throw err;
  }
}

/** A restricted test key of a fresh account in the app's Stripe emulator (any test key without one). */
function stripeKey(emulator: StripeEmulator | undefined): string {
  return (
    emulator?.createAccount({ livemode: false }).restrictedKey ?? `rk_test_${randomBytes(16).toString('hex')}`
  );
}
