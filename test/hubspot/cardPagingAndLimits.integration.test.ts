import { ensureLedgerbridgeProperties } from '../../worker/connectors/hubspot/hubspotSchema';
import { companyCardSchema, dealCardSchema } from '../../worker/hubspotApp/contracts/cardData';
import { RecordLinks } from '../../worker/sync/recordLinks';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { CALLER, startHubspotApp, type HubspotAppHarness } from './appHarness';

/**
 * The cards' amounts carry their currency, the company card pages Xero's lists ("newest 25 of N"),
 * and HubSpot rate-limiting the worker answers 429 with Retry-After: never a 5xx, which HubSpot's
 * proxy would retry at once.
 */
describe('HubSpot card endpoints: currency, paging, rate limits', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 6262, contacts: 3, invoices: 40 });
    await ensureLedgerbridgeProperties(env.hs());
    app = await startHubspotApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  /** The Xero customer with the most invoices, linked to a new company. */
  async function linkedCompany() {
    const counts = new Map<string, number>();
    for (const i of env.xero.store.invoices.values())
      if (i.tenantId === env.tenantId && i.type === 'ACCREC' && i.status !== 'DELETED')
        counts.set(i.contactId, (counts.get(i.contactId) ?? 0) + 1);
    const [contactId, total] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const company = await env.hs().crm.companies.basicApi.create({
      properties: { name: 'Paged Ltd', xero_outstanding_balance: '10', xero_overdue_amount: '0' },
    });
    await new RecordLinks(env.store.db).upsert(
      { vendor: 'hubspot', account: String(CALLER.portalId) },
      env.tenantId,
      [{ crmObject: 'account', crmRecordId: company.id, xeroId: contactId }],
    );
    return { companyId: company.id, total };
  }

  it('company card: balances in the organisation’s base currency, and Xero’s count of its invoices', async () => {
    const { companyId, total } = await linkedCompany();
    const res = await app.call(`/hubspot/cards/companies/${companyId}`);
    expect(res.status).toBe(200);
    const card = companyCardSchema.parse(await res.json());
    const base = env.xero.store.tenants.get(env.tenantId)?.baseCurrency ?? 'USD';
    expect(card.balanceCurrency).toBe(base);
    expect(card.invoicesPage).toEqual({ page: 1, pageSize: 25, total });
    expect(card.invoices).toHaveLength(Math.min(25, total));

    const second = companyCardSchema.parse(
      await (await app.call(`/hubspot/cards/companies/${companyId}?invoicesPage=2&paymentsPage=1`)).json(),
    );
    expect(second.invoicesPage).toEqual({ page: 2, pageSize: 25, total });
    expect(second.invoices).toHaveLength(Math.max(0, Math.min(25, total - 25)));
    const firstIds = new Set(card.invoices.map((i) => i.xeroInvoiceId));
    expect(second.invoices.filter((i) => firstIds.has(i.xeroInvoiceId))).toEqual([]);

    const bad = await app.call(`/hubspot/cards/companies/${companyId}?invoicesPage=0`);
    expect(bad.status).toBe(400);
  });

  it('deal card: the deal’s own currency, else the portal’s company currency', async () => {
    const deals = env.hs().crm.deals.basicApi;
    const euro = await deals.create({ properties: { dealname: 'Euro deal', deal_currency_code: 'EUR' } });
    const plain = await deals.create({ properties: { dealname: 'Plain deal' } });
    const currencyOf = async (id: string) =>
      dealCardSchema.parse(await (await app.call(`/hubspot/cards/deals/${id}`)).json()).currency;
    expect(await currencyOf(euro.id)).toBe('EUR');
    // The emulator's account-info answers companyCurrency USD, as HubSpot does for a US portal.
    expect(await currencyOf(plain.id)).toBe('USD');
  });

  it('HubSpot answering 429 (twice: the card waits out one) is a 429 with Retry-After, not a 5xx', async () => {
    const deal = await env.hs().crm.deals.basicApi.create({ properties: { dealname: 'Busy deal' } });
    env.hubspot.faults.add({
      kind: 'rate_limit',
      retryAfterSeconds: 1,
      count: 2,
      pathPrefix: `/crm/v3/objects/deals/${deal.id}`,
    });
    const res = await app.call(`/hubspot/cards/deals/${deal.id}`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ error: 'busy' });
    // Negative control: once HubSpot stops refusing, the same request is answered.
    const again = await app.call(`/hubspot/cards/deals/${deal.id}`);
    expect(again.status).toBe(200);
  });
});
