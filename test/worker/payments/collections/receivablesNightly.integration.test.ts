import { addDays } from '../../../../workflows/domain/stripe/calendarDates';
import {
  collectionDecisionSignal,
  collectionStateQuery,
  collectionWorkflowId,
} from '../../../../workflows/stripe/collectionSignals';
import { receivablesNightlyWorkflow } from '../../../../workflows/stripe/receivablesNightly';
import { InstallationStore } from '../../../../worker/installations/installationStore';
import {
  ensureReceivablesSchedule,
  receivablesScheduleId,
} from '../../../../worker/payments/collections/receivablesSchedule';
import type { Store } from '../../../../worker/store/store';
import { createTestStore } from '../../../support/stores';
import { plantedInvoice, START, startCollectionHarness, type CollectionHarness } from './collectionHarness';

jest.setTimeout(90_000);

const TODAY = START.toISOString().slice(0, 10);
let store: Store;
let h: CollectionHarness;
let installationId: string;

beforeAll(async () => {
  store = await createTestStore('pglite');
  installationId = (await new InstallationStore(store.db).ensure({ slug: 'nightly-co' })).id;
  h = await startCollectionHarness({ store, installationId });
});
afterAll(async () => {
  await h.close();
  await store.close();
});

it('writes ageing and DSO to linked accounts, stores the day, and starts a collection per overdue invoice once', async () => {
  const a = '0a000000-0000-4000-8000-000000000001';
  const b = '0b000000-0000-4000-8000-000000000002';
  const unlinked = '0c000000-0000-4000-8000-000000000003';
  const planted = [
    plantedInvoice({
      contactId: a,
      dueDate: addDays(TODAY, 10),
      date: addDays(TODAY, -20),
      total: 100,
      amountDue: 100,
    }),
    plantedInvoice({
      contactId: a,
      dueDate: addDays(TODAY, -45),
      date: addDays(TODAY, -75),
      total: 80,
      amountDue: 30,
    }),
    plantedInvoice({
      contactId: a,
      dueDate: addDays(TODAY, -95),
      date: addDays(TODAY, -125),
      total: 20,
      amountDue: 20,
    }),
    plantedInvoice({
      contactId: b,
      status: 'PAID',
      date: addDays(TODAY, -200),
      amountDue: 0,
      amountPaid: 100,
    }),
    plantedInvoice({
      contactId: unlinked,
      dueDate: addDays(TODAY, -5),
      date: addDays(TODAY, -35),
      total: 50,
      amountDue: 50,
    }),
    plantedInvoice({
      contactId: a,
      type: 'ACCPAY',
      dueDate: addDays(TODAY, -45),
      amountDue: 999,
      total: 999,
    }),
    plantedInvoice({
      contactId: a,
      status: 'VOIDED',
      dueDate: addDays(TODAY, -45),
      amountDue: 999,
      total: 999,
    }),
  ];
  for (const invoice of planted) h.invoices.set(invoice.xeroInvoiceId, invoice);
  h.port.accounts.set(a, 'acct-a');
  h.port.accounts.set(b, 'acct-b');
  // The two overdue invoices that are owed: 45 days (contact a) and 5 days (unlinked).
  const overdueIds = [planted[1], planted[2], planted[4]].map((i) => i?.xeroInvoiceId ?? '');

  const run = () =>
    h.client.workflow.execute(receivablesNightlyWorkflow, {
      workflowId: `receivables:${installationId}:test-${Math.random()}`,
      taskQueue: h.taskQueue,
      args: [{ installationId }],
    });
  const first = await run();
  expect(first).toMatchObject({
    asOf: TODAY,
    invoices: 6,
    accountsWritten: 2,
    overdue: 3,
    collecting: 3,
    alreadyClosed: 0,
  });
  expect(first.figures).toEqual([
    {
      currency: 'GBP',
      current: 100,
      days1to30: 50,
      days31to60: 30,
      days61to90: 0,
      over90: 20,
      outstanding: 200,
      creditSales90: 230, // 100 + 80 + 50, all dated within 90 days
      daysSalesOutstanding: 78.3, // 200 / 230 × 90
    },
  ]);
  expect(h.port.figures.get('acct-a')).toEqual({
    receivables: {
      asOf: TODAY,
      currency: 'GBP',
      daysSalesOutstanding: 75, // 150 owed / (100 + 80) sold in 90 days × 90
      current: 100,
      days1to30: 0,
      days31to60: 30,
      days61to90: 0,
      over90: 20,
    },
  });
  // Contact b owes nothing and sold nothing in 90 days: zeros, no DSO.
  expect(h.port.figures.get('acct-b')?.receivables).toMatchObject({
    current: 0,
    over90: 0,
    daysSalesOutstanding: null,
  });

  const snapshot = await store.db
    .selectFrom('receivables_snapshots')
    .selectAll()
    .where('installation_id', '=', installationId)
    .execute();
  expect(snapshot).toEqual([
    expect.objectContaining({
      as_of: TODAY,
      overdue_invoices: 3,
      accounts_written: 2,
      figures: first.figures,
    }),
  ]);

  for (const id of overdueIds) {
    const handle = h.client.workflow.getHandle(collectionWorkflowId(installationId, id));
    await expect(handle.query(collectionStateQuery)).resolves.toMatchObject({ status: 'collecting' });
  }
  // A person stops one; the next run signals the other two and leaves the stopped one stopped.
  const stopped = h.client.workflow.getHandle(collectionWorkflowId(installationId, overdueIds[0] ?? ''));
  await stopped.signal(collectionDecisionSignal, { kind: 'stop', by: 'ana@example.com', reason: 'disputed' });
  await stopped.result();
  const second = await run();
  expect(second).toMatchObject({ collecting: 2, alreadyClosed: 1 });
  expect(
    await store.db
      .selectFrom('receivables_snapshots')
      .select('as_of')
      .where('installation_id', '=', installationId)
      .execute(),
  ).toHaveLength(1);

  for (const id of overdueIds.slice(1)) {
    const handle = h.client.workflow.getHandle(collectionWorkflowId(installationId, id));
    await handle.signal(collectionDecisionSignal, { kind: 'stop', by: 'test', reason: 'cleanup' });
    await handle.result();
  }
});

it('keeps one nightly Schedule per installation, in its time zone', async () => {
  await ensureReceivablesSchedule(h.client, h.taskQueue, installationId, {
    timeZone: 'Europe/London',
    hour: 3,
  });
  await ensureReceivablesSchedule(h.client, h.taskQueue, installationId, {
    timeZone: 'Europe/London',
    hour: 3,
  });
  const handle = h.client.schedule.getHandle(receivablesScheduleId(installationId));
  try {
    const described = await handle.describe();
    expect(described.scheduleId).toBe(`receivables:${installationId}`);
    expect(described.spec.timezone).toBe('Europe/London');
    expect(described.action).toMatchObject({
      workflowType: 'receivablesNightlyWorkflow',
      args: [{ installationId }],
    });
  } finally {
    await handle.delete();
  }
});
