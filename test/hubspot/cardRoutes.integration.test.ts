import { Client as HubspotClient } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { extensionRequest } from '../../sandbox/hubspot';
import { referenceWithoutIntent } from '../../workflows/domain/invoiceIntent';
import { ensureLedgerbridgeProperties } from '../../worker/connectors/hubspot/hubspotSchema';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import { companyCardSchema, dealCardSchema } from '../../worker/hubspotApp/contracts/cardData';
import { RecordLinks } from '../../worker/sync/recordLinks';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { APP_SECRET, CALLER, startHubspotApp, type HubspotAppHarness } from './appHarness';

const OTHER_PORTAL = 707070;
const OTHER_TOKEN = 'pat-na1-another-portal';

/**
 * The record cards' endpoints through the real ingress: HubSpot's signed `hubspot.fetch` requests
 * (as HubSpot's proxy sends them), the HubSpot and Xero sandboxes behind the real SDKs, and the
 * re-sync button handing the deal to its real workflow on the Temporal dev server.
 */
describe('HubSpot card endpoints', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 9393, contacts: 6, invoices: 30 });
    await ensureLedgerbridgeProperties(env.hs());
    env.hubspot.registerStaticToken(OTHER_PORTAL, OTHER_TOKEN, HUBSPOT_SCOPES);
    app = await startHubspotApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const round2 = (n: number) => Math.round(n * 100) / 100;
  const xeroInvoicesOf = (contactId: string) =>
    [...env.xero.store.invoices.values()].filter(
      (i) =>
        i.tenantId === env.tenantId &&
        i.contactId === contactId &&
        i.type === 'ACCREC' &&
        i.status !== 'DELETED',
    );
  /** A Xero customer with invoices and at least one payment. */
  function customerWithPayments() {
    const paid = [...env.xero.store.payments.values()].find(
      (p) => p.tenantId === env.tenantId && p.status === 'AUTHORISED',
    );
    const invoice = paid && env.xero.store.invoices.get(paid.invoiceId);
    if (!invoice) throw new Error('the seed has no paid invoice');
    return invoice.contactId;
  }
  /** Another Xero customer with invoices of its own. */
  function anotherCustomer(...than: string[]) {
    const other = [...env.xero.store.invoices.values()].find(
      (i) => i.tenantId === env.tenantId && i.type === 'ACCREC' && !than.includes(i.contactId),
    );
    if (!other) throw new Error('the seed has one customer only');
    return other.contactId;
  }
  /** The link the Xero-to-CRM sync makes when it links a company to a contact. */
  const linkCompany = (companyId: string, xeroContactId: string) =>
    new RecordLinks(env.store.db).upsert(
      { vendor: 'hubspot', account: String(CALLER.portalId) },
      env.tenantId,
      [{ crmObject: 'account', crmRecordId: companyId, xeroId: xeroContactId }],
    );
  /** Xero requests for invoices or payments made by `during`. */
  async function ledgerReadsDuring(during: () => Promise<unknown>) {
    const last = env.servers.xero.requests().at(-1);
    const count = env.servers.xero.requests().length;
    await during();
    // The log is newest last; compare past the last entry seen.
    const after = env.servers.xero.requests();
    const since = last ? after.lastIndexOf(last) + 1 : after.length - count;
    return after.slice(since).filter((r) => /Invoices|Payments/.test(r.path));
  }

  it('company card: balances as synced, invoices and payments exactly as Xero has them, with links into Xero', async () => {
    const contactId = customerWithPayments();
    const company = await env.hs().crm.companies.basicApi.create({
      properties: {
        name: 'Adatum Corporation',
        xero_contact_id: contactId,
        xero_outstanding_balance: '1234.5',
        xero_overdue_amount: '200',
      },
    });
    await linkCompany(company.id, contactId);

    const res = await app.call(`/hubspot/cards/companies/${company.id}`);
    expect(res.status).toBe(200);
    const card = companyCardSchema.parse(await res.json());
    expect(card).toMatchObject({
      companyName: 'Adatum Corporation',
      xeroContactId: contactId,
      outstandingBalance: 1234.5,
      overdueAmount: 200,
      xero: 'ok',
      problems: [],
    });
    const expected = xeroInvoicesOf(contactId).sort((a, b) => b.date.localeCompare(a.date));
    expect(card.invoices.map((i) => i.number).sort()).toEqual(expected.map((i) => i.number).sort());
    for (const shown of card.invoices) {
      const truth = expected.find((i) => i.id === shown.xeroInvoiceId)!;
      expect(shown).toMatchObject({
        number: truth.number,
        status: truth.status,
        dueDate: truth.dueDate ?? null,
        amountDue: {
          amount: round2(truth.total - truth.amountPaid - truth.amountCredited),
          currency: truth.currency,
        },
        total: { amount: truth.total, currency: truth.currency },
      });
      const link = new URL(shown.xeroUrl);
      expect(link.origin).toBe('https://go.xero.com');
      expect(link.searchParams.get('redirecturl')).toBe(
        `/AccountsReceivable/View.aspx?InvoiceID=${truth.id}`,
      );
      expect(link.searchParams.get('shortcode')).toBe(`!${env.tenantId.slice(0, 5)}`);
    }
    const paymentsTruth = [...env.xero.store.payments.values()].filter(
      (p) => p.status === 'AUTHORISED' && expected.some((i) => i.id === p.invoiceId),
    );
    expect(card.payments.map((p) => p.xeroPaymentId).sort()).toEqual(paymentsTruth.map((p) => p.id).sort());
    for (const shown of card.payments) {
      const truth = paymentsTruth.find((p) => p.id === shown.xeroPaymentId)!;
      const invoice = env.xero.store.invoices.get(truth.invoiceId)!;
      expect(shown).toMatchObject({
        date: truth.date,
        amount: { amount: truth.amount, currency: invoice.currency },
        invoiceNumber: invoice.number,
      });
    }
  });

  it('company card: a Xero contact ID that is not a GUID never reaches Xero', async () => {
    const company = await env.hs().crm.companies.basicApi.create({
      properties: {
        name: 'Injected Ltd',
        xero_contact_id: '00000000-0000-0000-0000-000000000000") OR (1==1',
      },
    });
    let res: Response | undefined;
    const reads = await ledgerReadsDuring(async () => {
      res = await app.call(`/hubspot/cards/companies/${company.id}`);
    });
    expect(res?.status).toBe(200);
    const card = companyCardSchema.parse(await res?.json());
    expect(card).toMatchObject({ xero: 'not_linked', invoices: [], payments: [] });
    expect(card.problems.join(' ')).toMatch(/not a Xero ID/);
    expect(reads).toEqual([]);
  });

  it('company card: a xero_contact_id edited to another contact shows only the linked contact’s ledger', async () => {
    const own = customerWithPayments();
    const other = anotherCustomer(own);
    const company = await env.hs().crm.companies.basicApi.create({ properties: { name: 'Edited Ltd' } });
    await linkCompany(company.id, own);
    // A HubSpot user points the company at another customer of the same Xero organisation.
    await env.hs().crm.companies.basicApi.update(company.id, { properties: { xero_contact_id: other } });

    let res: Response | undefined;
    const reads = await ledgerReadsDuring(async () => {
      res = await app.call(`/hubspot/cards/companies/${company.id}`);
    });
    expect(res?.status).toBe(200);
    const card = companyCardSchema.parse(await res?.json());
    expect(card).toMatchObject({ xero: 'ok', xeroContactId: own });
    expect(card.problems.join(' ')).toMatch(/not the contact Ledgerbridge linked it to/);
    const shown = new Set(card.invoices.map((i) => i.xeroInvoiceId));
    expect(shown).toEqual(new Set(xeroInvoicesOf(own).map((i) => i.id)));
    for (const invoice of xeroInvoicesOf(other)) expect(shown.has(invoice.id)).toBe(false);
    // Xero was asked about the linked contact only.
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.map((r) => r.path + r.query).join(' ')).not.toContain(other);
  });

  it('company card: a GUID on a company Ledgerbridge never linked is not trusted: not linked, Xero not asked', async () => {
    const own = customerWithPayments();
    const claimed = anotherCustomer(own, anotherCustomer(own));
    const company = await env.hs().crm.companies.basicApi.create({
      properties: { name: 'Claimed Ltd', xero_contact_id: claimed },
    });
    let res: Response | undefined;
    const reads = await ledgerReadsDuring(async () => {
      res = await app.call(`/hubspot/cards/companies/${company.id}`);
    });
    expect(companyCardSchema.parse(await res?.json())).toMatchObject({
      xero: 'not_linked',
      xeroContactId: null,
      invoices: [],
      payments: [],
    });
    expect(reads).toEqual([]);
  });

  it('company card: a company not linked to Xero yet answers with HubSpot’s side only', async () => {
    const company = await env.hs().crm.companies.basicApi.create({ properties: { name: 'Unlinked Ltd' } });
    const res = await app.call(`/hubspot/cards/companies/${company.id}`);
    expect(res.status).toBe(200);
    expect(companyCardSchema.parse(await res.json())).toMatchObject({
      xero: 'not_linked',
      xeroContactId: null,
      outstandingBalance: null,
      invoices: [],
      payments: [],
      lastSync: null,
    });
  });

  it('deal card: the Xero fields, the validation problems one by one and the failed-payment counter', async () => {
    const deal = await env.hs().crm.deals.basicApi.create({
      properties: {
        dealname: 'Contoso renewal',
        dealstage: 'closedwon',
        deal_currency_code: 'CAD',
        ledgerbridge_sync_problem:
          'Currency CAD is not enabled in the Xero organisation. Line 1: tax code GST has no Xero tax rate in the settings.',
        ledgerbridge_payment_retry_count: '2',
      },
    });
    const res = await app.call(`/hubspot/cards/deals/${deal.id}`);
    expect(res.status).toBe(200);
    expect(dealCardSchema.parse(await res.json())).toEqual({
      dealId: deal.id,
      dealName: 'Contoso renewal',
      isWon: true,
      invoice: null,
      currency: 'CAD',
      problems: [
        'Currency CAD is not enabled in the Xero organisation.',
        'Line 1: tax code GST has no Xero tax rate in the settings.',
      ],
      paymentRetryCount: 2,
      lastSync: null,
    });
  });

  it('re-sync button: the deal’s own workflow runs and the invoice appears in Xero and on the card', async () => {
    const name = 'Fabrikam resync deal';
    const hs = env.hs();
    const company = await hs.crm.companies.basicApi.create({ properties: { name: 'Fabrikam Inc' } });
    const deal = await hs.crm.deals.basicApi.create({
      properties: {
        dealname: name,
        dealstage: 'closedwon',
        amount: '750',
        deal_currency_code: 'USD',
        closedate: '2026-11-20T00:00:00.000Z',
      },
      associations: [
        {
          to: { id: company.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 5,
            },
          ],
        },
      ],
    });
    const invoicesForDeal = () =>
      [...env.xero.store.invoices.values()].filter(
        (i) => i.tenantId === env.tenantId && referenceWithoutIntent(i.reference ?? '') === name,
      );
    expect(invoicesForDeal()).toHaveLength(0);

    const res = await app.call(`/hubspot/cards/deals/${deal.id}/resync`, { method: 'POST', body: {} });
    expect(res.status).toBe(202);
    const answer = (await res.json()) as { workflowId: string };
    expect(answer.workflowId).toBe(`crm-deal:hubspot:${CALLER.portalId}:${deal.id}`);

    const deadline = Date.now() + 30_000;
    let card = dealCardSchema.parse(await (await app.call(`/hubspot/cards/deals/${deal.id}`)).json());
    while (!card.invoice?.number && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      card = dealCardSchema.parse(await (await app.call(`/hubspot/cards/deals/${deal.id}`)).json());
    }
    const [invoice] = invoicesForDeal();
    expect(invoicesForDeal()).toHaveLength(1);
    expect(invoice).toMatchObject({ status: 'AUTHORISED', subTotal: 750, currency: 'USD' });
    expect(card.invoice).toMatchObject({ xeroInvoiceId: invoice!.id, number: invoice!.number });
    expect(card.lastSync).not.toBeNull();
    const audit = await env.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'deal_resync_requested')
      .execute();
    expect(audit.map((a) => a.actor)).toContain(`hubspot-user:${CALLER.portalId}:${CALLER.userId}`);
  }, 60_000);

  describe('refusals', () => {
    let companyId: string;
    beforeAll(async () => {
      companyId = (await env.hs().crm.companies.basicApi.create({ properties: { name: 'Guarded Ltd' } })).id;
    });

    it('a request not signed with the app secret: 401', async () => {
      const res = await app.call(`/hubspot/cards/companies/${companyId}`, { secret: 'someone-elses-secret' });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'invalid_signature' });
    });

    it('a tampered body or URL: 401, and no workflow is started', async () => {
      const signed = extensionRequest({
        url: `${app.ingress.url}/hubspot/settings`,
        method: 'PUT',
        body: { expectedVersion: 0, settings: { paymentTermsDays: 30 } },
        caller: CALLER,
        clientSecret: APP_SECRET,
        timestamp: app.clock.now,
      });
      const tamperedBody = await fetch(signed.url, {
        ...signed.init,
        body: JSON.stringify({ expectedVersion: 0, settings: { paymentTermsDays: 0 } }),
      });
      expect(tamperedBody.status).toBe(401);
      // Claiming another portal on a URL HubSpot signed for this one.
      const retargeted = signed.url.replace(`portalId=${CALLER.portalId}`, `portalId=${OTHER_PORTAL}`);
      expect((await fetch(retargeted, signed.init)).status).toBe(401);
      const portal = await env.connections.find('hubspot', String(CALLER.portalId));
      expect(await app.deps.settings.current(portal!.installationId)).toBeUndefined();
    });

    it('a request older than five minutes (a replay): 401; within the window: 200', async () => {
      const sixMinutesAgo = app.clock.now - 6 * 60_000;
      expect(
        (await app.call(`/hubspot/cards/companies/${companyId}`, { timestamp: sixMinutesAgo })).status,
      ).toBe(401);
      const fourMinutesAgo = app.clock.now - 4 * 60_000;
      expect(
        (await app.call(`/hubspot/cards/companies/${companyId}`, { timestamp: fourMinutesAgo })).status,
      ).toBe(200);
    });

    it('a portal that is not connected: 403', async () => {
      const res = await app.call(`/hubspot/cards/companies/${companyId}`, {
        caller: { portalId: OTHER_PORTAL },
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: 'portal_not_connected' });
    });

    it('a record of another portal: 404, and nothing of it in the answer', async () => {
      const other = new HubspotClient({ accessToken: OTHER_TOKEN, basePath: env.servers.hubspot.url });
      const foreign = await other.crm.companies.basicApi.create({
        properties: { name: 'Another Portal Secret Co' },
      });
      const foreignDeal = await other.crm.deals.basicApi.create({ properties: { dealname: 'Their deal' } });
      for (const path of [
        `/hubspot/cards/companies/${foreign.id}`,
        `/hubspot/cards/deals/${foreignDeal.id}`,
      ]) {
        const res = await app.call(path);
        const text = await res.text();
        expect(res.status).toBe(404);
        expect(text).not.toContain('Another Portal Secret Co');
      }
      const resync = await app.call(`/hubspot/cards/deals/${foreignDeal.id}/resync`, {
        method: 'POST',
        body: {},
      });
      expect(resync.status).toBe(404);
    });

    it('the same portal parameter twice (one smuggled by a caller): 400', async () => {
      const res = await app.call(`/hubspot/cards/companies/${companyId}?portalId=${OTHER_PORTAL}`);
      expect(res.status).toBe(400);
    });
  });
});
