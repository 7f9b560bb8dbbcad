import { parentPort, workerData } from 'node:worker_threads';
import { startSandboxServer, type SandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createXeroEmulator } from '../sandbox/xero';
import { XERO_CLIENT } from '../test/support/syncDeps';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { TenantsLoad, type PhaseCommand, type PhaseResult } from './tenantsLoad';

/**
 * bench:tenants' vendors, on their own thread as they would be on their own servers: one Xero
 * emulator holding every installation's organisation, one HubSpot emulator holding every
 * installation's portal, and the customers' side of the measurement (bench/tenantsLoad.ts). The
 * worker under test runs on the main thread.
 */
export interface TenantsSetup {
  installations: number;
  /** Invoices of each quiet organisation; the flooding one (the first) gets floodInvoices. */
  quietInvoices: number;
  floodInvoices: number;
  xeroPerMinute: number;
}
export interface SandboxInstallation {
  slug: string;
  tenantId: string;
  portalId: number;
  hubspotToken: string;
  xeroGrant: { access_token: string; refresh_token: string; scope: string };
}
export interface SandboxReady {
  urls: { xero: string; hubspot: string };
  installations: SandboxInstallation[];
}
export interface AuditResult {
  /** A CRM record of one installation's Xero data in another installation's portal. */
  crossInstallationWrites: number;
  /** The same Xero record twice in one portal. */
  duplicates: number;
  calls: { xero: number; hubspot: number; xeroRefused429: number };
}
export type SandboxCommand =
  | { kind: 'webhooks'; url: string; key: string }
  | ({ kind: 'phase' } & PhaseCommand)
  | { kind: 'audit' }
  | { kind: 'close' };
export type SandboxAnswer = SandboxReady | PhaseResult | AuditResult | { closed: true } | { error: string };

const setup = workerData as TenantsSetup;
const UNLIMITED = 1_000_000_000;
const FIRST_PORTAL = 710_000;

async function start(): Promise<void> {
  const xero = createXeroEmulator({
    rateLimits: {
      perMinute: setup.xeroPerMinute,
      perDay: UNLIMITED,
      appPerMinute: UNLIMITED,
      concurrent: 1_000,
    },
  });
  xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  const hubspot = createHubspotEmulator({
    portalId: FIRST_PORTAL,
    rateLimits: { staticPerTenSeconds: UNLIMITED, staticPerDay: UNLIMITED, searchPerSecond: UNLIMITED },
  });
  const installations: SandboxInstallation[] = [];
  for (let i = 0; i < setup.installations; i++) {
    const invoices = i === 0 ? setup.floodInvoices : setup.quietInvoices;
    const { tenantId } = xero.seedDataset({
      seed: 3_000 + i,
      tenantName: `Tenant ${i}`,
      contacts: Math.max(4, Math.ceil(invoices / 4)),
      invoices,
      asOf: '2026-11-01',
    });
    const portalId = FIRST_PORTAL + i;
    const hubspotToken = `tenants-bench-portal-${portalId}`;
    hubspot.portal(portalId);
    hubspot.registerStaticToken(portalId, hubspotToken, HUBSPOT_SCOPES);
    const scope = 'offline_access accounting.invoices accounting.contacts';
    const xeroGrant = xero.identity.issueGrant(XERO_CLIENT.clientId, scope, [tenantId]);
    installations.push({
      slug: `tenant-${String(i).padStart(3, '0')}`,
      tenantId,
      portalId,
      hubspotToken,
      xeroGrant,
    });
  }
  // Every call kept, so the audit counts the run's calls (the default log keeps the last 1,000).
  const requestLogSize = 1_000_000;
  const xeroServer = await startSandboxServer(xero, { requestLogSize });
  const hubspotServer = await startSandboxServer(hubspot, { requestLogSize });
  const load = new TenantsLoad(xero, hubspot, xeroServer.url, installations);
  const ready: SandboxReady = { urls: { xero: xeroServer.url, hubspot: hubspotServer.url }, installations };
  parentPort?.postMessage(ready);

  const answer = (work: () => Promise<SandboxAnswer>) =>
    work().then(
      (result) => parentPort?.postMessage(result),
      (err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.stack : String(err) }),
    );
  parentPort?.on('message', (command: SandboxCommand) => {
    if (command.kind === 'webhooks') xero.webhooks.configure({ url: command.url, key: command.key });
    else if (command.kind === 'phase') void answer(() => load.runPhase(command));
    else if (command.kind === 'audit')
      void answer(() => {
        const requests = (server: SandboxServer) =>
          server.requests().filter((r) => !r.path.startsWith('/__sandbox'));
        return Promise.resolve({
          ...load.audit(),
          calls: {
            xero: requests(xeroServer).length,
            hubspot: requests(hubspotServer).length,
            xeroRefused429: requests(xeroServer).filter((r) => r.status === 429).length,
          },
        });
      });
    else
      void Promise.all([xeroServer.close(), hubspotServer.close()]).then(() => {
        parentPort?.postMessage({ closed: true });
        process.exit(0);
      });
  });
}

start().catch((err: unknown) =>
  parentPort?.postMessage({ error: err instanceof Error ? err.stack : String(err) }),
);
