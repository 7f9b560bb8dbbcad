import type { Client } from '@temporalio/client';
import { SANDBOX_XERO_CLIENT, type RunningSandbox } from '../../sandbox';
import type { Config } from '../config';
import type { CallbackParams, ConnectFlow } from '../connections/connectFlow';
import type { Connection } from '../connections/connectionStore';
import { connectFlows, type ConnectionServices } from '../connections/services';
import { startConnectionWork } from '../temporal/connectionWork';
import { XERO_SCOPES } from '../connectors/xero/xeroEndpoints';
import type { Logger } from '../logger';
import type { ConnectionVendor } from '../store/schema';
import type { InstallationStore } from './installationStore';

/**
 * `npm start` in the sandbox: two demo customers, so the isolation between installations shows at
 * once. `demo-hubspot` holds the sandbox's first Xero organisation and its HubSpot portal;
 * `demo-salesforce` a second Xero organisation (seeded here, with its own contacts and invoices) and
 * the Salesforce org. Each account is connected without a browser: the CRMs through their real
 * connect flows (the sandbox's consent page answers at once), the Xero organisation through a grant
 * the emulator issues for that one organisation (its consent page would ask which to pick).
 * Re-running finds the installations and reconnects their accounts, since the emulators keep grants
 * in memory only; an account an operator connected to another installation is left there.
 */
export const DEMO_SECOND_XERO_ORGANISATION = 'Demo Company (AU)';
export const DEMO_THIRD_XERO_ORGANISATION = 'Demo Company (UK)';

export interface DemoAccount {
  vendor: ConnectionVendor;
  externalId: string;
  displayName: string;
  /** Why it was not connected into the demo installation (it belongs to another one). */
  skipped?: string;
}

export interface DemoInstallation {
  slug: 'demo-hubspot' | 'demo-salesforce' | 'demo-zoho';
  name: string;
  accounts: DemoAccount[];
}

export interface DemoDeps {
  sandbox: RunningSandbox;
  services: ConnectionServices;
  installations: InstallationStore;
  config: Config;
  client: Client;
  logger: Logger;
}

type Plan = {
  vendor: ConnectionVendor;
  externalId: string;
  connect(installationId: string): Promise<Connection[]>;
};

export async function seedDemoInstallations(deps: DemoDeps): Promise<DemoInstallation[]> {
  const { xero, hubspot, salesforce, zoho } = deps.sandbox;
  if (!xero) return [];
  const flows = connectFlows(deps.services, deps.config, deps.client);
  const secondTenant = xero.emulator.seedDataset({
    seed: deps.config.vendors.sandbox.seed + 1,
    tenantName: DEMO_SECOND_XERO_ORGANISATION,
    contacts: 30,
    invoices: 90,
  }).tenantId;
  const viaFlow = (flow: ConnectFlow | undefined) => (installationId: string) => {
    if (!flow) throw new Error('no connect flow for this vendor');
    return connectWithoutBrowser(flow, installationId);
  };
  const xeroPlan = (tenantId: string): Plan => ({
    vendor: 'xero',
    externalId: tenantId,
    connect: (installationId) => connectXeroOrganisation(deps, xero, tenantId, installationId),
  });
  // Xero first in each: the CRM's connect then backfills the installation's freshly granted organisation.
  const demos: Array<{ slug: DemoInstallation['slug']; name: string; plans: Plan[] }> = [];
  if (hubspot)
    demos.push({
      slug: 'demo-hubspot',
      name: 'Demo customer on HubSpot',
      plans: [
        xeroPlan(xero.tenantId),
        { vendor: 'hubspot', externalId: String(hubspot.portalId), connect: viaFlow(flows.hubspot) },
      ],
    });
  if (salesforce)
    demos.push({
      slug: 'demo-salesforce',
      name: 'Demo customer on Salesforce',
      plans: [
        xeroPlan(secondTenant),
        { vendor: 'salesforce', externalId: salesforce.orgId, connect: viaFlow(flows.salesforce) },
      ],
    });
  if (zoho)
    demos.push({
      slug: 'demo-zoho',
      name: 'Demo customer on Zoho CRM',
      plans: [
        xeroPlan(
          xero.emulator.seedDataset({
            seed: deps.config.vendors.sandbox.seed + 2,
            tenantName: DEMO_THIRD_XERO_ORGANISATION,
            contacts: 20,
            invoices: 60,
          }).tenantId,
        ),
        { vendor: 'zoho', externalId: zoho.orgId, connect: viaFlow(flows.zoho) },
      ],
    });

  const seeded: DemoInstallation[] = [];
  for (const demo of demos) {
    const installation = await deps.installations.ensure({ slug: demo.slug, name: demo.name });
    const accounts: DemoAccount[] = [];
    for (const plan of demo.plans) {
      const owner = await deps.services.connections.find(plan.vendor, plan.externalId);
      if (owner && owner.installationId !== installation.id) {
        const other = await deps.installations.get(owner.installationId);
        accounts.push({
          vendor: plan.vendor,
          externalId: plan.externalId,
          displayName: owner.displayName,
          skipped: `connected to the installation "${other?.slug ?? owner.installationId}"`,
        });
        continue;
      }
      for (const c of await plan.connect(installation.id))
        accounts.push({ vendor: c.vendor, externalId: c.externalId, displayName: c.displayName });
    }
    deps.logger.info({ installation: demo.slug, accounts }, 'demo installation ready');
    seeded.push({ slug: demo.slug, name: demo.name, accounts });
  }
  return seeded;
}

/** A connect flow driven to its end: a server-side grant connects at once; a consent is followed. */
async function connectWithoutBrowser(flow: ConnectFlow, installationId: string): Promise<Connection[]> {
  const begun = await flow.begin({ installationId });
  if ('connected' in begun) return begun.connected;
  const consent = await fetch(begun.redirectTo, { redirect: 'manual' });
  const callback = consent.headers.get('location');
  if (consent.status !== 302 || !callback)
    throw new Error(`${flow.vendorName} consent answered ${consent.status} without a redirect`);
  const q = new URL(callback).searchParams;
  const params: CallbackParams = {
    code: q.get('code'),
    state: q.get('state'),
    error: q.get('error'),
    // Zoho names the data centre the admin signed in at.
    accountsServer: q.get('accounts-server'),
    location: q.get('location'),
    browserNonce: begun.browserNonce,
  };
  return flow.finish(params);
}

/** One Xero organisation, as the Xero connect flow saves it, from a grant covering only it. */
async function connectXeroOrganisation(
  deps: DemoDeps,
  xero: NonNullable<RunningSandbox['xero']>,
  tenantId: string,
  installationId: string,
): Promise<Connection[]> {
  const grant = xero.emulator.identity.issueGrant(SANDBOX_XERO_CLIENT.clientId, XERO_SCOPES.join(' '), [
    tenantId,
  ]);
  const [tenant] = await deps.services.xeroAuth.listConnections(grant.access_token);
  if (!tenant) throw new Error(`the sandbox grant for Xero organisation ${tenantId} lists no organisation`);
  const connection = await deps.services.connections.save({
    installationId,
    vendor: 'xero',
    externalId: tenant.tenantId,
    displayName: tenant.tenantName ?? tenant.tenantId,
    scopes: grant.scope.split(' '),
    settings: { connectionId: tenant.id, ...(tenant.authEventId ? { authEventId: tenant.authEventId } : {}) },
    tokens: {
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
      expiresAt: Date.now() + grant.expires_in * 1000,
    },
  });
  await startConnectionWork(
    deps.client,
    deps.config,
    connection,
    await deps.services.connections.list({ installationId }),
  );
  return [connection];
}

const VENDOR_LABEL: Record<ConnectionVendor, string> = {
  xero: 'Xero organisation',
  hubspot: 'HubSpot portal',
  salesforce: 'Salesforce org',
  zoho: 'Zoho CRM org',
};

/** What `npm start` prints about the demo installations: their accounts and the Temporal UI filter. */
export function demoSummary(
  demos: DemoInstallation[],
  temporal: { uiUrl?: string | undefined; namespace: string },
): string[] {
  if (demos.length === 0) return [];
  const lines = ['Demo installations (two customers; nothing crosses between them):'];
  for (const demo of demos) {
    lines.push(`  ${demo.slug.padEnd(16)}${demo.name}`);
    for (const a of demo.accounts)
      lines.push(
        `    ${VENDOR_LABEL[a.vendor]} ${a.externalId} "${a.displayName}"${a.skipped ? ` (not joined: ${a.skipped})` : ''}`,
      );
    const query = `Installation="${demo.slug}"`;
    lines.push(
      temporal.uiUrl
        ? `    Temporal UI: ${temporal.uiUrl}/namespaces/${temporal.namespace}/workflows?query=${encodeURIComponent(query)}`
        : `    Temporal UI filter: ${query}`,
    );
  }
  lines.push('  npm run installations lists them (with npm start stopped, in the embedded mode).');
  return lines;
}
