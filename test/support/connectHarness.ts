import pino from 'pino';
import { activityDepsFrom } from '../../worker/activities';
import { loadConfig } from '../../worker/config';
import type { Connection } from '../../worker/connections/connectionStore';
import {
  buildConnectionServices,
  ensureRefreshWorkflow,
  type ConnectionServices,
} from '../../worker/connections/services';
import { registerOAuthRoutes, type ConnectFlows } from '../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../worker/ingress/server';
import type { Store } from '../../worker/store/store';
import { createTestStore } from './stores';
import { createTestTemporal, type TestTemporal } from './temporal';
import { testEnv } from './testEnv';

/** A test store, the connection services over it, a worker on Temporal and the ingress's OAuth routes. */
export interface ConnectHarness {
  store: Store;
  services: ConnectionServices;
  temporal: TestTemporal;
  ingress: Ingress;
  close(): Promise<void>;
}

/** What a suite's connect flows are built from. */
export interface ConnectFlowParts {
  services: ConnectionServices;
  /** Starts the new connection's refresh workflow, as the worker does. */
  onConnected(connection: Connection): Promise<void>;
}

/**
 * The worker's side of connecting a vendor sandbox, for the connect and install suites: `env` points
 * the config at the sandbox, `flows` builds the connect flows the ingress serves at `/oauth/{vendor}/*`.
 */
export async function startConnectHarness(options: {
  env: NodeJS.ProcessEnv;
  /** Where the ingress listens: a port fixed in advance where a vendor redirects to it, else any. */
  ingressPort?: number;
  flows(parts: ConnectFlowParts): ConnectFlows;
}): Promise<ConnectHarness> {
  const logger = pino({ level: 'silent' });
  const ingressPort = options.ingressPort ?? 0;
  const config = loadConfig({
    ...options.env,
    ...(options.ingressPort === undefined ? {} : { INGRESS_PORT: String(ingressPort) }),
    LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 5).toString('base64')}`,
  });
  const store = await createTestStore('pglite');
  const services = await buildConnectionServices(config, store, logger);
  const temporal = await createTestTemporal((t) => activityDepsFrom(store, services, config, t));
  const flows = options.flows({
    services,
    onConnected: (c) => ensureRefreshWorkflow(temporal.client, temporal.taskQueue, c),
  });
  const ingress = await startIngress({
    host: '127.0.0.1',
    port: ingressPort,
    logger,
    health: {
      temporal: { address: testEnv('temporalAddress'), namespace: 'default', probe: async () => {} },
      store,
    },
    routes: [
      (router) =>
        registerOAuthRoutes(router, { flows, tickets: services.tickets, secureCookies: false, logger }),
    ],
  });
  return {
    store,
    services,
    temporal,
    ingress,
    async close() {
      await ingress.close();
      await temporal.close();
      await store.close();
    },
  };
}
