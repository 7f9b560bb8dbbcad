import { randomBytes, randomUUID } from 'node:crypto';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../../worker/connections/secretBox';
import { ZohoAccounts } from '../../../../worker/connectors/zoho/zohoAccounts';
import { ZohoBackfill } from '../../../../worker/connectors/zoho/zohoBackfill';
import { InstallationStore } from '../../../../worker/installations/installationStore';
import type { Store } from '../../../../worker/store/store';
import type { BatchOutcome, SyncContext } from '../../../../worker/sync/crmTarget';
import { ReviewQueue } from '../../../../worker/sync/reviewQueue';
import type { CanonicalContact } from '../../../../workflows/domain/canonical';
import { createTestStore } from '../../../support/stores';
import { callNames, contactOf, invoiceOf, itemOf, loggingFetch, type ZohoCall } from './zohoBulkFixtures';
import { startZohoClientHarness, type ConnectedOrg, type ZohoClientHarness } from './zohoClientHarness';

/** Pages of `size`, as the backfill workflow hands them over, with the calls each page took. */
async function inPages<T>(
  items: T[],
  size: number,
  calls: ZohoCall[],
  run: (page: T[]) => Promise<BatchOutcome>,
): Promise<{ outcomes: BatchOutcome[]; callsPerPage: string[][] }> {
  const outcomes: BatchOutcome[] = [];
  const callsPerPage: string[][] = [];
  for (let i = 0; i < items.length; i += size) {
    calls.length = 0;
    outcomes.push(await run(items.slice(i, i + size)));
    callsPerPage.push(callNames(calls));
  }
  return { outcomes, callsPerPage };
}

const total = (outcomes: BatchOutcome[]) => ({
  written: outcomes.reduce((n, o) => n + o.written, 0),
  queuedForReview: outcomes.reduce((n, o) => n + o.queuedForReview, 0),
  failed: outcomes.flatMap((o) => o.failed),
  linked: outcomes.reduce((n, o) => n + (o.linked?.length ?? 0), 0),
});

describe('ZohoBackfill against the Zoho emulator', () => {
  let store: Store;
  let crmConnectionId: string;
  let reviews: ReviewQueue;
  const tenant = randomUUID();
  beforeAll(async () => {
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`)),
    );
    const installation = await new InstallationStore(store.db).ensure({ slug: 'zoho-backfill' });
    const save = (vendor: 'xero' | 'zoho', externalId: string) =>
      connections.save({
        installationId: installation.id,
        vendor,
        externalId,
        displayName: externalId,
        scopes: [],
        tokens: { accessToken: 'token' },
      });
    await save('xero', tenant);
    crmConnectionId = (await save('zoho', '20100000001')).id;
    reviews = new ReviewQueue(store.db);
  });
  afterAll(() => store.close());

  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let calls: ZohoCall[];
  let backfill: ZohoBackfill;
  beforeEach(async () => {
    h = await startZohoClientHarness();
    calls = [];
    org = await h.connectOrg('eu', { fetch: loggingFetch(calls) });
    const now = () => new Date(h.clock.now());
    backfill = new ZohoBackfill({
      crmConnectionId,
      client: org.client,
      accounts: new ZohoAccounts({ crmConnectionId, client: org.client, now }),
      reviews,
      ensureReady: () => Promise.resolve(),
      now,
      // As the settings name them: a stage the org lacks reaches Zoho and is refused there.
      stageOf: (stage) => Promise.resolve(stage),
    });
  });
  afterEach(async () => h.close());

  const seed = (module: string, values: Record<string, unknown>) =>
    String(h.emulator.seedRecord(org.orgId, module, values).id);
  const stored = (module: string) => h.emulator.records(org.orgId, module);
  const context = (backfillId: string): SyncContext => ({ xeroTenantId: tenant, backfillId });

  it('links 250 contacts in pages (by name, created, one ambiguous to review), then a second run writes nothing', async () => {
    const byName = seed('Accounts', { Account_Name: 'Customer 005 Limited', Phone: '+49 30 1234' });
    const twinA = seed('Accounts', { Account_Name: 'Twin Traders' });
    const twinB = seed('Accounts', { Account_Name: 'Twin Traders GmbH' });
    const contacts: CanonicalContact[] = Array.from({ length: 250 }, (_, i) =>
      i === 9 ? contactOf(i + 1, { name: 'Twin Traders' }) : contactOf(i + 1),
    );
    const twin = contacts[9];

    const first = await inPages(contacts, 100, calls, (page) =>
      backfill.accounts(page, 'xero', context('bf-1')),
    );
    // The run reads the accounts once (one COQL of 2,000); each page writes 100 to a call.
    expect(first.callsPerPage).toEqual([
      ['COQL Accounts', 'PUT /Accounts', 'POST /Accounts/upsert'],
      ['POST /Accounts/upsert'],
      ['POST /Accounts/upsert'],
    ]);
    expect(total(first.outcomes)).toEqual({ written: 249, queuedForReview: 1, failed: [], linked: 249 });

    const accounts = stored('Accounts');
    expect(accounts).toHaveLength(3 + 248);
    expect(accounts.find((a) => a.id === byName)).toMatchObject({
      Account_Name: 'Customer 005',
      Phone: '+49 30 1234',
      Xero_Contact_ID: contacts[4]?.xeroContactId,
      Xero_Outstanding_Balance: 50,
      Xero_Overdue_Amount: 0,
    });
    const made = accounts.find((a) => a.Xero_Contact_ID === contacts[249]?.xeroContactId);
    expect(made).toMatchObject({ Account_Name: 'Customer 250', Xero_Outstanding_Balance: 2500 });
    expect(made?.Ledgerbridge_Last_Sync).toBe(made?.Created_Time);
    expect(first.outcomes[0]?.linked).toContainEqual({
      crmObject: 'account',
      crmRecordId: byName,
      xeroId: contacts[4]?.xeroContactId,
    });
    expect(accounts.filter((a) => a.Xero_Contact_ID === twin?.xeroContactId)).toEqual([]);
    const queued = await reviews.open(crmConnectionId);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({
      xero_contact_id: twin?.xeroContactId,
      reason: 'ambiguous',
      rule: 'name',
      candidates: expect.arrayContaining([
        { crmId: twinA, name: 'Twin Traders' },
        { crmId: twinB, name: 'Twin Traders GmbH' },
      ]),
    });

    // A second run (a new index read) finds every contact linked and unchanged.
    const before = JSON.stringify(stored('Accounts'));
    const second = await inPages(contacts, 100, calls, (page) =>
      backfill.accounts(page, 'xero', context('bf-2')),
    );
    expect(second.callsPerPage).toEqual([['COQL Accounts'], [], []]);
    expect(total(second.outcomes)).toEqual({ written: 0, queuedForReview: 1, failed: [], linked: 249 });
    expect(JSON.stringify(stored('Accounts'))).toBe(before);
  });

  it('writes 250 invoices as deals in pages, linked to their accounts; a second run writes nothing', async () => {
    const contacts = Array.from({ length: 250 }, (_, i) => contactOf(i + 1));
    await backfill.accounts(contacts.slice(0, 200), 'xero', context('bf-1'));
    const accountOf = new Map(stored('Accounts').map((a) => [a.Xero_Contact_ID, a.id]));
    const items = contacts.map((c, i) => itemOf(invoiceOf(i + 1, c)));

    const first = await inPages(items, 100, calls, (page) => backfill.deals(page, context('bf-1')));
    // Per page: the contacts' accounts, the deals there, one upsert of 100.
    expect(first.callsPerPage).toEqual(
      Array.from({ length: 3 }, () => ['COQL Accounts', 'COQL Deals', 'POST /Deals/upsert']),
    );
    expect(calls[0]?.query).toMatch(/where Xero_Contact_ID in \('c0000000-[^)]+\) limit 100$/);
    expect(total(first.outcomes)).toEqual({ written: 250, queuedForReview: 0, failed: [], linked: 0 });

    expect(stored('Deals')).toHaveLength(250);
    const dealOf = (n: number) =>
      stored('Deals').find((d) => d.Xero_Invoice_ID === items[n - 1]?.invoice.xeroInvoiceId);
    expect(dealOf(2)).toMatchObject({
      Deal_Name: 'Customer 002 – INV-0002',
      Stage: 'Closed Won',
      Amount: 102,
      Closing_Date: '2026-11-01',
      Account_Name: { id: accountOf.get(contacts[1]?.xeroContactId) },
      Xero_Invoice_Number: 'INV-0002',
      Xero_Invoice_Status: 'AUTHORISED',
      Xero_Amount_Due: 52,
      Xero_Amount_Paid: 50,
      Xero_Due_Date: '2026-12-01',
      Xero_Online_Invoice_Url: 'https://in.xero.com/2',
    });
    // Contacts 201–250 have no account yet: their deals carry none.
    expect(dealOf(250)?.Account_Name ?? null).toBeNull();

    const before = JSON.stringify(stored('Deals'));
    const second = await inPages(items, 100, calls, (page) => backfill.deals(page, context('bf-2')));
    expect(second.callsPerPage).toEqual(Array.from({ length: 3 }, () => ['COQL Accounts', 'COQL Deals']));
    expect(total(second.outcomes)).toEqual({ written: 0, queuedForReview: 0, failed: [], linked: 0 });
    expect(JSON.stringify(stored('Deals'))).toBe(before);

    // The rest of the accounts linked, the next run points those deals at them and nothing else.
    await backfill.accounts(contacts.slice(200), 'xero', context('bf-3'));
    const third = await inPages(items, 100, calls, (page) => backfill.deals(page, context('bf-3')));
    expect(third.callsPerPage[2]).toEqual(['COQL Accounts', 'COQL Deals', 'POST /Deals/upsert']);
    expect(total(third.outcomes).written).toBe(50);
    const account250 = stored('Accounts').find((a) => a.Xero_Contact_ID === contacts[249]?.xeroContactId);
    expect(dealOf(250)?.Account_Name).toEqual({ name: 'Customer 250', id: account250?.id });
  });

  it('a record Zoho refuses lands in failed while the rest of its batch is written', async () => {
    const contacts = Array.from({ length: 5 }, (_, i) => contactOf(i + 1));
    // The default mapping names a DRAFT's stage "Proposal", which Zoho's standard picklist lacks.
    const items = contacts.map((c, i) => itemOf(invoiceOf(i + 1, c, i === 2 ? { status: 'DRAFT' } : {})));
    const outcome = await backfill.deals(items, context('bf-1'));
    expect(outcome.written).toBe(4);
    expect(outcome.failed).toEqual([
      {
        xeroId: items[2]?.invoice.xeroInvoiceId,
        error: 'zoho: record 2: INVALID_DATA: invalid data (Stage)',
      },
    ]);
    expect(stored('Deals').map((d) => d.Xero_Invoice_ID)).toEqual(
      expect.arrayContaining([0, 1, 3, 4].map((i) => items[i]?.invoice.xeroInvoiceId)),
    );
    expect(stored('Deals')).toHaveLength(4);
  });

  it('a contact another sync linked meanwhile is linked to that account, not written twice', async () => {
    const contact = contactOf(1);
    const byName = seed('Accounts', { Account_Name: 'Customer 001' });
    await backfill.accounts([contactOf(2)], 'xero', context('bf-1'));
    // After the run read its index, a live sync links the contact to an account of its own.
    const live = seed('Accounts', {
      Account_Name: 'Customer 001 (live)',
      Xero_Contact_ID: contact.xeroContactId,
    });
    calls.length = 0;
    const outcome = await backfill.accounts([contact], 'xero', context('bf-1'));
    expect(callNames(calls)).toEqual(['PUT /Accounts', 'COQL Accounts', 'PUT /Accounts']);
    expect(outcome).toMatchObject({ written: 1, queuedForReview: 0, failed: [] });
    expect(outcome.linked).toEqual([
      { crmObject: 'account', crmRecordId: live, xeroId: contact.xeroContactId },
    ]);
    expect(stored('Accounts').find((a) => a.id === byName)?.Xero_Contact_ID ?? null).toBeNull();
    expect(stored('Accounts').find((a) => a.id === live)).toMatchObject({ Account_Name: 'Customer 001' });
  });
});
