import { randomUUID } from 'node:crypto';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { MappingSettingsStore } from '../../../worker/sync/mappingSettingsStore';
import { XERO_CLIENT } from '../../support/syncDeps';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';
import { dealFlows, HS_PORTAL, hubspotDeal, until } from './dealHarness';

const SCHEMA_TOKEN = 'pat-na1-schema-admin';

/**
 * One installation, two Xero organisations (a UK and an AU company): the mapping settings' routing
 * rule sends each won deal to exactly one of them, invoiced with that organisation's own account
 * code, on the real Temporal server, HubSpot's SDK and the Xero emulator hosting both. A deal no
 * rule routes is not invoiced anywhere: the problem goes on the deal.
 */
describe('won deals are routed to one Xero organisation of their installation', () => {
  let env: ThreeSandboxes;
  let uk: string;
  let au: string;
  let flows: ReturnType<typeof dealFlows>;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 2401, contacts: 2, invoices: 2 },
      { xeroRateLimits: { perMinute: 600 } },
    );
    flows = dealFlows(env);
    uk = env.tenantId;
    const portal = await env.connections.find('hubspot', HS_PORTAL);
    if (!portal) throw new Error('the harness portal is not connected');
    au = env.xero.seedDataset({
      asOf: '2026-11-01',
      tenantId: randomUUID(),
      seed: 2402,
      contacts: 2,
      invoices: 2,
    }).tenantId;
    const grant = env.xero.identity.issueGrant(
      XERO_CLIENT.clientId,
      'offline_access accounting.invoices accounting.contacts accounting.settings.read',
      [au],
    );
    await env.connections.save({
      installationId: portal.installationId,
      vendor: 'xero',
      externalId: au,
      displayName: 'Xero AU',
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    // The business unit a HubSpot admin keeps on deals, which one rule routes by.
    env.hubspot.registerStaticToken(Number(HS_PORTAL), SCHEMA_TOKEN, [
      ...HUBSPOT_SCOPES,
      'crm.schemas.deals.write',
    ]);
    await fetch(`${env.servers.hubspot.url}/crm/v3/properties/deals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SCHEMA_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'business_unit',
        label: 'Business unit',
        type: 'string',
        fieldType: 'text',
        groupName: 'dealinformation',
      }),
    }).then((res) => expect(res.status).toBe(201));
    await new MappingSettingsStore(env.store.db).save(
      portal.installationId,
      {
        organisations: { [uk]: { defaultAccountCode: '200' }, [au]: { defaultAccountCode: '260' } },
        routing: {
          rules: [
            { when: { field: 'business_unit', equals: 'APAC' }, xeroTenantId: au },
            { when: { currency: 'AUD' }, xeroTenantId: au },
            { when: { currency: 'GBP' }, xeroTenantId: uk },
          ],
          defaultXeroTenantId: null,
        },
      },
      { source: 'test', savedBy: 'jest' },
    );
  });
  afterAll(() => env.close());

  const invoicesIn = (tenantId: string, runId: string) =>
    [...env.xero.store.invoices.values()].filter(
      (i) => i.tenantId === tenantId && (i.reference ?? '').startsWith(`${runId} `),
    );

  async function winDeal(name: string, props: Record<string, string>) {
    const dealId = await hubspotDeal(env, name, props, [{ name: 'Licence', quantity: '1', price: '1000' }]);
    await env.hs().crm.deals.basicApi.update(dealId, { properties: { dealstage: 'closedwon' } });
    await flows.notify('hubspot', dealId);
    return flows.stateWhen('hubspot', dealId, (s) => s.runs >= 1 && !s.busy);
  }

  it('sends GBP deals to the UK organisation, AUD and APAC deals to the AU one, each with its own account code', async () => {
    const run = randomUUID().slice(0, 8);
    const [gbp, aud, apac] = await Promise.all([
      winDeal(`${run} London`, { deal_currency_code: 'GBP' }),
      winDeal(`${run} Sydney`, { deal_currency_code: 'AUD' }),
      winDeal(`${run} Singapore`, { deal_currency_code: 'GBP', business_unit: 'APAC' }),
    ]);
    expect(gbp).toMatchObject({ lastOutcome: 'invoiced', xeroTenantId: uk });
    expect(aud).toMatchObject({ lastOutcome: 'invoiced', xeroTenantId: au });
    expect(apac).toMatchObject({ lastOutcome: 'invoiced', xeroTenantId: au });

    const inUk = invoicesIn(uk, run);
    const inAu = invoicesIn(au, run);
    expect(inUk.map((i) => i.reference?.split(' [')[0])).toEqual([`${run} London`]);
    expect(inAu.map((i) => i.reference?.split(' [')[0]).sort()).toEqual([
      `${run} Singapore`,
      `${run} Sydney`,
    ]);
    expect(inUk.flatMap((i) => i.lines.map((l) => l.accountCode))).toEqual(['200']);
    expect(inAu.flatMap((i) => i.lines.map((l) => l.accountCode))).toEqual(['260', '260']);
    expect(inAu.find((i) => i.reference?.startsWith(`${run} Sydney`))?.currency).toBe('AUD');

    // The audit trail names the organisation each invoice was made in, and the rule that chose it.
    const audited = await env.store.db
      .selectFrom('audit_log')
      .select(['action', 'subject', 'detail'])
      .where('action', 'in', ['route_deal', 'create_xero_invoice'])
      .execute();
    const about = (id: string | null) => audited.filter((a) => a.subject.xeroInvoiceId === id);
    expect(about(gbp.xeroInvoiceId)).toEqual([
      expect.objectContaining({
        action: 'create_xero_invoice',
        subject: expect.objectContaining({ xeroTenantId: uk }),
      }),
    ]);
    expect(about(apac.xeroInvoiceId)[0]?.subject).toMatchObject({ xeroTenantId: au });
    expect(audited).toContainEqual(
      expect.objectContaining({
        action: 'route_deal',
        subject: expect.objectContaining({ xeroTenantId: au }),
        detail: expect.objectContaining({ because: 'rule 1: business_unit is "APAC"' }),
      }),
    );
  });

  it('invoices a deal no rule routes nowhere, and says why on the deal', async () => {
    const run = randomUUID().slice(0, 8);
    const state = await winDeal(`${run} New York`, { deal_currency_code: 'USD' });
    expect(state).toMatchObject({ lastOutcome: 'unrouted', xeroTenantId: null, xeroInvoiceId: null });
    expect([...invoicesIn(uk, run), ...invoicesIn(au, run)]).toEqual([]);
    const problem = await until(async () => {
      const deals = await env.hs().crm.deals.searchApi.doSearch({
        filterGroups: [
          { filters: [{ propertyName: 'dealname', operator: 'EQ' as never, value: `${run} New York` }] },
        ],
        properties: ['ledgerbridge_sync_problem'],
        limit: 1,
      });
      return deals.results[0]?.properties.ledgerbridge_sync_problem || undefined;
    }, 'the problem on the deal');
    expect(problem).toMatch(
      /No routing rule in the mapping settings matches this deal \(currency USD, business_unit ""\)/,
    );
  });
});
