import { planDealInvoice } from '../../../../workflows/domain/dealToInvoice';
import { mappingSettingsSchema } from '../../../../workflows/domain/mappingSettings';
import { ZohoDeals } from '../../../../worker/connectors/zoho/zohoDeals';
import { anInvoice } from '../../../factories/canonical';
import {
  countRecordWrites,
  startZohoClientHarness,
  type ConnectedOrg,
  type ZohoClientHarness,
} from './zohoClientHarness';

describe('ZohoDeals against the Zoho emulator', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let deals: ZohoDeals;
  let writes: () => number;
  let readies: number;
  beforeEach(async () => {
    h = await startZohoClientHarness();
    org = await h.connectOrg('eu');
    const { client } = org;
    writes = countRecordWrites(client);
    readies = 0;
    deals = new ZohoDeals({
      connectionId: 'conn-zoho-1',
      client,
      ensureReady: () => Promise.resolve(void readies++),
      now: () => new Date(h.clock.now()),
    });
  });
  afterEach(async () => h.close());

  const seed = (module: string, values: Record<string, unknown>) =>
    String(h.emulator.seedRecord(org.orgId, module, values).id);
  const stored = (module: string, id: string) =>
    h.emulator.records(org.orgId, module).find((r) => r.id === id) ?? {};
  const tasks = () => h.emulator.records(org.orgId, 'Tasks');
  const userId = () => h.emulator.org(org.orgId).user.id;

  /** A won deal of Acme Ltd, with its contact; the Zoho ids of all three. */
  const wonDeal = (over: Record<string, unknown> = {}) => {
    const account = seed('Accounts', { Account_Name: 'Acme Ltd', Xero_Contact_ID: 'xero-contact-1' });
    const contact = seed('Contacts', {
      Last_Name: 'Okafor',
      Email: 'ap@acme.example',
      Account_Name: { id: account },
    });
    const deal = seed('Deals', {
      Deal_Name: 'Acme – 12 seats',
      Stage: 'Closed Won',
      Amount: 1150.5,
      Currency: 'EUR',
      Closing_Date: '2026-01-28',
      Account_Name: { id: account },
      Contact_Name: { id: contact },
      Discount_Approved: true,
      ...over,
    });
    return { account, contact, deal };
  };

  it('reads a won deal with its account, the contact’s e-mail, and its Amount as its one invoice line', async () => {
    const { account, deal } = wonDeal();
    const read = await deals.readDeal(deal);
    expect(read).toEqual({
      crm: 'zoho',
      dealId: deal,
      name: 'Acme – 12 seats',
      isWon: true,
      amount: 1150.5,
      currency: 'EUR',
      closeDate: '2026-01-28',
      version: stored('Deals', deal).Modified_Time,
      ownerId: userId(),
      xeroInvoiceId: null,
      discountApproved: true,
      syncProblem: null,
      lines: [],
      account: {
        crmId: account,
        name: 'Acme Ltd',
        xeroContactId: 'xero-contact-1',
        email: 'ap@acme.example',
      },
    });
    expect(readies).toBe(1);
    const plan = planDealInvoice(read!, mappingSettingsSchema.parse({}), {
      baseCurrency: 'EUR',
      currencies: ['EUR'],
    });
    expect(plan).toMatchObject({
      kind: 'create',
      draft: { lines: [{ description: 'Acme – 12 seats', quantity: 1, unitAmount: 1150.5 }] },
    });
  });

  it('reads a deal not won, without account, contact or currency, as such', async () => {
    const deal = seed('Deals', { Deal_Name: 'Bare', Stage: 'Negotiation/Review' });
    expect(await deals.readDeal(deal)).toMatchObject({
      isWon: false,
      amount: null,
      currency: null,
      closeDate: null,
      discountApproved: false,
      account: null,
    });
  });

  it('answers undefined for a deleted deal', async () => {
    const { deal } = wonDeal();
    const reply = await (await h.connect(org.orgId)).call('DELETE', `/crm/v8/Deals/${deal}`);
    expect(reply.status).toBe(200);
    expect(await deals.readDeal(deal)).toBeUndefined();
  });

  it('reads named deal fields as text, null when empty, lookups by id', async () => {
    const { account, deal } = wonDeal({ Amount: 99 });
    expect(await deals.readDealFields(deal, ['Stage', 'Amount', 'Account_Name', 'Xero_Invoice_ID'])).toEqual({
      Stage: 'Closed Won',
      Amount: '99',
      Account_Name: account,
      Xero_Invoice_ID: null,
    });
    await expect(deals.readDealFields(deal, ['Stage,Owner'])).rejects.toMatchObject({ kind: 'validation' });
  });

  it('records the invoice on the deal and clears its problem; a replay writes nothing', async () => {
    const { deal } = wonDeal({ Ledgerbridge_Sync_Problem: 'No close date.' });
    const invoice = anInvoice({ number: 'INV-0107', onlineUrl: 'https://in.xero.com/inv107' });
    const first = await deals.recordInvoice(deal, invoice);
    expect(first).toEqual({
      recordId: deal,
      created: false,
      changes: {
        Xero_Invoice_ID: { before: null, after: invoice.xeroInvoiceId },
        Xero_Invoice_Number: { before: null, after: 'INV-0107' },
        Xero_Invoice_Status: { before: null, after: 'AUTHORISED' },
        Xero_Online_Invoice_Url: { before: null, after: 'https://in.xero.com/inv107' },
        Ledgerbridge_Sync_Problem: { before: 'No close date.', after: null },
      },
    });
    expect(writes()).toBe(1);
    expect(stored('Deals', deal)).toMatchObject({
      Xero_Invoice_ID: invoice.xeroInvoiceId,
      Xero_Invoice_Number: 'INV-0107',
      Ledgerbridge_Sync_Problem: null,
    });
    expect(await deals.recordInvoice(deal, invoice)).toEqual({ recordId: deal, created: false, changes: {} });
    expect(writes()).toBe(1);
  });

  it('reports a problem once with one task for the owner; a new problem makes a second task', async () => {
    const { deal } = wonDeal();
    const first = await deals.reportProblem((await deals.readDeal(deal))!, 'The deal has no close date.');
    expect(first.taskId).toEqual(expect.any(String));
    expect(tasks()).toEqual([
      expect.objectContaining({
        id: first.taskId,
        Subject: 'Not invoiced in Xero: Acme – 12 seats',
        What_Id: { name: 'Acme – 12 seats', id: deal },
        $se_module: 'Deals',
        Owner: expect.objectContaining({ id: userId() }),
        Status: 'Not Started',
        Due_Date: '2026-01-31',
        Description: expect.stringMatching(
          /^The deal has no close date\.\n\nLedgerbridge problem key: \w{32}$/,
        ),
      }),
    ]);
    expect(stored('Deals', deal).Ledgerbridge_Sync_Problem).toBe('The deal has no close date.');
    // Read again, the problem is shown: nothing more.
    const again = await deals.reportProblem((await deals.readDeal(deal))!, 'The deal has no close date.');
    expect(again.taskId).toBeUndefined();
    // The field write failed after the task was made: the retry finds that task.
    const stale = { ...(await deals.readDeal(deal))!, syncProblem: null };
    expect((await deals.reportProblem(stale, 'The deal has no close date.')).taskId).toBe(first.taskId);
    expect(tasks()).toHaveLength(1);
    const second = await deals.reportProblem((await deals.readDeal(deal))!, 'Currency EUR is not enabled.');
    expect(second.taskId).not.toBe(first.taskId);
    expect(tasks()).toHaveLength(2);
    expect(stored('Deals', deal).Ledgerbridge_Sync_Problem).toBe('Currency EUR is not enabled.');
  });

  it('records payment failures, with one task at the threshold however often told', async () => {
    const { deal } = wonDeal();
    await deals.recordPaymentFailures(deal, 1, undefined);
    expect(stored('Deals', deal).Xero_Payment_Failures).toBe(1);
    expect(tasks()).toHaveLength(0);
    const task = { subject: 'INV-0107: 3 failed payments', body: 'Three payments were reversed.' };
    await deals.recordPaymentFailures(deal, 3, task);
    const before = writes();
    await deals.recordPaymentFailures(deal, 3, task);
    expect(writes()).toBe(before);
    expect(stored('Deals', deal).Xero_Payment_Failures).toBe(3);
    expect(tasks()).toEqual([
      expect.objectContaining({
        Subject: 'INV-0107: 3 failed payments',
        What_Id: expect.objectContaining({ id: deal }),
        Owner: expect.objectContaining({ id: userId() }),
      }),
    ]);
  });

  it('lists won deals without an invoice modified from a time on, oldest first, page by page', async () => {
    const since = new Date(h.clock.now());
    h.clock.advance(1_000);
    const older = wonDeal().deal;
    h.clock.advance(1_000);
    seed('Deals', { Deal_Name: 'Lost', Stage: 'Closed Lost' });
    seed('Deals', { Deal_Name: 'Invoiced', Stage: 'Closed Won', Xero_Invoice_ID: 'xero-invoice-9' });
    const middle = seed('Deals', { Deal_Name: 'Middle', Stage: 'Closed Won' });
    h.clock.advance(1_000);
    const newer = seed('Deals', { Deal_Name: 'Newer', Stage: 'Closed Won' });
    // The oldest is changed last: it moves to the end.
    h.clock.advance(1_000);
    await deals.recordPaymentFailures(older, 1, undefined);

    const first = await deals.wonDealsSince(since, 2);
    expect(first.map((d) => d.dealId)).toEqual([middle, newer]);
    const cursor = first[1]!.modifiedAt;
    expect(cursor.toISOString()).toBe(
      String(stored('Deals', newer).Modified_Time).replace('+00:00', '.000Z'),
    );
    // From the cursor's own second on (Zoho's times are to the second): the last one again, then the oldest.
    expect((await deals.wonDealsSince(cursor, 2)).map((d) => d.dealId)).toEqual([newer, older]);
  });

  it('ends a full page before a second it would cut, so the next page starts with that second', async () => {
    const since = new Date(h.clock.now());
    h.clock.advance(1_000);
    const first = seed('Deals', { Deal_Name: 'First', Stage: 'Closed Won' });
    // Lands just past a second's start, so the next two share it.
    h.clock.advance(2_000 - (h.clock.now() % 1_000) + 1);
    const second = seed('Deals', { Deal_Name: 'Second', Stage: 'Closed Won' });
    const third = seed('Deals', { Deal_Name: 'Third', Stage: 'Closed Won' });

    const page = await deals.wonDealsSince(since, 2);
    expect(page.map((d) => d.dealId)).toEqual([first]);
    // From that second on, only the cursor's own deal would come before the cut: the page goes whole.
    const next = await deals.wonDealsSince(page[0]!.modifiedAt, 2);
    expect(next.map((d) => d.dealId)).toEqual([first, second]);
    const last = await deals.wonDealsSince(next[1]!.modifiedAt, 2);
    expect(last.map((d) => d.dealId).sort()).toEqual([second, third].sort());
  });

  it('links the account to its Xero contact; a replay writes nothing', async () => {
    const account = seed('Accounts', { Account_Name: 'Bluefin Pty' });
    await deals.linkAccount(account, 'xero-contact-77');
    expect(stored('Accounts', account).Xero_Contact_ID).toBe('xero-contact-77');
    expect(writes()).toBe(1);
    await deals.linkAccount(account, 'xero-contact-77');
    expect(writes()).toBe(1);
  });
});
