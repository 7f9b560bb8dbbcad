import { readFile } from 'node:fs/promises';
import type { Client } from '@temporalio/client';
import { SANDBOX_HUBSPOT_CLIENT, SANDBOX_SALESFORCE_CLIENT, SANDBOX_XERO_CLIENT } from '../../sandbox';
import type { Config } from '../config';
import { describePortal } from '../connectors/hubspot/hubspotApi';
import { HubspotAuth } from '../connectors/hubspot/hubspotAuth';
import { hubspotEndpoints, type HubspotEndpoints } from '../connectors/hubspot/hubspotEndpoints';
import { describeOrg } from '../connectors/salesforce/salesforceApi';
import { SalesforceAuth, type SalesforceGrant } from '../connectors/salesforce/salesforceAuth';
import { XeroAuth } from '../connectors/xero/xeroAuth';
import { xeroEndpoints } from '../connectors/xero/xeroEndpoints';
import type { ZohoAuth } from '../connectors/zoho/zohoAuth';
import { zohoAuthFor } from '../connectors/zoho/zohoAuthFor';
import type { ConnectFlows } from '../ingress/oauthRoutes';
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import { ConnectionStore, type Connection } from './connectionStore';
import { HubspotConnectFlow, HubspotStaticTokenFlow } from './connectHubspot';
import { hubspotTokenInfo } from './connectHubspotToken';
import { AccountInstallations } from './connectInstallation';
import { SalesforceConnectFlow } from './connectSalesforce';
import { XeroConnectFlow } from './connectXero';
import { ZohoConnectFlow } from './connectZoho';
import { loadSecretBox } from './keyring';
import { OAuthSessions } from './oauthSessions';
import { RefresherRegistry } from './refreshers';
import { RefreshService } from './refreshService';
import type { ConnectTickets } from '../installations/connectTickets';
import { installationOfAccount, type InstallationOfAccount } from '../installations/installationOfAccount';
import { buildSharedServices, type SharedServices } from '../sharedServices';
import { startBackfill, startConnectionWork } from '../temporal/connectionWork';
import { InvalidGrantError, type TokenRefresher } from './tokenRefresher';

// Their home is worker/temporal/connectionWork.ts; connect-flow callers and tests import them here too.
export { ensureRefreshWorkflow, startBackfill, startConnectionWork } from '../temporal/connectionWork';

/** Everything about connections the worker needs, built once from config: stores, refresh, vendor auth. */
export interface ConnectionServices {
  connections: ConnectionStore;
  sessions: OAuthSessions;
  /** The process's store-backed services (audit log, alerter, pacer, settings, ...), built once. */
  shared: SharedServices;
  /** The connect tickets every connect flow starts with (the shared ones). */
  tickets: ConnectTickets;
  /** Where an install's account goes: the installation holding it, else a new one. */
  installs: AccountInstallations;
  refresh: RefreshService;
  refreshers: RefresherRegistry;
  xeroAuth: XeroAuth;
  salesforceAuth: SalesforceAuth;
  hubspot: { endpoints: HubspotEndpoints; auth: HubspotAuth | undefined; staticToken: string | undefined };
  zohoAuth: ZohoAuth;
  /** An account's installation slug: the fairness key of the workflows and Schedules started for it. */
  installationOf: InstallationOfAccount;
  /** The process's logger (a connect flow's warnings). */
  logger: Logger;
}

export async function buildConnectionServices(
  config: Config,
  store: Store,
  logger: Logger,
  refreshers = new RefresherRegistry(),
  shared: SharedServices = buildSharedServices(config, store, logger),
): Promise<ConnectionServices> {
  const box = await loadSecretBox(config.encryption);
  const connections = new ConnectionStore(store.db, box);
  const { xero, salesforce, hubspot } = config.vendors;

  const xeroAuth = new XeroAuth(xeroEndpoints(xero), xero.mode === 'live' ? xero : SANDBOX_XERO_CLIENT);
  refreshers.register('xero', xeroAuth);

  const salesforceAuth = new SalesforceAuth(await salesforceGrant(salesforce));
  refreshers.register('salesforce', salesforceAuth);

  const hubspotUrls = hubspotEndpoints(hubspot);
  const hubspotCredentials =
    hubspot.mode === 'sandbox' ? SANDBOX_HUBSPOT_CLIENT : 'clientId' in hubspot ? hubspot : undefined;
  const hubspotAuth = hubspotCredentials ? new HubspotAuth(hubspotUrls, hubspotCredentials) : undefined;
  refreshers.register('hubspot', hubspotAuth ?? STATIC_TOKEN_REFRESHER);

  const zohoAuth = zohoAuthFor(config.vendors.zoho);
  refreshers.register('zoho', zohoAuth);

  const { audit, alerter } = shared;
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: (vendor) => refreshers.for(vendor),
    logger,
    marginMs: 5 * 60_000,
    // Once per revocation (not per caller): an audit row and an alert; sync work pauses on its own.
    onNeedsReauth: async (connectionId, reason) => {
      const connection = await connections.get(connectionId);
      const subject = {
        connectionId,
        vendor: connection?.vendor ?? 'unknown',
        account: connection?.externalId ?? 'unknown',
      };
      await audit.record({
        action: 'connection_needs_reauth',
        outcome: 'failed',
        actor: 'worker',
        subject,
        detail: { reason },
      });
      await alerter.send({
        kind: 'connection_needs_reauth',
        text: `${connection?.displayName ?? connectionId} (${subject.vendor}) needs to be reconnected: its grant was revoked or expired. Syncs for it are paused. Run: npm run connect -- ${subject.vendor}`,
        fields: { ...subject, reason },
      });
    },
  });
  return {
    connections,
    sessions: new OAuthSessions(store.db, box),
    shared,
    tickets: shared.tickets,
    installs: new AccountInstallations({ db: store.db, connections, audit }),
    refresh,
    refreshers,
    xeroAuth,
    salesforceAuth,
    hubspot: {
      endpoints: hubspotUrls,
      auth: hubspotAuth,
      staticToken: hubspot.mode === 'live' && 'accessToken' in hubspot ? hubspot.accessToken : undefined,
    },
    zohoAuth,
    installationOf: installationOfAccount(store.db),
    logger,
  };
}

/** A static access token cannot be renewed; a 401 with one means it was revoked or replaced. */
const STATIC_TOKEN_REFRESHER: TokenRefresher = {
  refresh: () =>
    Promise.reject(
      new InvalidGrantError('the static access token was refused: set a new HUBSPOT_ACCESS_TOKEN'),
    ),
};

/** The sandbox org trusts the sandbox app by client credentials; a live org uses what config says. */
async function salesforceGrant(config: Config['vendors']['salesforce']): Promise<SalesforceGrant> {
  if (config.mode === 'sandbox')
    return { loginUrl: config.baseUrl, flow: 'client_credentials', ...SANDBOX_SALESFORCE_CLIENT };
  if (config.flow === 'client_credentials')
    return {
      loginUrl: config.loginUrl,
      clientId: config.clientId,
      flow: 'client_credentials',
      clientSecret: config.clientSecret,
    };
  return {
    loginUrl: config.loginUrl,
    clientId: config.clientId,
    flow: 'jwt_bearer',
    username: config.username,
    privateKeyPem: await readFile(config.privateKeyPath, 'utf8').catch((err: unknown) => {
      throw new Error(
        `SALESFORCE_PRIVATE_KEY_PATH: cannot read ${config.privateKeyPath} (${err instanceof Error ? err.message : String(err)})`,
      );
    }),
  };
}

/** The connect flow of every vendor, as the ingress and `npm run connect` use them. */
export function connectFlows(services: ConnectionServices, config: Config, client: Client): ConnectFlows {
  const onConnected = async (connection: Connection) => {
    const installation = await services.installationOf(connection.vendor, connection.externalId);
    await startConnectionWork(client, config, connection, await services.connections.list(), installation);
    // A new connection gets the initial load: a Xero organisation into its installation's CRMs, or
    // the installation's Xero organisations into a newly connected CRM.
    const tenants =
      connection.vendor === 'xero'
        ? [connection.externalId]
        : (await services.connections.list({ installationId: connection.installationId }))
            .filter((c) => c.vendor === 'xero' && c.status === 'active')
            .map((c) => c.externalId);
    for (const tenantId of tenants)
      await startBackfill(client, config.temporal.taskQueue, tenantId, installation);
  };
  const redirectUri = (vendor: string) => `${config.ingress.publicUrl}/oauth/${vendor}/callback`;
  const { hubspot } = services;
  return {
    xero: new XeroConnectFlow({
      auth: services.xeroAuth,
      sessions: services.sessions,
      connections: services.connections,
      redirectUri: redirectUri('xero'),
      onConnected,
    }),
    salesforce: new SalesforceConnectFlow({
      auth: services.salesforceAuth,
      connections: services.connections,
      installs: services.installs,
      describeOrg: (session) =>
        describeOrg({ instanceUrl: session.instanceUrl, accessToken: session.tokens.accessToken }),
      onConnected,
    }),
    hubspot: hubspot.staticToken
      ? new HubspotStaticTokenFlow({
          accessToken: hubspot.staticToken,
          connections: services.connections,
          installs: services.installs,
          describePortal: (token) => describePortal(hubspot.endpoints.apiBase, token),
          onConnected,
        })
      : hubspot.auth
        ? new HubspotConnectFlow({
            auth: hubspot.auth,
            sessions: services.sessions,
            connections: services.connections,
            installs: services.installs,
            describeToken: hubspotTokenInfo(hubspot.endpoints.apiBase),
            redirectUri: redirectUri('hubspot'),
            onConnected,
          })
        : undefined,
    zoho: new ZohoConnectFlow({
      auth: services.zohoAuth,
      sessions: services.sessions,
      connections: services.connections,
      installs: services.installs,
      redirectUri: redirectUri('zoho'),
      onConnected,
      // The org's missing custom fields: an audit row, an alert and the connected page name them.
      fieldReport: {
        audit: services.shared.audit,
        alerter: services.shared.alerter,
        logger: services.logger,
      },
    }),
  };
}
