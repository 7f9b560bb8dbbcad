import type { CrmTaskRequest, RenewalDealRequest } from '../../../../worker/payments/crmPaymentsPort';
import { ZohoPaymentsPort } from '../../../../worker/connectors/zoho/zohoPaymentsPort';
import { carriesProblemKey, problemKey } from '../../../../worker/sync/crmTaskKeys';
import type { ConnectedOrg, ZohoClientHarness } from './zohoClientHarness';
import { startPaymentsPort, type PaymentsPortSetup } from './zohoPaymentsPortSetup';

describe('ZohoPaymentsPort against the Zoho emulator: tasks once per key, renewal deals once', () => {
  let s: PaymentsPortSetup;
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let port: ZohoPaymentsPort;
  let ensureReady: jest.Mock<Promise<void>, []>;
  let accountId: string;
  let dealId: string;
  let userId: string;

  beforeEach(async () => {
    s = await startPaymentsPort();
    ({ h, org, port, ensureReady, accountId, dealId, userId } = s);
  });
  afterEach(async () => s.h.close());

  const stored = (module: string, id: string) => s.stored(module, id);

  const task = (over: Partial<CrmTaskRequest> = {}): CrmTaskRequest => ({
    key: 'dispute:dp_1',
    subject: 'Payment disputed: Acme Ltd – INV-0042',
    body: 'The customer’s bank opened a dispute.',
    dueDate: '2026-03-04',
    priority: 'high',
    ownerId: null,
    ...over,
  });
  const tasks = () => h.emulator.records(org.orgId, 'Tasks');

  it('makes one task for two concurrent calls with one key, on the deal for its owner, and none on a replay', async () => {
    const [a, b] = await Promise.all([port.openTask(dealId, task()), port.openTask(dealId, task())]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.taskId).toBe(b.taskId);
    expect(tasks()).toEqual([
      expect.objectContaining({
        id: a.taskId,
        Subject: 'Payment disputed: Acme Ltd – INV-0042',
        What_Id: { name: 'Acme Ltd – INV-0042', id: dealId },
        $se_module: 'Deals',
        Owner: expect.objectContaining({ id: userId }),
        Priority: 'High',
        Status: 'Not Started',
        Due_Date: '2026-03-04',
      }),
    ]);
    expect(carriesProblemKey(String(tasks()[0]?.Description), problemKey(dealId, 'dispute:dp_1'))).toBe(true);

    const replay = await new ZohoPaymentsPort({ client: org.client, ensureReady }).openTask(dealId, task());
    expect(replay).toEqual({ taskId: a.taskId, created: false });
    expect(tasks()).toHaveLength(1);
  });

  it('puts a normal task on an account; another key, or the key after its task was completed, makes another', async () => {
    const onAccount = await port.openTask(accountId, task({ key: 'order-rejected:o1', priority: 'normal' }));
    expect(stored('Tasks', onAccount.taskId)).toMatchObject({
      $se_module: 'Accounts',
      What_Id: { name: 'Acme Ltd', id: accountId },
      Priority: 'Normal',
    });
    const other = await port.openTask(accountId, task({ key: 'order-rejected:o2' }));
    expect(other.created).toBe(true);
    const record = h.emulator.org(org.orgId).get('Tasks', onAccount.taskId);
    if (!record) throw new Error('no task');
    record.values.Status = 'Completed';
    const again = await port.openTask(accountId, task({ key: 'order-rejected:o1', priority: 'normal' }));
    expect(again.created).toBe(true);
    expect(again.taskId).not.toBe(onAccount.taskId);
    expect(tasks()).toHaveLength(3);
  });

  it('completes its own task when another process made the key’s task first, leaving one open', async () => {
    // Another worker creates the same task between this one's read and its create.
    const { client } = org;
    const create = client.createRecords.bind(client);
    let raced = false;
    client.createRecords = async (module, records) => {
      if (!raced) {
        raced = true;
        await create(module, records);
      }
      return create(module, records);
    };
    const outcome = await port.openTask(dealId, task());
    const [theirs, ours] = tasks().sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1));
    expect(outcome).toEqual({ taskId: theirs?.id, created: false });
    expect(theirs?.Status).toBe('Not Started');
    expect(ours?.Status).toBe('Completed');
    expect(await port.openTask(dealId, task())).toEqual({ taskId: theirs?.id, created: false });
  });

  it('throws notFound for a task on a record that is neither a deal nor an account', async () => {
    await expect(port.openTask('5843101000001999999', task())).rejects.toMatchObject({ kind: 'notFound' });
    expect(tasks()).toEqual([]);
  });

  const renewal = (over: Partial<RenewalDealRequest> = {}): RenewalDealRequest => ({
    renewalKey: 'sub_1Qxyz:2027-01-31',
    accountId,
    name: 'Acme Ltd – renewal 2027',
    amount: 1200,
    currency: 'eur',
    closeDate: '2027-01-31',
    ownerId: userId,
    ...over,
  });

  it('makes a renewal deal once, even for two concurrent calls, and leaves it to the rep afterwards', async () => {
    const [a, b] = await Promise.all([port.ensureRenewalDeal(renewal()), port.ensureRenewalDeal(renewal())]);
    expect(a.recordId).toBe(b.recordId);
    expect([a.created, b.created]).toContain(true);
    const renewals = () => h.emulator.records(org.orgId, 'Deals').filter((d) => d.Ledgerbridge_Renewal_Key);
    expect(renewals()).toEqual([
      expect.objectContaining({
        id: a.recordId,
        Deal_Name: 'Acme Ltd – renewal 2027',
        Stage: 'Qualification',
        Amount: 1200,
        Closing_Date: '2027-01-31',
        Currency: 'EUR',
        Account_Name: { name: 'Acme Ltd', id: accountId },
        Owner: expect.objectContaining({ id: userId }),
        Ledgerbridge_Renewal_Key: 'sub_1Qxyz:2027-01-31',
      }),
    ]);
    // The rep moves it on; asked again, Ledgerbridge finds it and s.writes() nothing.
    const record = h.emulator.org(org.orgId).get('Deals', a.recordId);
    if (!record) throw new Error('no renewal');
    record.values.Stage = 'Negotiation/Review';
    const before = s.writes();
    expect(await port.ensureRenewalDeal(renewal({ amount: 999 }))).toEqual({
      recordId: a.recordId,
      created: false,
      changes: {},
    });
    expect(s.writes()).toBe(before);
    expect(renewals()).toEqual([expect.objectContaining({ Stage: 'Negotiation/Review', Amount: 1200 })]);
  });
});
