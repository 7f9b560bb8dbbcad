import { randomBytes, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { KEYRING } from '../test/support/threeSandboxes';
import { syncActivityDeps } from '../test/support/syncDeps';
import { createActivities } from '../worker/activities';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { OnlineInvoiceUrls } from '../worker/connectors/xero/onlineInvoiceUrls';
import { XeroApi } from '../worker/connectors/xero/xeroApi';
import { xeroEndpoints } from '../worker/connectors/xero/xeroEndpoints';
import { registerXeroWebhookRoute } from '../worker/ingress/xeroWebhookRoute';
import { startIngress } from '../worker/ingress/server';
import { installationOfAccount } from '../worker/installations/installationOfAccount';
import { InstallationStore } from '../worker/installations/installationStore';
import { createLogger } from '../worker/logger';
import { pacePolicies } from '../worker/pacing/pacePolicies';
import { SharedPacer } from '../worker/pacing/sharedPacer';
import type { Store } from '../worker/store/store';
import { createWorker } from '../worker/temporal/worker';
import { xeroEventDispatcher } from '../worker/webhooks/xeroEventDispatcher';
import type { SandboxInstallation, SandboxReady } from './tenantsSandboxThread';
import { connectBenchTemporal } from './benchTemporal';

/**
 * The worker under test in bench:tenants: one Temporal worker for every installation, its Xero
 * webhook ingress handing each change over with the installation's fairness key, and the pacer
 * with Xero's per-organisation budget (xeroPerMinute). Each installation's Xero organisation and
 * HubSpot portal are connected to it, as the connect flows would.
 */
export interface TenantsWorker {
  client: Client;
  taskQueue: string;
  webhook: { url: string; key: string };
  close(): Promise<void>;
}

export async function startTenantsWorker(input: {
  store: Store;
  temporalAddress: string;
  sandbox: SandboxReady;
  xeroPerMinute: number;
}): Promise<TenantsWorker> {
  const { store, sandbox } = input;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const temporal = await connectBenchTemporal(input.temporalAddress);
    closers.push(() => temporal.close());
    const { client, nativeConnection } = temporal;
    const taskQueue = `bench-tenants-${randomUUID()}`;
    const dispatch = xeroEventDispatcher(client, taskQueue, {
      installationOf: installationOfAccount(store.db),
    });
    // Salesforce is not connected here: its URL is never called.
    const urls = { ...sandbox.urls, salesforce: 'http://127.0.0.1:9' };
    const deps = syncActivityDeps({ store, keyring: KEYRING, urls, dispatch });
    const pacer = new SharedPacer(
      store.db,
      pacePolicies({
        xero: { perMinute: input.xeroPerMinute, perDay: 1_000_000_000 },
        hubspot: { per10Seconds: 1_000_000, perDay: 1_000_000_000 },
        salesforce: { perDay: 1_000_000_000, concurrency: 100 },
      }),
    );
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: sandbox.urls.xero,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const onlineUrls = new OnlineInvoiceUrls();
    const xeroApi = (connectionId: string) =>
      new XeroApi({
        endpoints,
        connections: deps.connections,
        refresh: deps.refresh,
        pacer,
        connectionId,
        onlineUrls,
      });
    await connectAll(store, deps.connections, sandbox.installations);

    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: createActivities({ ...deps, xeroApi }),
    });
    const running = worker.run();
    closers.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const key = randomBytes(32).toString('base64');
    const logger = createLogger('silent');
    const ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: {
        store,
        temporal: { address: input.temporalAddress, namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [(router) => registerXeroWebhookRoute(router, { webhookKey: key, dispatch, logger })],
    });
    closers.push(() => ingress.close());
    return { client, taskQueue, webhook: { url: `${ingress.url}/webhooks/xero`, key }, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Each installation with its own Xero organisation and HubSpot portal. */
async function connectAll(
  store: Store,
  connections: ReturnType<typeof syncActivityDeps>['connections'],
  installations: SandboxInstallation[],
): Promise<void> {
  const installationStore = new InstallationStore(store.db);
  for (const each of installations) {
    const { id: installationId } = await installationStore.ensure({ slug: each.slug });
    await connections.save({
      installationId,
      vendor: 'xero',
      externalId: each.tenantId,
      displayName: `Xero ${each.slug}`,
      scopes: each.xeroGrant.scope.split(' '),
      tokens: {
        accessToken: each.xeroGrant.access_token,
        refreshToken: each.xeroGrant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    await connections.save({
      installationId,
      vendor: 'hubspot',
      externalId: String(each.portalId),
      displayName: `HubSpot ${each.slug}`,
      scopes: HUBSPOT_SCOPES,
      tokens: { accessToken: each.hubspotToken },
    });
  }
}
