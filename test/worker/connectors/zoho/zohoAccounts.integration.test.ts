import type { CanonicalContact } from '../../../../workflows/domain/canonical';
import { matchContact } from '../../../../workflows/domain/contactMatching';
import { ZohoAccounts } from '../../../../worker/connectors/zoho/zohoAccounts';
import { linkAccount } from '../../../../worker/sync/accountLinker';
import type { ContactReview, ReviewQueue } from '../../../../worker/sync/reviewQueue';
import { startZohoClientHarness, type ZohoClientHarness } from './zohoClientHarness';

const XC = '3f0c1c1e-5b1a-4c7e-9d2a-000000000001';
const OTHER = '3f0c1c1e-5b1a-4c7e-9d2a-000000000002';

describe('ZohoAccounts against the Zoho emulator', () => {
  let h: ZohoClientHarness;
  let orgId: string;
  let accounts: ZohoAccounts;
  beforeEach(async () => {
    h = await startZohoClientHarness();
    const org = await h.connectOrg('eu');
    orgId = org.orgId;
    accounts = new ZohoAccounts({
      crmConnectionId: 'conn-zoho-1',
      client: org.client,
      now: () => new Date(h.clock.now()),
    });
  });
  afterEach(async () => h.close());

  const contact = (over: Partial<CanonicalContact> = {}): CanonicalContact => ({
    xeroContactId: XC,
    name: 'Acme Ltd',
    groups: [],
    isCustomer: true,
    status: 'ACTIVE',
    updatedAt: new Date(h.clock.now()).toISOString(),
    ...over,
  });
  const seed = (values: Record<string, unknown>) =>
    String(h.emulator.seedRecord(orgId, 'Accounts', values).id);
  const account = (id: string) => h.emulator.records(orgId, 'Accounts').find((r) => r.id === id);

  it('brings the account holding the link up to date once; a replay writes nothing', async () => {
    const id = seed({ Account_Name: 'Acme Ltd', Xero_Contact_ID: XC, Xero_Outstanding_Balance: 0 });
    seed({ Account_Name: 'Acme Limited' });
    h.clock.advance(60_000);
    const fresh = contact({ name: 'Acme Limited', receivable: { outstanding: 120.5, overdue: 20 } });
    const first = await accounts.updateLinked(fresh, true);
    expect(first).toEqual({
      recordId: id,
      created: false,
      changes: {
        Account_Name: { before: 'Acme Ltd', after: 'Acme Limited' },
        Xero_Outstanding_Balance: { before: 0, after: 120.5 },
        Xero_Overdue_Amount: { before: null, after: 20 },
      },
    });
    const written = account(id);
    expect(written).toMatchObject({ Account_Name: 'Acme Limited', Xero_Overdue_Amount: 20 });
    expect(written?.Ledgerbridge_Last_Sync).toBe(written?.Modified_Time);
    h.clock.advance(60_000);
    expect(await accounts.updateLinked(fresh, true)).toEqual({ recordId: id, created: false, changes: {} });
    expect(account(id)?.Modified_Time).toBe(written?.Modified_Time);
    // The CRM owning contact data keeps its name.
    expect((await accounts.updateLinked(contact({ name: 'Other Name' }), false))?.changes).toEqual({});
    expect(await accounts.updateLinked(contact({ xeroContactId: OTHER }), true)).toBeUndefined();
  });

  it('lists every account whose name holds the words, so two of the same name are ambiguous', async () => {
    const a = seed({ Account_Name: 'Acme Ltd' });
    const b = seed({ Account_Name: 'ACME Limited' });
    const c = seed({ Account_Name: 'Acme Widgets', Xero_Contact_ID: OTHER });
    seed({ Account_Name: 'Bolt Ltd' });
    const found = await accounts.candidates(contact());
    expect(found.map((f) => f.crmId).sort()).toEqual([a, b, c].sort());
    expect(found.find((f) => f.crmId === c)?.linkedXeroContactId).toBe(OTHER);
    expect(matchContact({ xeroContactId: XC, name: 'Acme Ltd' }, found)).toEqual({
      kind: 'ambiguous',
      rule: 'name',
      candidates: [a, b].sort(),
    });
  });

  it('finds the account of a Zoho contact with the e-mail, whatever its name', async () => {
    const zed = seed({ Account_Name: 'Zed Trading' });
    h.emulator.seedRecord(orgId, 'Contacts', {
      Last_Name: 'Ng',
      Email: 'ap@zed.example',
      Account_Name: { id: zed },
    });
    seed({ Account_Name: 'Zenith Ltd' });
    const found = await accounts.candidates(contact({ name: 'Zed Holdings', email: ' ap@zed.example ' }));
    expect(found).toEqual([
      { crmId: zed, name: 'Zed Trading', email: 'ap@zed.example', linkedXeroContactId: undefined },
    ]);
    expect(matchContact({ xeroContactId: XC, name: 'Zed Holdings', email: 'ap@zed.example' }, found)).toEqual(
      {
        kind: 'matched',
        crmId: zed,
        rule: 'email',
      },
    );
  });

  it('searches a name with a quote, parentheses and commas by its words', async () => {
    const dublin = seed({ Account_Name: "O'Brien (Dublin), Limited" });
    seed({ Account_Name: "O'Brien Holdings" });
    seed({ Account_Name: 'Dublin Bay (O), Ltd' });
    const name = "O'Brien (Dublin), Ltd";
    const found = await accounts.candidates(contact({ name }));
    expect(found.map((f) => f.name)).toEqual(["O'Brien (Dublin), Limited"]);
    expect(matchContact({ xeroContactId: XC, name }, found)).toEqual({
      kind: 'matched',
      crmId: dublin,
      rule: 'name',
    });
  });

  it('creates the account linked, once: a second create finds it and writes nothing', async () => {
    const made = await accounts.createLinked(contact({ receivable: { outstanding: 10, overdue: 0 } }));
    expect(made).toMatchObject({ created: true, changes: { Xero_Contact_ID: { before: null, after: XC } } });
    const stored = account(made.recordId);
    expect(stored).toMatchObject({
      Account_Name: 'Acme Ltd',
      Xero_Contact_ID: XC,
      Xero_Outstanding_Balance: 10,
      Xero_Overdue_Amount: 0,
    });
    h.clock.advance(60_000);
    const again = await accounts.createLinked(contact({ receivable: { outstanding: 10, overdue: 0 } }));
    expect(again).toEqual({ recordId: made.recordId, created: false, changes: {} });
    expect(h.emulator.records(orgId, 'Accounts')).toHaveLength(1);
    expect(account(made.recordId)?.Modified_Time).toBe(stored?.Modified_Time);
  });

  it('writes the link onto a matched account; when another sync linked the contact first, takes that account', async () => {
    const matched = seed({ Account_Name: 'Acme Ltd' });
    const plain = await accounts.writeLinked(matched, contact(), true);
    expect(plain).toMatchObject({
      recordId: matched,
      changes: { Xero_Contact_ID: { before: null, after: XC } },
    });

    const target = seed({ Account_Name: 'Acme Widgets' });
    const raced = await accounts.writeLinked(
      target,
      contact({ receivable: { outstanding: 55, overdue: 5 } }),
      false,
    );
    expect(raced.recordId).toBe(matched);
    expect(raced.changes).toEqual({
      Xero_Outstanding_Balance: { before: null, after: 55 },
      Xero_Overdue_Amount: { before: null, after: 5 },
    });
    expect(account(target)).toMatchObject({ Xero_Contact_ID: null, Xero_Outstanding_Balance: null });
    expect(account(matched)).toMatchObject({ Xero_Contact_ID: XC, Xero_Outstanding_Balance: 55 });
    await expect(accounts.writeLinked('5843199000001999999', contact(), true)).rejects.toMatchObject({
      kind: 'notFound',
    });
  });

  it('serves the account linker: two of a name go to review, an unmatched contact is created, then found by its link', async () => {
    const queued: ContactReview[] = [];
    const resolved: string[] = [];
    // Only what linkAccount calls (the queue's own tests cover its storage).
    const reviews = {
      enqueue: (review: ContactReview) => Promise.resolve(void queued.push(review)),
      resolve: (_crm: string, xeroContactId: string) => Promise.resolve(void resolved.push(xeroContactId)),
    } as unknown as ReviewQueue;
    const a = seed({ Account_Name: 'Bolt Ltd' });
    const b = seed({ Account_Name: 'BOLT Limited' });
    const bolt = contact({ name: 'Bolt Ltd', xeroContactId: OTHER });
    expect(await linkAccount(accounts, bolt, 'xero', reviews, 'tenant-1')).toEqual({
      kind: 'queued_for_review',
      reason: 'ambiguous',
      candidates: [a, b].sort(),
    });
    expect(queued).toMatchObject([{ crmConnectionId: 'conn-zoho-1', xeroContactId: OTHER, rule: 'name' }]);

    const made = await linkAccount(accounts, contact({ name: 'Cobalt Ltd' }), 'xero', reviews, 'tenant-1');
    if (made.kind !== 'linked') throw new Error(`not linked: ${JSON.stringify(made)}`);
    expect(made).toMatchObject({ rule: 'created', result: { created: true } });
    const again = await linkAccount(accounts, contact({ name: 'Cobalt Ltd' }), 'crm', reviews, 'tenant-1');
    expect(again).toEqual({
      kind: 'linked',
      rule: 'link',
      result: { recordId: made.result.recordId, created: false, changes: {} },
    });
    expect(resolved).toEqual([XC]);
    expect(h.emulator.records(orgId, 'Accounts')).toHaveLength(3);
  });
});
