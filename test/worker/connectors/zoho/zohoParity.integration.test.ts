import { ZohoBackfill } from '../../../../worker/connectors/zoho/zohoBackfill';
import { ZohoAccounts } from '../../../../worker/connectors/zoho/zohoAccounts';
import { ZohoParity } from '../../../../worker/connectors/zoho/zohoParity';
import type { CrmDealFacts } from '../../../../workflows/domain/parity/parityFacts';
import type { ReviewQueue } from '../../../../worker/sync/reviewQueue';
import {
  callNames,
  contactOf,
  invoiceOf,
  itemOf,
  loggingFetch,
  uuidOf,
  type ZohoCall,
} from './zohoBulkFixtures';
import { startZohoClientHarness, type ConnectedOrg, type ZohoClientHarness } from './zohoClientHarness';

/** Every page of a parity read, with the calls each took. */
async function readAll<T>(
  page: (next: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
): Promise<T[][]> {
  const pages: T[][] = [];
  let next: string | undefined;
  do {
    const got = await page(next);
    pages.push(got.items);
    next = got.next;
  } while (next);
  return pages;
}

describe('ZohoParity against the Zoho emulator', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let calls: ZohoCall[];
  let parity: ZohoParity;
  let readied: number;
  beforeEach(async () => {
    h = await startZohoClientHarness();
    calls = [];
    org = await h.connectOrg('eu', { fetch: loggingFetch(calls) });
    readied = 0;
    parity = new ZohoParity({
      client: org.client,
      ensureReady: () => {
        readied++;
        return Promise.resolve();
      },
    });
  });
  afterEach(async () => h.close());

  const seed = (module: string, values: Record<string, unknown>) =>
    String(h.emulator.seedRecord(org.orgId, module, values).id);

  it('reads the linked, won and numbered deals 2,000 a call by id ranges, and only those', async () => {
    const linked = seed('Accounts', { Account_Name: 'Acme Ltd', Xero_Contact_ID: uuidOf(1, 1) });
    for (let n = 1; n <= 2050; n++)
      seed('Deals', {
        Deal_Name: `Deal ${n}`,
        Stage: 'Negotiation/Review',
        Amount: n,
        Xero_Invoice_ID: uuidOf(2, n),
        ...(n === 7 ? { Account_Name: { id: linked } } : {}),
      });
    const won = seed('Deals', { Deal_Name: 'Won by a rep', Stage: 'Closed Won', Amount: 900 });
    const typed = seed('Deals', {
      Deal_Name: 'Typed in',
      Stage: 'Qualification',
      Xero_Invoice_Number: 'INV-9',
    });
    seed('Deals', { Deal_Name: 'Open', Stage: 'Qualification', Amount: 5 });
    const spent = h.emulator.credits(org.orgId).used;

    const pages = await readAll(async (next) => {
      const page = await parity.dealsPage(next);
      return { items: page.deals, next: page.next };
    });
    expect(pages.map((p) => p.length)).toEqual([2000, 52]);
    expect(callNames(calls)).toEqual(['COQL Deals', 'COQL Deals']);
    expect(calls.map((c) => /limit \d+/.exec(c.query ?? '')?.[0])).toEqual(['limit 2000', 'limit 2000']);
    expect(calls[1]?.query).toContain(`id > '${pages[0]?.at(-1)?.id}'`);
    // 3 credits a 2,000-row COQL; a listing would have taken 11 calls.
    expect(h.emulator.credits(org.orgId).used - spent).toBe(6);
    expect(readied).toBe(2);

    const deals = pages.flat();
    expect(new Set(deals.map((d) => d.id)).size).toBe(2052);
    expect(deals.find((d) => d.name === 'Deal 7')).toEqual({
      id: expect.any(String),
      name: 'Deal 7',
      isWon: false,
      amount: 7,
      amountDue: null,
      amountPaid: null,
      xeroInvoiceId: uuidOf(2, 7),
      accountCrmId: linked,
    } satisfies CrmDealFacts);
    expect(deals.find((d) => d.id === won)).toEqual({
      id: won,
      name: 'Won by a rep',
      isWon: true,
      amount: 900,
      amountDue: null,
      amountPaid: null,
    });
    expect(deals.find((d) => d.id === typed)).toMatchObject({ invoiceNumber: 'INV-9', isWon: false });
    expect(deals.some((d) => d.name === 'Open')).toBe(false);
  });

  it('reads back the facts of what the backfill wrote, and the linked accounts with their links', async () => {
    const reviews = {
      enqueue: () => Promise.reject(new Error('nothing to review')),
    } as unknown as ReviewQueue;
    const now = () => new Date(h.clock.now());
    const backfill = new ZohoBackfill({
      crmConnectionId: 'conn-zoho-1',
      client: org.client,
      accounts: new ZohoAccounts({ crmConnectionId: 'conn-zoho-1', client: org.client, now }),
      reviews,
      ensureReady: () => Promise.resolve(),
      now,
      stageOf: (stage) => Promise.resolve(stage),
    });
    const contacts = [1, 2, 3].map((n) => contactOf(n));
    const unlinked = seed('Accounts', { Account_Name: 'Walk-in Trade' });
    const context = { xeroTenantId: 'tenant-1', backfillId: 'bf-1' };
    await backfill.accounts(contacts, 'xero', context);
    const invoices = contacts.map((c, i) =>
      invoiceOf(i + 1, c, i === 2 ? { status: 'PAID', amountDue: 0, amountPaid: 103 } : {}),
    );
    const items = invoices.map(itemOf);
    expect((await backfill.deals(items, context)).written).toBe(3);
    calls.length = 0;

    const accounts = (await parity.accountsPage(undefined)).accounts;
    const accountOf = new Map(accounts.map((a) => [a.xeroContactId, a.id]));
    expect(accounts).toHaveLength(3);
    expect(accounts.map((a) => a.id)).not.toContain(unlinked);
    expect(accounts.map(({ name, xeroContactId }) => ({ name, xeroContactId }))).toEqual(
      contacts.map((c) => ({ name: c.name, xeroContactId: c.xeroContactId })),
    );
    const { deals, next } = await parity.dealsPage(undefined);
    expect(next).toBeUndefined();
    expect(callNames(calls)).toEqual(['COQL Accounts', 'COQL Deals']);
    expect(deals).toEqual(
      items.map(({ invoice, deal }) => ({
        id: expect.any(String),
        name: deal.name,
        isWon: deal.stage === 'Closed Won',
        amount: deal.amount,
        amountDue: deal.amountDue,
        amountPaid: deal.amountPaid,
        xeroInvoiceId: invoice.xeroInvoiceId,
        invoiceNumber: invoice.number,
        invoiceStatus: invoice.status,
        closeDate: invoice.date,
        accountCrmId: accountOf.get(invoice.contactId),
      })),
    );
  });
});
