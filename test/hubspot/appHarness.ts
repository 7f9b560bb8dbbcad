import pino from 'pino';
import { extensionFetch, type ExtensionCallerParams } from '../../sandbox/hubspot';
import { AuditLog } from '../../worker/audit/auditLog';
import { RefreshService } from '../../worker/connections/refreshService';
import { InvalidGrantError } from '../../worker/connections/tokenRefresher';
import { HubspotRecordReader } from '../../worker/connectors/hubspot/hubspotRecordReader';
import { HubspotUserReader } from '../../worker/connectors/hubspot/hubspotUsers';
import { XeroApi } from '../../worker/connectors/xero/xeroApi';
import { xeroEndpoints } from '../../worker/connectors/xero/xeroEndpoints';
import type { HubspotAppDeps } from '../../worker/hubspotApp/hubspotAppDeps';
import { XeroLedgerReader } from '../../worker/hubspotApp/xeroLedger';
import { registerHubspotCardRoutes } from '../../worker/ingress/hubspotCardRoutes';
import { registerHubspotSettingsRoutes } from '../../worker/ingress/hubspotSettingsRoutes';
import { startIngress, type Ingress } from '../../worker/ingress/server';
import { createLogger } from '../../worker/logger';
import { SharedPacer } from '../../worker/pacing/sharedPacer';
import { MappingSettingsStore } from '../../worker/sync/mappingSettingsStore';
import { crmDealDispatcher } from '../../worker/webhooks/crmDealDispatcher';
import { freePort } from '../support/ports';
import type { ThreeSandboxes } from '../support/threeSandboxes';

export const APP_SECRET = 'hubspot-app-client-secret-for-card-tests';
export const PORTAL = 606060;
export const CALLER: ExtensionCallerParams = {
  portalId: PORTAL,
  userId: 4242,
  userEmail: 'finance@adatum.example',
  appId: 1234567,
};

export interface HubspotAppHarness {
  ingress: Ingress;
  deps: HubspotAppDeps;
  /** The clock the signature window is judged by; tests move it. */
  clock: { now: number };
  /** A request as HubSpot's proxy sends it for `hubspot.fetch` from the app's cards. */
  call(
    path: string,
    options?: {
      method?: 'GET' | 'POST' | 'PUT';
      body?: Record<string, unknown>;
      caller?: Partial<ExtensionCallerParams>;
      timestamp?: number;
      secret?: string;
    },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** The worker's HubSpot app endpoints on a real ingress, over the three sandboxes' connections. */
export async function startHubspotApp(env: ThreeSandboxes): Promise<HubspotAppHarness> {
  const clock = { now: Date.now() };
  const pacer = new SharedPacer(env.store.db, () => ({
    limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
    concurrency: 5,
  }));
  const refresh = new RefreshService({
    db: env.store.db,
    connections: env.connections,
    refresherFor: () => ({
      refresh: () => Promise.reject(new InvalidGrantError('no refresh in the card tests')),
    }),
    logger: pino({ level: 'silent' }),
    marginMs: 60_000,
  });
  const vendorDeps = { connections: env.connections, refresh, pacer };
  const deps: HubspotAppDeps = {
    db: env.store.db,
    connections: env.connections,
    audit: new AuditLog(env.store.db),
    settings: new MappingSettingsStore(env.store.db),
    recordsOf: (connectionId) =>
      new HubspotRecordReader({ ...vendorDeps, connectionId, apiBase: env.servers.hubspot.url }),
    usersOf: (connectionId) =>
      new HubspotUserReader({ ...vendorDeps, connectionId, apiBase: env.servers.hubspot.url }),
    xeroApi: (connectionId) =>
      new XeroApi({
        ...vendorDeps,
        connectionId,
        endpoints: xeroEndpoints({
          mode: 'sandbox',
          baseUrl: env.servers.xero.url,
          webhookKey: undefined,
          pollEveryMs: 300_000,
        }),
      }),
    ledger: new XeroLedgerReader({ ttlMs: 0, now: () => clock.now }),
    dispatchDeal: crmDealDispatcher(env.temporal.client, env.temporal.taskQueue),
    now: () => clock.now,
  };
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const logger = createLogger('silent');
  const routeDeps = { app: deps, clientSecret: APP_SECRET, publicUrl, logger, now: () => clock.now };
  const ingress = await startIngress({
    host: '127.0.0.1',
    port,
    logger,
    health: {
      store: env.store,
      temporal: { address: 'n/a', namespace: 'default', probe: () => Promise.resolve() },
    },
    routes: [
      (router) => registerHubspotCardRoutes(router, routeDeps),
      (router) => registerHubspotSettingsRoutes(router, routeDeps),
    ],
  });
  return {
    ingress,
    deps,
    clock,
    call: (path, options = {}) =>
      extensionFetch({
        url: `${publicUrl}${path}`,
        ...(options.method ? { method: options.method } : {}),
        ...(options.body ? { body: options.body } : {}),
        caller: { ...CALLER, ...options.caller },
        clientSecret: options.secret ?? APP_SECRET,
        timestamp: options.timestamp ?? clock.now,
      }),
    close: () => ingress.close(),
  };
}
