import { randomUUID } from 'node:crypto';
import { addDays } from '../../../workflows/domain/stripe/calendarDates';
import {
  collectionDecisionSignal,
  collectionFailedAttemptSignal,
  collectionPaidSignal,
  collectionStateQuery,
  collectionWorkflow,
  collectionWorkflowId,
} from '../../../workflows/stripe/collection';
import {
  eventually,
  plantedInvoice,
  START,
  startCollectionHarness,
  TENANT,
  type CollectionHarness,
} from '../../worker/payments/collections/collectionHarness';

jest.setTimeout(60_000);

const INSTALLATION = randomUUID();
const TODAY = START.toISOString().slice(0, 10);
let h: CollectionHarness;
beforeAll(async () => {
  h = await startCollectionHarness({ installationId: INSTALLATION });
});
afterAll(() => h.close());

const quiet = () => new Promise((r) => setTimeout(r, 800));

async function collect(fields: Parameters<typeof plantedInvoice>[0], options: { deal?: boolean } = {}) {
  const invoice = plantedInvoice(fields);
  h.invoices.set(invoice.xeroInvoiceId, invoice);
  if (options.deal ?? true) h.port.deals.set(invoice.xeroInvoiceId, `deal-${invoice.xeroInvoiceId}`);
  else h.port.accounts.set(invoice.contactId, `account-${invoice.contactId}`);
  const handle = await h.client.workflow.start(collectionWorkflow, {
    workflowId: collectionWorkflowId(INSTALLATION, invoice.xeroInvoiceId),
    taskQueue: h.taskQueue,
    args: [
      {
        installationId: INSTALLATION,
        xeroTenantId: TENANT,
        xeroInvoiceId: invoice.xeroInvoiceId,
        recheckEveryMs: 200,
      },
    ],
  });
  const tasks = () => h.port.tasks.filter((t) => t.key.startsWith(`collection:${invoice.xeroInvoiceId}:`));
  const steps = () => tasks().map((t) => t.key.split(':').slice(2).join(':'));
  return { invoice, handle, tasks, steps };
}

// Each test moves the shared clock forward only; dates are relative to where it stands.
const today = () => addDays(TODAY, daysMoved);
let daysMoved = 0;
const advance = (days: number) => {
  daysMoved += days;
  h.advanceDays(days);
};

it('sends each reminder on its day after the due date, on the invoice deal, and none early', async () => {
  const { invoice, handle, tasks, steps } = await collect({ dueDate: today() });
  await quiet();
  expect(steps()).toEqual([]);
  advance(1);
  await eventually(() => steps().length === 1);
  expect(tasks()[0]).toMatchObject({
    key: `collection:${invoice.xeroInvoiceId}:reminder:1`,
    recordId: `deal-${invoice.xeroInvoiceId}`,
    priority: 'normal',
    dueDate: today(),
  });
  advance(5);
  await quiet();
  expect(steps()).toEqual(['reminder:1']);
  advance(1);
  await eventually(() => steps().length === 2);
  expect(steps()).toEqual(['reminder:1', 'reminder:7']);
  expect(
    h.audit.filter(
      (a) => a.action === 'collection.reminder' && a.subject?.['xeroInvoiceId'] === invoice.xeroInvoiceId,
    ),
  ).toHaveLength(2);
  await handle.signal(collectionPaidSignal, { reference: 'pi_1' });
  await expect(handle.result()).resolves.toEqual({ stopped: 'paid', done: ['reminder:1', 'reminder:7'] });
});

it('gives the owner one task when failed attempts reach the threshold, however often they are signalled, on the account without a deal', async () => {
  const { invoice, handle, tasks, steps } = await collect({ dueDate: addDays(today(), 10) }, { deal: false });
  await handle.signal(collectionFailedAttemptSignal, { eventId: 'evt_1', failedAttempts: 1 });
  await handle.signal(collectionFailedAttemptSignal, { eventId: 'evt_2', failedAttempts: 2 });
  await quiet();
  expect(steps()).toEqual([]);
  await handle.signal(collectionFailedAttemptSignal, { eventId: 'evt_3', failedAttempts: 3 });
  await eventually(() => steps().length === 1);
  await handle.signal(collectionFailedAttemptSignal, { eventId: 'evt_3', failedAttempts: 3 });
  await handle.signal(collectionFailedAttemptSignal, { eventId: 'evt_4', failedAttempts: 4 });
  await handle.signal(collectionFailedAttemptSignal, { eventId: 'evt_2', failedAttempts: 2 });
  await quiet();
  expect(steps()).toEqual(['owner_task']);
  expect(tasks()[0]).toMatchObject({ recordId: `account-${invoice.contactId}`, ownerId: null });
  expect((await handle.query(collectionStateQuery)).failedAttempts).toBe(4);
  await handle.signal(collectionDecisionSignal, {
    kind: 'stop',
    by: 'ana@example.com',
    reason: 'customer on a payment plan',
  });
  await expect(handle.result()).resolves.toMatchObject({ stopped: 'person_decided' });
});

it('escalates with high priority on its day, after only the latest missed reminder', async () => {
  const { handle, tasks, steps } = await collect({ dueDate: addDays(today(), -30) });
  await eventually(() => steps().length === 2);
  await quiet();
  expect(steps()).toEqual(['reminder:14', 'escalation']);
  expect(tasks().map((t) => t.priority)).toEqual(['normal', 'high']);
  await handle.signal(collectionDecisionSignal, { kind: 'stop', by: 'ana@example.com', reason: 'done' });
  await handle.result();
});

it('stops when Xero shows the invoice voided, with no signal', async () => {
  const { invoice, handle, steps } = await collect({ dueDate: today() });
  await quiet();
  h.invoices.set(invoice.xeroInvoiceId, { ...invoice, status: 'VOIDED' });
  await expect(handle.result()).resolves.toEqual({ stopped: 'written_off', done: [] });
  advance(1);
  await quiet();
  expect(steps()).toEqual([]);
});

it('takes nothing while snoozed, then what is due at the snooze end; a stop decision ends it', async () => {
  const { handle, steps } = await collect({ dueDate: today() });
  const until = addDays(today(), 5);
  await handle.signal(collectionDecisionSignal, {
    kind: 'snooze',
    until,
    by: 'ana@example.com',
    reason: 'promised Friday',
  });
  advance(1);
  await quiet();
  advance(3);
  await quiet();
  expect(steps()).toEqual([]);
  advance(1);
  await eventually(() => steps().length === 1);
  expect(steps()).toEqual(['reminder:1']);
  expect((await handle.query(collectionStateQuery)).decision).toMatchObject({
    kind: 'snooze',
    until,
    by: 'ana@example.com',
  });
  await handle.signal(collectionDecisionSignal, {
    kind: 'stop',
    by: 'ana@example.com',
    reason: 'written off by hand',
  });
  await expect(handle.result()).resolves.toEqual({ stopped: 'person_decided', done: ['reminder:1'] });
});

it('carries what it did over continue-as-new and makes no task twice', async () => {
  const invoice = plantedInvoice({ dueDate: addDays(today(), -7) });
  h.invoices.set(invoice.xeroInvoiceId, invoice);
  h.port.deals.set(invoice.xeroInvoiceId, 'deal-can');
  const handle = await h.client.workflow.start(collectionWorkflow, {
    workflowId: collectionWorkflowId(INSTALLATION, invoice.xeroInvoiceId),
    taskQueue: h.taskQueue,
    args: [
      {
        installationId: INSTALLATION,
        xeroTenantId: TENANT,
        xeroInvoiceId: invoice.xeroInvoiceId,
        recheckEveryMs: 100,
        maxHistoryEvents: 30,
      },
    ],
  });
  const runs = new Set<string>();
  await eventually(() => h.port.tasks.some((t) => t.recordId === 'deal-can'));
  for (let i = 0; i < 20 && runs.size < 2; i++) {
    runs.add((await handle.describe()).runId);
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(runs.size).toBeGreaterThan(1);
  expect((await handle.query(collectionStateQuery)).done).toEqual(['reminder:7']);
  expect(h.port.tasks.filter((t) => t.recordId === 'deal-can').map((t) => t.key)).toEqual([
    `collection:${invoice.xeroInvoiceId}:reminder:7`,
  ]);
  await handle.signal(collectionPaidSignal, { reference: 'in_1' });
  await expect(handle.result()).resolves.toMatchObject({ stopped: 'paid' });
});
