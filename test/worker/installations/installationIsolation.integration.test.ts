import { randomUUID } from 'node:crypto';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { dealConnections } from '../../../worker/activities/dealConnections';
import { ConnectionOwnedElsewhereError } from '../../../worker/connections/connectionStore';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import { crmTargets } from '../../../worker/sync/crmTargets';
import { MappingSettingsStore } from '../../../worker/sync/mappingSettingsStore';
import type { CrmDeal } from '../../../workflows/domain/crmDeal';
import { XERO_CLIENT } from '../../support/syncDeps';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * Two customers on one worker: installation A (the harness's Xero organisation, Salesforce org and
 * HubSpot portal, the default installation) and installation B (a second Xero organisation and a
 * second HubSpot portal on the same emulators). Each Xero organisation's changes reach its own
 * installation's CRMs and no other; deals are invoiced in their own installation's organisation;
 * an account connected to one installation cannot be taken over by another.
 */
const PORTAL_B = 707070;
const TOKEN_B = 'pat-na1-installation-b';

describe('installations are isolated', () => {
  let env: ThreeSandboxes;
  let b: Installation;
  let tenantB: string;
  let portalA: number;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 1801, contacts: 4, invoices: 8 });
    portalA = Number((await env.connections.find('hubspot', '606060'))?.externalId);
    b = await new InstallationStore(env.store.db).ensure({ slug: 'customer-b', name: 'Customer B' });
    tenantB = env.xero.seedDataset({
      asOf: '2026-11-01',
      tenantId: randomUUID(),
      seed: 1802,
      contacts: 4,
      invoices: 8,
    }).tenantId;
    const grant = env.xero.identity.issueGrant(
      XERO_CLIENT.clientId,
      'offline_access accounting.invoices accounting.contacts',
      [tenantB],
    );
    await env.connections.save({
      installationId: b.id,
      vendor: 'xero',
      externalId: tenantB,
      displayName: 'Xero org B',
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    env.hubspot.registerStaticToken(PORTAL_B, TOKEN_B, HUBSPOT_SCOPES);
    await env.connections.save({
      installationId: b.id,
      vendor: 'hubspot',
      externalId: String(PORTAL_B),
      displayName: 'HubSpot portal B',
      scopes: HUBSPOT_SCOPES,
      tokens: { accessToken: TOKEN_B },
    });
  });
  afterAll(() => env.close());

  const invoiceOf = (tenantId: string) => {
    const found = [...env.xero.store.invoices.values()].find(
      (i) => i.tenantId === tenantId && i.type === 'ACCREC' && i.status === 'AUTHORISED',
    );
    if (!found) throw new Error(`no open invoice in ${tenantId}`);
    return found;
  };
  const hubspotDealsFor = (portalId: number, invoiceId: string) =>
    env.hubspot
      .portal(portalId)
      .live('deals')
      .filter((d) => d.properties.xero_invoice_id === invoiceId);
  const opportunitiesFor = async (invoiceId: string) =>
    (
      await env
        .sf()
        .query<{ Id: string }>(`SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoiceId}'`)
    ).records;

  /** Hands the invoice to its workflow, as a webhook would, and waits for its first sync. */
  async function sync(tenantId: string, invoiceId: string): Promise<void> {
    const change = {
      eventType: 'UPDATE' as const,
      eventDateUtc: new Date().toISOString(),
      source: 'webhook' as const,
    };
    await env.dispatch([{ tenantId, category: 'INVOICE', resourceId: invoiceId, change }]);
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(tenantId, 'INVOICE', invoiceId),
    );
    for (let i = 0; i < 600; i++) {
      const state = await handle.query(xeroRecordStateQuery).catch(() => undefined);
      if (state?.lastError) throw new Error(`sync failed: ${state.lastError}`);
      if (state && state.syncs > 0 && state.step === 'waiting') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`invoice ${invoiceId} did not sync`);
  }

  it("an organisation's invoice reaches its own installation's CRMs only", async () => {
    const ofB = invoiceOf(tenantB);
    await sync(tenantB, ofB.id);
    expect(hubspotDealsFor(PORTAL_B, ofB.id)).toHaveLength(1);
    expect(hubspotDealsFor(portalA, ofB.id)).toHaveLength(0);
    expect(await opportunitiesFor(ofB.id)).toHaveLength(0);

    const ofA = invoiceOf(env.tenantId);
    await sync(env.tenantId, ofA.id);
    expect(hubspotDealsFor(portalA, ofA.id)).toHaveLength(1);
    expect(await opportunitiesFor(ofA.id)).toHaveLength(1);
    expect(hubspotDealsFor(PORTAL_B, ofA.id)).toHaveLength(0);
  });

  it('CRM targets are looked up by installation', async () => {
    const targets = crmTargets(env.connections, {
      salesforce: (c) => ({ vendor: 'salesforce', connectionId: c.id }) as never,
      hubspot: (c) => ({ vendor: 'hubspot', connectionId: c.id }) as never,
    });
    const portalB = await env.connections.find('hubspot', String(PORTAL_B));
    expect((await targets.forXeroTenant(tenantB)).map((t) => t.connectionId)).toEqual([portalB?.id]);
    expect((await targets.forXeroTenant(env.tenantId)).map((t) => t.vendor).sort()).toEqual([
      'hubspot',
      'salesforce',
    ]);
    expect(await targets.forXeroTenant(randomUUID())).toEqual([]);
  });

  it("a deal is invoiced in its own installation's Xero organisation, never another's", async () => {
    const deals = dealConnections({
      connections: env.connections,
      crmTargets: { forXeroTenant: async () => [], forConnection: async () => undefined },
      xeroApi: () => ({}) as never,
      settings: new MappingSettingsStore(env.store.db),
    });
    const wonDeal = (crmAccount: string) => ({
      crm: 'hubspot' as const,
      crmAccount,
      deal: { dealId: '1', currency: 'GBP' } as CrmDeal,
    });
    expect(await deals.route(wonDeal(String(PORTAL_B)))).toMatchObject({ xeroTenantId: tenantB });
    expect(await deals.route(wonDeal(String(portalA)))).toMatchObject({ xeroTenantId: env.tenantId });
    const ofB = { crm: 'hubspot' as const, crmAccount: String(PORTAL_B) };
    expect((await deals.xero({ ...ofB, xeroTenantId: tenantB })).tenantId).toBe(tenantB);
    await expect(deals.xero({ ...ofB, xeroTenantId: env.tenantId })).rejects.toThrow(/is not connected/);
    await expect(deals.route(wonDeal('999'))).rejects.toThrow(/no hubspot connection/);
  });

  it('an account connected to one installation is not taken over by another', async () => {
    const before = await env.connections.find('xero', env.tenantId);
    await expect(
      env.connections.save({
        installationId: b.id,
        vendor: 'xero',
        externalId: env.tenantId,
        displayName: 'taken over',
        scopes: [],
        tokens: { accessToken: 'attacker-token' },
      }),
    ).rejects.toBeInstanceOf(ConnectionOwnedElsewhereError);
    const after = await env.connections.find('xero', env.tenantId);
    expect(after).toMatchObject({ installationId: before?.installationId, displayName: before?.displayName });
    expect((await env.connections.readTokens(after!.id)).tokens.accessToken).not.toBe('attacker-token');
  });
});
