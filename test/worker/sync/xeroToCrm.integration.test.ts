import { CreditNote, XeroClient } from 'xero-node';
import { xeroRecordSyncWorkflow } from '../../../workflows';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordChangedSignal, xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import type { XeroEmulator } from '../../../sandbox/xero';
import type { InvoiceRecord } from '../../../sandbox/xero/model';
import type { ConnectionStore } from '../../../worker/connections/connectionStore';
import type { Store } from '../../../worker/store/store';
import { RecordLinks } from '../../../worker/sync/recordLinks';
import { ReviewQueue } from '../../../worker/sync/reviewQueue';
import type { XeroEventDispatch } from '../../../worker/webhooks/xeroEventDispatcher';
import { equals } from '../../../worker/connectors/zoho/zohoCriteria';
import { reviewDeskFrom } from '../../../worker/reviews/reviewDeskFrom';
import { historyText } from '../../support/history';
import { syncActivityDeps } from '../../support/syncDeps';
import type { TestTemporal } from '../../support/temporal';
import {
  HS_TOKEN,
  KEYRING,
  SF_APP,
  startThreeSandboxes,
  type ThreeSandboxes,
} from '../../support/threeSandboxes';

/**
 * The Xero-to-CRM flow end to end: a Xero change is handed to its record's workflow on the real
 * Temporal dev server, which fetches it through xero-node and writes Salesforce (jsforce) and
 * HubSpot (@hubspot/api-client), all against the sandbox; assertions read the CRMs back through
 * the same SDKs.
 */
describe('Xero invoices become CRM deals', () => {
  let env: ThreeSandboxes;
  let xero: XeroEmulator;
  let xeroUrl: string;
  let store: Store;
  let temporal: TestTemporal;
  let dispatch: XeroEventDispatch;
  let tenantId: string;
  let connections: ConnectionStore;
  let sfAccess: { instanceUrl: string; accessToken: string };

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 6021, contacts: 6, invoices: 40 }, { zoho: true });
    ({ xero, store, temporal, dispatch, tenantId, connections, sfAccess } = env);
    xeroUrl = env.servers.xero.url;
  });
  afterAll(() => env.close());

  const sf = () => env.sf();
  const hs = () => env.hs();
  const zoho = () => env.zoho!.client();
  const invoices = () => [...xero.store.invoices.values()].filter((i) => i.tenantId === tenantId);
  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${xeroUrl}/__sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };

  /** Hands the invoice to its workflow (as a webhook would) and waits until it has synced once more. */
  async function sync(invoiceId: string, copies = 1): Promise<void> {
    const handle = temporal.client.workflow.getHandle(xeroRecordWorkflowId(tenantId, 'INVOICE', invoiceId));
    const before = await handle.query(xeroRecordStateQuery).then(
      (s) => s.syncs,
      () => 0,
    );
    const change = {
      eventType: 'UPDATE' as const,
      eventDateUtc: new Date().toISOString(),
      source: 'webhook' as const,
    };
    await Promise.all(
      Array.from({ length: copies }, () =>
        dispatch([{ tenantId, category: 'INVOICE', resourceId: invoiceId, change }]),
      ),
    );
    for (let i = 0; i < 300; i++) {
      const state = await handle.query(xeroRecordStateQuery);
      if (state.lastError) throw new Error(`sync failed: ${state.lastError}`);
      if (state.syncs > before && state.step === 'waiting') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`invoice ${invoiceId} did not sync`);
  }

  async function opportunities(invoiceId: string) {
    const result = await sf().query<Record<string, unknown>>(
      `SELECT Id, Name, StageName, Amount, Xero_Invoice_Number__c, Xero_Invoice_Status__c, Xero_Amount_Due__c, Xero_Amount_Paid__c, AccountId FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoiceId}'`,
    );
    return result.records;
  }
  async function deals(invoiceId: string) {
    const page = await hs().crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'xero_invoice_id', operator: 'EQ' as never, value: invoiceId }] },
      ],
      properties: [
        'dealname',
        'dealstage',
        'amount',
        'xero_invoice_number',
        'xero_invoice_status',
        'xero_amount_due',
        'xero_amount_paid',
        'xero_payment_status',
      ],
      limit: 10,
    });
    return page.results;
  }

  /** The Zoho deals holding the invoice's ID (read back through the typed v8 client, as the worker writes). */
  async function zohoDeals(invoiceId: string) {
    const page = await zoho().search('Deals', equals('Xero_Invoice_ID', invoiceId), {
      fields: [
        'Deal_Name',
        'Stage',
        'Amount',
        'Account_Name',
        'Xero_Invoice_Number',
        'Xero_Invoice_Status',
        'Xero_Amount_Due',
        'Xero_Amount_Paid',
      ],
    });
    return page.records;
  }
  async function zohoAccount(xeroContactId: string) {
    const page = await zoho().search('Accounts', equals('Xero_Contact_ID', xeroContactId), {
      fields: ['Account_Name', 'Xero_Outstanding_Balance'],
    });
    return page.records[0];
  }

  /** An unpaid authorised sales invoice; `freshContact`: of a contact no earlier test has synced. */
  const syncedContacts = new Set<string>();
  const usedInvoices = new Set<string>();
  function openInvoice(options: { freshContact?: boolean } = {}): InvoiceRecord {
    const found = invoices().find(
      (i) =>
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        i.paymentIds.length === 0 &&
        !usedInvoices.has(i.id) &&
        !(options.freshContact && syncedContacts.has(i.contactId)),
    );
    if (!found) throw new Error('no open invoice in the seed');
    syncedContacts.add(found.contactId);
    usedInvoices.add(found.id);
    return found;
  }

  it('creates the deal in all three CRMs, then follows part-payment and full payment', async () => {
    const invoice = openInvoice();
    await sync(invoice.id);
    const [opp] = await opportunities(invoice.id);
    expect(opp).toMatchObject({
      StageName: 'Closed Won',
      Xero_Invoice_Number__c: invoice.number,
      Xero_Invoice_Status__c: 'AUTHORISED',
      Xero_Amount_Paid__c: 0,
    });
    expect(opp?.Amount).toBeCloseTo(invoice.total, 2);
    expect(opp?.AccountId).toEqual(expect.any(String));
    const [deal] = await deals(invoice.id);
    expect(deal?.properties).toMatchObject({
      dealstage: 'closedwon',
      xero_invoice_number: invoice.number,
      xero_invoice_status: 'AUTHORISED',
      xero_payment_status: 'Unpaid',
    });
    expect(Number(deal?.properties.amount)).toBeCloseTo(invoice.total, 2);
    const [zohoDeal] = await zohoDeals(invoice.id);
    expect(zohoDeal).toMatchObject({
      Stage: 'Closed Won',
      Xero_Invoice_Number: invoice.number,
      Xero_Invoice_Status: 'AUTHORISED',
      Xero_Amount_Paid: 0,
      Account_Name: expect.objectContaining({ id: expect.any(String) }),
    });
    expect(zohoDeal?.Amount).toBeCloseTo(invoice.total, 2);

    const part = Math.round(invoice.total * 40) / 100;
    await control(`/invoices/${invoice.id}/pay`, { amount: part });
    await sync(invoice.id);
    expect((await opportunities(invoice.id))[0]?.Xero_Amount_Paid__c).toBeCloseTo(part, 2);
    expect((await deals(invoice.id))[0]?.properties.xero_payment_status).toBe('Partially Paid');
    expect((await zohoDeals(invoice.id))[0]?.Xero_Amount_Paid).toBeCloseTo(part, 2);

    // The account's outstanding balance follows the payment (Xero's balance for the contact).
    const account = await sf().query<{ Xero_Outstanding_Balance__c: number }>(
      `SELECT Xero_Outstanding_Balance__c FROM Account WHERE Id = '${String(opp?.AccountId)}'`,
    );
    const contact = xero.store.contacts.get(invoice.contactId)!;
    const owed = [...xero.store.invoices.values()]
      .filter((i) => i.contactId === contact.id && i.type === 'ACCREC' && i.status === 'AUTHORISED')
      .reduce((sum, i) => sum + (i.total - i.amountPaid - i.amountCredited) / (i.currencyRate || 1), 0);
    expect(account.records[0]?.Xero_Outstanding_Balance__c).toBeCloseTo(owed, 1);
    const company = await hs().crm.companies.basicApi.getById(
      contact.id,
      ['xero_outstanding_balance'],
      undefined,
      undefined,
      false,
      'xero_contact_id',
    );
    expect(Number(company.properties.xero_outstanding_balance)).toBeCloseTo(owed, 1);
    expect((await zohoAccount(contact.id))?.Xero_Outstanding_Balance).toBeCloseTo(owed, 1);

    await control(`/invoices/${invoice.id}/pay`, {});
    await sync(invoice.id);
    expect((await opportunities(invoice.id))[0]).toMatchObject({
      Xero_Invoice_Status__c: 'PAID',
      Xero_Amount_Due__c: 0,
    });
    expect((await deals(invoice.id))[0]?.properties).toMatchObject({
      xero_invoice_status: 'PAID',
      xero_payment_status: 'Paid',
    });
    expect((await zohoDeals(invoice.id))[0]).toMatchObject({
      Xero_Invoice_Status: 'PAID',
      Xero_Amount_Due: 0,
    });
    // Zoho's related list of Xero invoices on the account and the deal.
    const related = await zoho().search('Xero_Invoices', equals('Xero_Invoice_ID', invoice.id), {
      fields: ['Status', 'Amount_Due', 'Account', 'Deal'],
    });
    expect(related.records).toEqual([
      expect.objectContaining({
        Status: 'PAID',
        Amount_Due: 0,
        Deal: expect.objectContaining({ id: zohoDeal?.id }),
        Account: expect.objectContaining({ id: (zohoDeal?.Account_Name as { id: string }).id }),
      }),
    ]);

    // The org's remaining daily API allowance (Sforce-Limit-Info) is kept for `npm run connections`.
    const budget = await store.db
      .selectFrom('api_budget')
      .selectAll()
      .where('pace_key', 'like', 'salesforce:%')
      .executeTakeFirst();
    expect(budget?.daily_remaining).toBeGreaterThan(0);

    // The Salesforce package's accounting record follows too.
    const records = await sf().query<{ Status__c: string; Amount_Due__c: number }>(
      `SELECT Status__c, Amount_Due__c FROM Xero_Invoice__c WHERE Xero_Invoice_ID__c = '${invoice.id}'`,
    );
    expect(records.records).toEqual([expect.objectContaining({ Status__c: 'PAID', Amount_Due__c: 0 })]);
  });

  it('records the links it made in each CRM (account to contact, deal to invoice), per CRM connection', async () => {
    const invoice = openInvoice();
    await sync(invoice.id);
    const [opp] = await opportunities(invoice.id);
    const [deal] = await deals(invoice.id);
    const company = await hs().crm.companies.basicApi.getById(
      invoice.contactId,
      ['name'],
      undefined,
      undefined,
      false,
      'xero_contact_id',
    );
    const [zohoDeal] = await zohoDeals(invoice.id);
    const written = {
      salesforce: { account: String(opp?.AccountId), deal: String(opp?.Id) },
      hubspot: { account: company.id, deal: String(deal?.id) },
      zoho: {
        account: String((zohoDeal?.Account_Name as { id?: string } | undefined)?.id),
        deal: String(zohoDeal?.id),
      },
    };
    const links = new RecordLinks(store.db);
    for (const vendor of ['salesforce', 'hubspot', 'zoho'] as const) {
      const crm = (await connections.list()).find((c) => c.vendor === vendor)!;
      const scope = { installationId: crm.installationId, crmConnectionId: crm.id, xeroTenantId: tenantId };
      expect(await links.findByXeroId(scope, 'contact', invoice.contactId)).toMatchObject({
        crmObject: 'account',
        crmRecordId: written[vendor].account,
      });
      expect(await links.findByCrmRecord(scope, 'deal', written[vendor].deal)).toMatchObject({
        xeroKind: 'invoice',
        xeroId: invoice.id,
      });
    }
  });

  it('moves a voided invoice to Closed Lost', async () => {
    const invoice = openInvoice();
    await sync(invoice.id);
    await control(`/invoices/${invoice.id}/edit`, { Status: 'VOIDED' });
    await sync(invoice.id);
    expect((await opportunities(invoice.id))[0]).toMatchObject({
      StageName: 'Closed Lost',
      Xero_Invoice_Status__c: 'VOIDED',
    });
    expect((await deals(invoice.id))[0]?.properties).toMatchObject({
      dealstage: 'closedlost',
      xero_invoice_status: 'VOIDED',
    });
    expect((await zohoDeals(invoice.id))[0]).toMatchObject({
      Stage: 'Closed Lost',
      Xero_Invoice_Status: 'VOIDED',
    });
  });

  it('duplicate and replayed events leave exactly one record per CRM, unchanged by the replay', async () => {
    const invoice = openInvoice();
    await sync(invoice.id, 5);
    await sync(invoice.id, 3);
    expect(await opportunities(invoice.id)).toHaveLength(1);
    expect(await deals(invoice.id)).toHaveLength(1);
    expect(await zohoDeals(invoice.id)).toHaveLength(1);
    // The replay found nothing to change: its audit rows say so.
    const rows = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('workflow_id', '=', xeroRecordWorkflowId(tenantId, 'INVOICE', invoice.id))
      .where('action', '=', 'upsert_deal')
      .orderBy('occurred_at')
      .execute();
    // One row per CRM for each of the two rounds' last sync: the replay's.
    const last = rows.slice(-3);
    expect(
      last.every((r) => r.outcome === 'succeeded' && Object.keys(r.detail.changes as object).length === 0),
    ).toBe(true);
  });

  it('queues an ambiguous contact for review instead of guessing, and still records the deal', async () => {
    const invoice = openInvoice({ freshContact: true });
    const contact = xero.store.contacts.get(invoice.contactId)!;
    // Two unlinked accounts with the contact's name: the name rule finds both.
    await sf()
      .sobject('Account')
      .create([{ Name: contact.name }, { Name: `${contact.name} Ltd` }]);
    await sync(invoice.id);
    const queued = await new ReviewQueue(store.db).open();
    expect(queued.map((r) => r.xero_contact_id)).toContain(contact.id);
    const sfConnection = (await connections.list()).find((c) => c.vendor === 'salesforce');
    const review = queued.find(
      (r) => r.xero_contact_id === contact.id && r.crm_connection_id === sfConnection?.id,
    );
    expect(review).toMatchObject({ reason: 'ambiguous', rule: 'name' });
    expect(review?.candidates).toHaveLength(2);
    // The opportunity is still written, without an account until a human links one.
    expect((await opportunities(invoice.id))[0]).toMatchObject({ AccountId: null });
  });

  it('in Zoho too: an ambiguous contact goes to review, the deal is written without an account; a person links it and the deal follows', async () => {
    const invoice = openInvoice({ freshContact: true });
    const contact = xero.store.contacts.get(invoice.contactId)!;
    await zoho().createRecords('Accounts', [
      { Account_Name: contact.name },
      { Account_Name: `${contact.name} Ltd` },
    ]);
    await sync(invoice.id);
    const zohoConnection = (await connections.list()).find((c) => c.vendor === 'zoho');
    const review = (await new ReviewQueue(store.db).open()).find(
      (r) => r.xero_contact_id === contact.id && r.crm_connection_id === zohoConnection?.id,
    );
    expect(review).toMatchObject({ reason: 'ambiguous', rule: 'name' });
    expect(review?.candidates).toHaveLength(2);
    const [deal] = await zohoDeals(invoice.id);
    expect(deal).toMatchObject({ Xero_Invoice_Number: invoice.number });
    expect(deal?.Account_Name ?? null).toBeNull();

    // A person picks the account (the review desk, as `npm run ops -- resolve` uses it): the link is
    // written and the invoice waiting on it syncs again, now onto that account.
    const chosen = (review!.candidates as Array<{ crmId: string }>)[0]!.crmId;
    const deps = syncActivityDeps({
      store,
      keyring: KEYRING,
      urls: {
        xero: xeroUrl,
        salesforce: env.servers.salesforce.url,
        hubspot: env.servers.hubspot.url,
        zoho: env.zoho!.server.url,
      },
      dispatch,
    });
    const desk = reviewDeskFrom({
      db: store.db,
      crmTargets: deps.crmTargets,
      links: new RecordLinks(store.db),
      audit: deps.audit,
      dispatchXero: dispatch,
    });
    const answer = await desk.decide(
      { installationId: zohoConnection!.installationId },
      { reviewId: review!.id, decision: 'link', crmId: chosen },
      'test@ledgerbridge',
    );
    expect(answer).toMatchObject({ status: 200, body: { outcome: 'linked' } });
    expect((await zoho().getRecord('Accounts', chosen, ['Xero_Contact_ID']))?.Xero_Contact_ID).toBe(
      contact.id,
    );
    for (let i = 0; i < 200; i++) {
      const [now] = await zohoDeals(invoice.id);
      if ((now?.Account_Name as { id?: string } | null | undefined)?.id === chosen) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the Zoho deal never reached the chosen account');
  });

  it('a CRM that needs re-authorisation pauses its sync (the other CRM goes ahead), which resumes by itself after the reconnect', async () => {
    const invoice = openInvoice();
    const hubspotConnection = (await connections.list()).find((c) => c.vendor === 'hubspot')!;
    await connections.setStatus(hubspotConnection.id, 'needs_reauth', 'test: token revoked');
    const workflowId = xeroRecordWorkflowId(tenantId, 'INVOICE', invoice.id);
    const handle = await temporal.client.workflow.signalWithStart(xeroRecordSyncWorkflow, {
      taskQueue: temporal.taskQueue,
      workflowId,
      args: [{ tenantId, category: 'INVOICE', resourceId: invoice.id, reauthPollMs: 200 }],
      signal: xeroRecordChangedSignal,
      signalArgs: [{ eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' }],
    });
    for (let i = 0; i < 200 && (await handle.query(xeroRecordStateQuery)).step !== 'paused_needs_reauth'; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await handle.query(xeroRecordStateQuery)).toMatchObject({ step: 'paused_needs_reauth' });
    expect(await deals(invoice.id)).toHaveLength(0);
    expect(await opportunities(invoice.id)).toHaveLength(1);

    await connections.setStatus(hubspotConnection.id, 'active');
    // Watch the workflow, not HubSpot: its search API allows 5 calls a second.
    for (let i = 0; i < 200 && (await handle.query(xeroRecordStateQuery)).syncs === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await handle.query(xeroRecordStateQuery)).toMatchObject({
      step: 'waiting',
      syncs: 1,
      lastError: null,
    });
    expect((await deals(invoice.id))[0]?.properties).toMatchObject({ xero_invoice_number: invoice.number });
    expect(await opportunities(invoice.id)).toHaveLength(1);
  });

  it('a credit note allocated in Xero re-syncs its invoice: amount due drops in both CRMs', async () => {
    const invoice = openInvoice();
    const xeroConnection = (await connections.list()).find((c) => c.vendor === 'xero')!;
    const { tokens } = await connections.readTokens(xeroConnection.id);
    const api = new XeroClient();
    api.accountingApi.basePath = `${xeroUrl}/api.xro/2.0`;
    api.setTokenSet({ access_token: tokens.accessToken, token_type: 'Bearer' });
    const credit = 10;
    const created = await api.accountingApi.createCreditNotes(tenantId, {
      creditNotes: [
        {
          type: CreditNote.TypeEnum.ACCRECCREDIT,
          contact: { contactID: invoice.contactId },
          lineItems: [
            {
              description: 'Goodwill credit',
              quantity: 1,
              unitAmount: credit,
              accountCode: '200',
              taxType: 'NONE',
            },
          ],
          status: CreditNote.StatusEnum.AUTHORISED,
        },
      ],
    });
    const creditNoteId = created.body.creditNotes![0]!.creditNoteID!;
    await api.accountingApi.createCreditNoteAllocation(tenantId, creditNoteId, {
      allocations: [{ invoice: { invoiceID: invoice.id }, amount: credit, date: '2026-11-20' }],
    });

    // Xero's CREDITNOTE event names the credit note only; its workflow hands the invoice on.
    const change = {
      eventType: 'UPDATE' as const,
      eventDateUtc: new Date().toISOString(),
      source: 'webhook' as const,
    };
    await dispatch([{ tenantId, category: 'CREDITNOTE', resourceId: creditNoteId, change }]);
    const invoiceWorkflow = temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(tenantId, 'INVOICE', invoice.id),
    );
    for (let i = 0; i < 200; i++) {
      const state = await invoiceWorkflow.query(xeroRecordStateQuery).catch(() => undefined);
      if (state?.lastError) throw new Error(`sync failed: ${state.lastError}`);
      if (state && state.syncs > 0 && state.step === 'waiting') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const expectedDue = invoice.total - credit;
    expect((await opportunities(invoice.id))[0]?.Xero_Amount_Due__c).toBeCloseTo(expectedDue, 2);
    expect(Number((await deals(invoice.id))[0]?.properties.xero_amount_due)).toBeCloseTo(expectedDue, 2);
    expect((await zohoDeals(invoice.id))[0]?.Xero_Amount_Due).toBeCloseTo(expectedDue, 2);
    const resync = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'resync_invoices')
      .execute();
    expect(resync.map((r) => r.detail)).toContainEqual({ invoiceIds: [invoice.id] });
  });

  it("leaves no token in the sync workflows' histories or the audit trail", async () => {
    const secrets: string[] = [HS_TOKEN, sfAccess.accessToken, SF_APP.consumerSecret];
    for (const c of await connections.list()) {
      const { tokens } = await connections.readTokens(c.id);
      secrets.push(tokens.accessToken, ...(tokens.refreshToken ? [tokens.refreshToken] : []));
    }
    const texts = [JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute())];
    for (const invoiceId of usedInvoices)
      texts.push(
        await historyText(
          temporal.client.workflow.getHandle(xeroRecordWorkflowId(tenantId, 'INVOICE', invoiceId)),
        ),
      );
    expect(texts.join('\n')).toContain('upsert_deal');
    for (const secret of secrets) expect(texts.some((t) => t.includes(secret))).toBe(false);
  });
});
