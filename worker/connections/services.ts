import type { Client } from '@temporalio/client';
import { SANDBOX_XERO_CLIENT } from '../../sandbox';
import { connectionRefreshWorkflow } from '../../workflows';
import { reconnectedSignal } from '../../workflows/connections/connectionRefresh';
import type { Config } from '../config';
import { XeroAuth } from '../connectors/xero/xeroAuth';
import { xeroEndpoints } from '../connectors/xero/xeroEndpoints';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { ConnectionStore, type Connection } from './connectionStore';
import { XeroConnectFlow } from './connectXero';
import { loadSecretBox } from './keyring';
import { OAuthSessions } from './oauthSessions';
import { RefresherRegistry } from './refreshers';
import { RefreshService } from './refreshService';

/** Everything about connections the worker needs, built once from config: stores, refresh, connect flows. */
export interface ConnectionServices {
  connections: ConnectionStore;
  sessions: OAuthSessions;
  refresh: RefreshService;
  refreshers: RefresherRegistry;
  xeroAuth: XeroAuth;
}

export async function buildConnectionServices(
  config: Config,
  store: Store,
  logger: Logger,
  refreshers = new RefresherRegistry(),
): Promise<ConnectionServices> {
  const box = await loadSecretBox(config.encryption);
  const connections = new ConnectionStore(store.db, box);
  const xeroConfig = config.vendors.xero;
  const xeroAuth = new XeroAuth(
    xeroEndpoints(xeroConfig),
    xeroConfig.mode === 'live' ? xeroConfig : SANDBOX_XERO_CLIENT,
  );
  refreshers.register('xero', xeroAuth);
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: (vendor) => refreshers.for(vendor),
    logger,
    marginMs: 5 * 60_000,
  });
  return { connections, sessions: new OAuthSessions(store.db, box), refresh, refreshers, xeroAuth };
}

/** Starts a connection's refresh workflow, or wakes it if it is parked waiting for a reconnect. */
export async function ensureRefreshWorkflow(
  client: Client,
  taskQueue: string,
  connection: Connection,
): Promise<void> {
  await client.workflow.signalWithStart(connectionRefreshWorkflow, {
    taskQueue,
    workflowId: `connection:${connection.id}:refresh`,
    args: [{ connectionId: connection.id }],
    signal: reconnectedSignal,
    signalArgs: [],
  });
}

export function xeroConnectFlow(
  services: ConnectionServices,
  config: Config,
  client: Client,
): XeroConnectFlow {
  return new XeroConnectFlow({
    auth: services.xeroAuth,
    sessions: services.sessions,
    connections: services.connections,
    redirectUri: `${config.ingress.publicUrl}/oauth/xero/callback`,
    onConnected: (connection) => ensureRefreshWorkflow(client, config.temporal.taskQueue, connection),
  });
}
