import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import pino from 'pino';
import { SANDBOX_XERO_CLIENT } from '../../sandbox';
import type { StripeEmulator } from '../../sandbox/stripe';
import { startEmbeddedApp } from '../../test/support/embeddedApp';
import { AuditLog } from '../../worker/audit/auditLog';
import { loadSecretBox } from '../../worker/connections/keyring';
import { ConnectionStore } from '../../worker/connections/connectionStore';
import { connectStripeAccount } from '../../worker/connectors/stripe/connectStripeAccount';
import { XERO_SCOPES } from '../../worker/connectors/xero/xeroEndpoints';
import { StripeConnections } from '../../worker/connectors/stripe/stripeConnections';
import { InstallationStore } from '../../worker/installations/installationStore';
import type { Store } from '../../worker/store/store';
import { MappingSettingsStore } from '../../worker/sync/mappingSettingsStore';
import type { XeroEmulator } from '../../sandbox/xero';
import { stripeObjectEventsQuery } from '../../workflows/stripe/stripeObjectSignals';
import { temporalCli } from '../benchTemporal';
import type { PaymentsTarget } from './stackTarget';

/** Xero's limits per organisation as the bench lifts them (Xero's: 60 a minute, 5,000 a day). */
export const XERO_LIFTED = { perMinute: 3_000, perDay: 1_000_000 };

export interface AppTarget {
  target: PaymentsTarget;
  /** The app's Temporal client and task queue: the bare handler hands over through the same server. */
  temporal: { client: Client; taskQueue: string };
  store: Store;
  /** The app's Xero emulator, where the bench plants its invoices. */
  xero: XeroEmulator | undefined;
  /**
   * Connects the emulator's planted organisation to the bench's installation (as the connect flow
   * saves it, without its sync schedules: only the payments touch it) and turns on recording Stripe
   * payments in Xero, so that its invoices' payments are settled there.
   */
  settleIn(tenantId: string): Promise<void>;
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
      // Every payment is looked up and most are recorded in one Xero organisation: a few thousand
      // calls, hours at Xero's 60 a minute. The emulator and the worker's pacing lift them together.
      SANDBOX_XERO_REQUESTS_PER_MINUTE: String(XERO_LIFTED.perMinute),
      SANDBOX_XERO_REQUESTS_PER_DAY: String(XERO_LIFTED.perDay),
      XERO_REQUESTS_PER_MINUTE: String(XERO_LIFTED.perMinute),
      XERO_REQUESTS_PER_DAY: String(XERO_LIFTED.perDay),
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
    const box = await loadSecretBox(config.encryption);
    const accounts = new StripeConnections(db, box);
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
      settleIn: async (tenantId) => {
        const emulator = app.sandbox.xero?.emulator;
        if (!emulator) throw new Error('bench:payments: the app runs no Xero emulator to settle in');
        const grant = emulator.identity.issueGrant(SANDBOX_XERO_CLIENT.clientId, XERO_SCOPES.join(' '), [
          tenantId,
        ]);
        await new ConnectionStore(db, box).save({
          installationId: installation.id,
          vendor: 'xero',
          externalId: tenantId,
          displayName: 'Bench Payments',
          scopes: grant.scope.split(' '),
          tokens: {
            accessToken: grant.access_token,
            refreshToken: grant.refresh_token,
            expiresAt: Date.now() + grant.expires_in * 1000,
          },
        });
        await new MappingSettingsStore(db).save(
          installation.id,
          { payments: { recordInXero: true } },
          { source: 'bench', savedBy: 'bench:payments' },
        );
      },
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
