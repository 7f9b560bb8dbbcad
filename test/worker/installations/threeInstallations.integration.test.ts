import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as HubspotClient } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { Connection as JsforceConnection } from 'jsforce';
import pino from 'pino';
import { SANDBOX_HUBSPOT_CLIENT, SANDBOX_XERO_CLIENT } from '../../../sandbox';
import { extensionFetch, SEEDED_USERS } from '../../../sandbox/hubspot';
import type { App } from '../../../worker/app';
import type { Config } from '../../../worker/config';
import { ConnectionStore, type Connection } from '../../../worker/connections/connectionStore';
import { loadSecretBox } from '../../../worker/connections/keyring';
import { RefresherRegistry } from '../../../worker/connections/refreshers';
import { buildConnectionServices, startConnectionWork } from '../../../worker/connections/services';
import { SALESFORCE_API_VERSION } from '../../../worker/connectors/salesforce/salesforceApi';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { XERO_SCOPES } from '../../../worker/connectors/xero/xeroEndpoints';
import { lifecycleDepsFrom } from '../../../worker/installations/lifecycleDeps';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import { uninstallInstallation } from '../../../worker/installations/uninstallInstallation';
import { MappingSettingsStore } from '../../../worker/sync/mappingSettingsStore';
import { startEmbeddedApp } from '../../support/embeddedApp';
import { installQuietRuntime } from '../../support/temporal';
import { dealToXeroStateQuery } from '../../../workflows/crm/dealToXero';

/**
 * Three customers in one worker (`npm start`'s app: its own Temporal dev server, the ingress, the
 * three emulators sending their webhooks and callouts): the two demo installations (a Xero
 * organisation with the HubSpot portal; another with the Salesforce org) and customer C, with two
 * Xero organisations (routed by currency) and a HubSpot portal of its own. Xero changes and won deals
 * of each reach only their own installation's accounts; the settings page and cards of one portal
 * never show another installation's data; uninstalling C leaves nothing of C running while the
 * others go on.
 */
const logger = pino({ level: 'silent' });
const PORTAL_C = 939393;
const TOKEN_C = 'pat-na1-customer-c';
const ADMIN_TOKEN = 'pat-na1-three-installations-admin';

async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('three installations in one worker', () => {
  let dataDir: string;
  let app: App;
  let config: Config;
  let connections: ConnectionStore;
  let customerC: Installation;
  let tenant: { hubspotDemo: string; salesforceDemo: string; cUk: string; cAu: string };
  let portalDemo: number;
  let cConnections: Connection[];

  const xero = () => app.sandbox.xero!.emulator;
  const hubspot = () => app.sandbox.hubspot!.emulator;
  const invoicesOf = (tenantId: string) =>
    [...xero().store.invoices.values()].filter((i) => i.tenantId === tenantId);
  const invoiceIds = (...tenantIds: string[]) =>
    new Set(tenantIds.flatMap((t) => invoicesOf(t).map((i) => i.id)));
  const dealInvoiceIds = (portalId: number) =>
    hubspot()
      .portal(portalId)
      .live('deals')
      .map((d) => d.properties.xero_invoice_id)
      .filter((id): id is string => typeof id === 'string' && id !== '');

  async function salesforce(): Promise<JsforceConnection> {
    const org = await connections.find('salesforce', app.sandbox.salesforce!.orgId);
    if (!org) throw new Error('the demo Salesforce org is not connected');
    const { tokens } = await connections.readTokens(org.id);
    return new JsforceConnection({
      instanceUrl: String(org.settings.instanceUrl),
      accessToken: tokens.accessToken,
      version: SALESFORCE_API_VERSION,
    });
  }

  async function connectXero(installationId: string, tenantId: string, name: string) {
    const grant = xero().identity.issueGrant(SANDBOX_XERO_CLIENT.clientId, XERO_SCOPES.join(' '), [tenantId]);
    return connections.save({
      installationId,
      vendor: 'xero',
      externalId: tenantId,
      displayName: name,
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
  }

  beforeAll(async () => {
    installQuietRuntime();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lb-three-'));
    ({ app, config } = await startEmbeddedApp({ LEDGERBRIDGE_DATA_DIR: dataDir }, logger, {
      demoInstallations: true,
    }));
    connections = new ConnectionStore(app.store.db, await loadSecretBox(config.encryption));
    portalDemo = app.sandbox.hubspot!.portalId;
    const salesforceDemo = (await connections.list()).find(
      (c) => c.vendor === 'xero' && c.externalId !== app.sandbox.xero!.tenantId,
    );
    if (!salesforceDemo) throw new Error('the demo installations were not made');

    // Customer C: two Xero organisations (UK, AU) and a HubSpot portal, each with its own data.
    customerC = await new InstallationStore(app.store.db).ensure({ slug: 'customer-c', name: 'Customer C' });
    const cUk = xero().seedDataset({ seed: 3301, tenantName: 'Customer C (UK)', contacts: 3, invoices: 4 });
    const cAu = xero().seedDataset({ seed: 3302, tenantName: 'Customer C (AU)', contacts: 3, invoices: 4 });
    tenant = {
      hubspotDemo: app.sandbox.xero!.tenantId,
      salesforceDemo: salesforceDemo.externalId,
      cUk: cUk.tenantId,
      cAu: cAu.tenantId,
    };
    hubspot().registerStaticToken(PORTAL_C, TOKEN_C, HUBSPOT_SCOPES);
    cConnections = [
      await connectXero(customerC.id, tenant.cUk, 'Customer C (UK)'),
      await connectXero(customerC.id, tenant.cAu, 'Customer C (AU)'),
      await connections.save({
        installationId: customerC.id,
        vendor: 'hubspot',
        externalId: String(PORTAL_C),
        displayName: 'Customer C portal',
        scopes: HUBSPOT_SCOPES,
        tokens: { accessToken: TOKEN_C },
      }),
    ];
    for (const c of cConnections)
      await startConnectionWork(app.temporal.client, config, c, cConnections, customerC.slug);
    await new MappingSettingsStore(app.store.db).save(
      customerC.id,
      {
        organisations: {
          [tenant.cUk]: { defaultAccountCode: '200' },
          [tenant.cAu]: { defaultAccountCode: '260' },
        },
        routing: {
          rules: [
            { when: { currency: 'AUD' }, xeroTenantId: tenant.cAu },
            { when: { currency: 'GBP' }, xeroTenantId: tenant.cUk },
          ],
          defaultXeroTenantId: null,
        },
      },
      { source: 'test', savedBy: 'jest' },
    );
  }, 300_000);
  afterAll(async () => {
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("a Xero change reaches its own installation's CRM and no other", async () => {
    // Paid in Xero's UI: the emulator sends its webhook to the worker's ingress.
    const invoice = invoicesOf(tenant.cAu).find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED');
    if (!invoice) throw new Error('no open invoice in Customer C (AU)');
    const paid = await fetch(`${app.sandbox.xero!.url}/__sandbox/invoices/${invoice.id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accountCode: '090' }),
    });
    expect(paid.status).toBe(200);
    await until(
      async () => (dealInvoiceIds(PORTAL_C).includes(invoice.id) ? true : undefined),
      "the paid invoice in customer C's portal",
    );

    // Whatever the backfills and webhooks wrote so far, each CRM holds its own organisations' only.
    const inPortalDemo = dealInvoiceIds(portalDemo);
    const inPortalC = dealInvoiceIds(PORTAL_C);
    const sf = await salesforce();
    const inSalesforce = (
      await sf.query<{ Xero_Invoice_ID__c: string }>(
        'SELECT Xero_Invoice_ID__c FROM Opportunity WHERE Xero_Invoice_ID__c != null',
      )
    ).records.map((r) => r.Xero_Invoice_ID__c);
    expect(inPortalDemo.length + inSalesforce.length).toBeGreaterThan(0);
    const own = {
      demo: invoiceIds(tenant.hubspotDemo),
      sf: invoiceIds(tenant.salesforceDemo),
      c: invoiceIds(tenant.cUk, tenant.cAu),
    };
    expect(inPortalDemo.filter((id) => !own.demo.has(id))).toEqual([]);
    expect(inSalesforce.filter((id) => !own.sf.has(id))).toEqual([]);
    expect(inPortalC.filter((id) => !own.c.has(id))).toEqual([]);
  });

  async function wonHubspotDeal(portalId: number, token: string, name: string, currency: string) {
    hubspot().registerStaticToken(portalId, ADMIN_TOKEN, [...HUBSPOT_SCOPES, 'crm.objects.line_items.write']);
    const hs = new HubspotClient({ accessToken: ADMIN_TOKEN, basePath: app.sandbox.hubspot!.url });
    const association = (id: string, typeId: number) => ({
      to: { id },
      types: [
        {
          associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
          associationTypeId: typeId,
        },
      ],
    });
    const company = await hs.crm.companies.basicApi.create({ properties: { name: `${name} Ltd` } });
    const deal = await hs.crm.deals.basicApi.create({
      properties: {
        dealname: name,
        dealstage: 'contractsent',
        closedate: '2026-11-20T00:00:00.000Z',
        deal_currency_code: currency,
      },
      associations: [association(company.id, 5)],
    });
    await hs.crm.lineItems.basicApi.create({
      properties: { name: 'Licence', quantity: '1', price: '1000' },
      associations: [association(deal.id, 20)],
    });
    // Won as a person would win it: HubSpot's webhook tells the worker.
    await hs.crm.deals.basicApi.update(deal.id, { properties: { dealstage: 'closedwon' } });
    void token;
    return deal.id;
  }

  /** On a time-out: where each deal workflow stands. */
  async function dealWorkflows() {
    const out: Array<Record<string, unknown>> = [];
    for await (const wf of app.temporal.client.workflow.list({
      query: `WorkflowType = 'dealToXeroWorkflow'`,
    })) {
      const state = await app.temporal.client.workflow
        .getHandle(wf.workflowId)
        .query(dealToXeroStateQuery)
        .catch((err: unknown) => String(err));
      out.push({ id: wf.workflowId, status: wf.status.name, state });
    }
    return out;
  }

  const invoicedAs = (name: string) =>
    [...xero().store.invoices.values()].filter((i) => (i.reference ?? '').startsWith(`${name} `));

  it("won deals are invoiced in their own installation's organisation, routed within C", async () => {
    const run = `R${Date.now().toString(36)}`;
    await wonHubspotDeal(portalDemo, '', `${run} demo`, 'GBP');
    await wonHubspotDeal(PORTAL_C, TOKEN_C, `${run} c-gbp`, 'GBP');
    await wonHubspotDeal(PORTAL_C, TOKEN_C, `${run} c-aud`, 'AUD');
    const sf = await salesforce();
    const account = await sf.sobject('Account').create({ Name: `${run} sf Pty` });
    await sf.sobject('Opportunity').create({
      Name: `${run} sf`,
      StageName: 'Closed Won',
      CloseDate: '2026-11-18',
      Amount: 1000,
      AccountId: 'id' in account ? account.id : '',
    });

    const tenantOf = async (name: string) =>
      until(async () => {
        const found = invoicedAs(name);
        return found.length > 0 ? found.map((i) => i.tenantId) : undefined;
      }, `the invoice of ${name}`).catch(async (err: unknown) => {
        throw new Error(`${String(err)}; deal workflows: ${JSON.stringify(await dealWorkflows())}`);
      });
    expect(await tenantOf(`${run} demo`)).toEqual([tenant.hubspotDemo]);
    expect(await tenantOf(`${run} c-gbp`)).toEqual([tenant.cUk]);
    expect(await tenantOf(`${run} c-aud`)).toEqual([tenant.cAu]);
    expect(await tenantOf(`${run} sf`)).toEqual([tenant.salesforceDemo]);
    // Each exactly once, and with C's per-organisation account codes.
    const codes = (name: string) => invoicedAs(name).flatMap((i) => i.lines.map((l) => l.accountCode));
    expect(codes(`${run} c-gbp`)).toEqual(['200']);
    expect(codes(`${run} c-aud`)).toEqual(['260']);
  }, 300_000);

  it("portal C's settings page and cards never show another installation's data", async () => {
    const caller = (portalId: number) => ({
      portalId,
      userId: Number(SEEDED_USERS.admin.id),
      userEmail: `admin@portal-${portalId}.example.com`,
      appId: 1,
    });
    const signed = (portalId: number, route: string) =>
      extensionFetch({
        url: `${app.ingress.url}${route}`,
        caller: caller(portalId),
        clientSecret: SANDBOX_HUBSPOT_CLIENT.clientSecret,
      });
    // A company of the demo portal, linked to its Xero contact by the backfill.
    const demoCompany = hubspot()
      .portal(portalDemo)
      .live('companies')
      .find((c) => typeof c.properties.xero_contact_id === 'string' && c.properties.xero_contact_id !== '');
    if (!demoCompany) throw new Error('no linked company in the demo portal');
    expect((await signed(portalDemo, `/hubspot/cards/companies/${demoCompany.id}`)).status).toBe(200);
    const fromC = await signed(PORTAL_C, `/hubspot/cards/companies/${demoCompany.id}`);
    expect(fromC.status).toBe(404);
    expect(await fromC.text()).not.toContain(String(demoCompany.properties.xero_contact_id));

    const orgs = await signed(PORTAL_C, '/hubspot/connections/xero');
    expect(orgs.status).toBe(200);
    const listed = ((await orgs.json()) as { connections: Array<{ id: string }> }).connections.map(
      (c) => c.id,
    );
    const xeroOf = async (tenantId: string) => (await connections.find('xero', tenantId))?.id;
    expect(listed.sort()).toEqual([await xeroOf(tenant.cUk), await xeroOf(tenant.cAu)].sort());

    const settings = await signed(PORTAL_C, '/hubspot/settings');
    expect(settings.status).toBe(200);
    const shown = JSON.stringify(await settings.json());
    expect(shown).toContain(tenant.cAu);
    expect(shown).not.toContain(tenant.hubspotDemo);
    expect(shown).not.toContain(tenant.salesforceDemo);
  });

  it('uninstalling C leaves no Schedule or workflow of C running, and the others go on', async () => {
    const services = await buildConnectionServices(config, app.store, logger, new RefresherRegistry());
    const deps = lifecycleDepsFrom({ config, store: app.store, services, client: app.temporal.client });
    await uninstallInstallation(deps, customerC.id, 'jest');

    const client = app.temporal.client;
    const accountsOfC = [tenant.cUk, tenant.cAu, String(PORTAL_C)];
    const schedules: string[] = [];
    for await (const s of client.schedule.list()) schedules.push(s.scheduleId);
    expect(schedules.filter((id) => accountsOfC.some((a) => id.includes(a)))).toEqual([]);
    expect(schedules.some((id) => id.includes(tenant.hubspotDemo))).toBe(true);

    const running = async (query: string) => {
      const ids: string[] = [];
      for await (const wf of client.workflow.list({ query: `${query} AND ExecutionStatus = "Running"` }))
        ids.push(wf.workflowId);
      return ids;
    };
    expect(await running(`Installation = "${customerC.slug}"`)).toEqual([]);
    for (const c of cConnections) {
      const refresh = await client.workflow.getHandle(`connection:${c.id}:refresh`).describe();
      expect(refresh.status.name).not.toBe('RUNNING');
    }
    expect((await running(`Installation = "demo-hubspot"`)).length).toBeGreaterThan(0);
    expect(
      (await new InstallationStore(app.store.db).list()).find((i) => i.slug === customerC.slug)?.status,
    ).toBe('uninstalled');
  });
});
