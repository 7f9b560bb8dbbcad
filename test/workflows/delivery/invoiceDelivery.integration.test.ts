import { randomBytes, randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { DeliveryInvoice, DeliveryRef } from '../../../worker/delivery/deliveryActivityTypes';
import { startInvoiceDelivery } from '../../../worker/delivery/startInvoiceDelivery';
import { addDays } from '../../../workflows/domain/stripe/calendarDates';
import {
  deliveryDecisionSignal,
  deliveryStateQuery,
  deliveryWorkflowId,
  invoiceChangedSignal,
  invoiceDeliveryWorkflow,
} from '../../../workflows/delivery/invoiceDelivery';
import { installQuietRuntime, testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

jest.setTimeout(60_000);

/**
 * The delivery workflow on the real dev server, its activities faked over an in-memory invoice and
 * a clock the test moves: each version e-mailed and filed once, reminders on their days and never
 * after payment, a person's stop, and a run continued-as-new that sends nothing twice.
 */
const INSTALLATION = randomUUID();
const TENANT = randomUUID();
const START = '2031-03-02';

let days = 0;
const today = () => addDays(START, days);
const invoices = new Map<string, DeliveryInvoice>();
const calls: string[] = [];
const failNext = { deliver: 0 };

const invoiceOf = (ref: DeliveryRef) => invoices.get(ref.xeroInvoiceId);
const activities = {
  readDeliveryInvoice: (ref: DeliveryRef) => {
    const invoice = invoiceOf(ref);
    return Promise.resolve(invoice && { ...invoice, today: today(), msToNextDay: 60_000 });
  },
  deliverInvoice: (input: DeliveryRef & { version: string }) => {
    if (failNext.deliver > 0) {
      failNext.deliver--;
      // A permanent refusal (retrying within the activity would take minutes): the loop waits it out.
      return Promise.reject(ApplicationFailure.nonRetryable('550 mailbox unavailable', 'SmtpRejected'));
    }
    calls.push(`deliver ${input.xeroInvoiceId} ${input.version}`);
    return Promise.resolve({ messageKey: `invoice:${input.xeroInvoiceId}:${input.version}` });
  },
  fileInvoiceInCrm: (input: DeliveryRef & { version: string }) => {
    calls.push(`file ${input.xeroInvoiceId} ${input.version}`);
    return Promise.resolve({ filed: 1 });
  },
  sendReminder: (input: DeliveryRef & { step: string }) => {
    calls.push(`remind ${input.xeroInvoiceId} ${input.step}`);
    return Promise.resolve({ messageKey: `${input.step}` });
  },
};

let client: Client;
let worker: Worker;
let running: Promise<void>;
const taskQueue = `test-delivery-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  installQuietRuntime();
  const address = testEnv('temporalAddress');
  client = new Client({
    connection: await Connection.connect({ address }),
    namespace: 'default',
    dataConverter: testDataConverter(),
  });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowsPath: require.resolve('../../../workflows/delivery/invoiceDelivery'),
    dataConverter: testDataConverter(),
    activities,
  });
  running = worker.run();
});
afterAll(async () => {
  worker.shutdown();
  await running;
});

const eventually = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`never happened: ${what}; calls: ${calls.join(' | ')}`);
};
const quiet = () => new Promise((r) => setTimeout(r, 600));

function plant(id: string, fields: Partial<DeliveryInvoice> = {}): DeliveryInvoice {
  const invoice: DeliveryInvoice = {
    state: 'open',
    approved: true,
    deliverable: true,
    version: 'v1',
    number: `INV-${id}`,
    dueDate: addDays(today(), 10),
    today: today(),
    msToNextDay: 60_000,
    sender: 'ledgerbridge',
    reminderDays: [-3, 0, 7],
    fileInCrm: true,
    ...fields,
  };
  invoices.set(id, invoice);
  return invoice;
}

async function start(
  id: string,
  extra: { maxHistoryEvents?: number } = {},
): Promise<WorkflowHandleWithFirstExecutionRunId> {
  return client.workflow.start(invoiceDeliveryWorkflow, {
    workflowId: deliveryWorkflowId(INSTALLATION, id),
    taskQueue,
    args: [
      {
        installationId: INSTALLATION,
        xeroTenantId: TENANT,
        xeroInvoiceId: id,
        recheckEveryMs: 150,
        ...extra,
      },
    ],
  });
}
const of = (id: string) => calls.filter((c) => c.split(' ')[1] === id).map((c) => c.replace(` ${id}`, ''));
const wake = (h: WorkflowHandle) => h.signal(invoiceChangedSignal, { at: today() });

it('e-mails and files each version once, reminds on the days, and stops when paid', async () => {
  const id = `a${randomBytes(3).toString('hex')}`;
  plant(id);
  const handle = await start(id);
  await eventually(() => of(id).length === 2, 'delivered and filed');
  expect(of(id)).toEqual(['deliver v1', 'file v1']);

  days += 7; // three days before the due date
  await eventually(() => of(id).length === 3, 'the first reminder');
  expect(of(id)[2]).toBe('remind reminder:-3');

  // The invoice is amended: the new version is e-mailed and filed, the reminders go on.
  invoices.set(id, { ...invoices.get(id)!, version: 'v2' });
  await wake(handle);
  await eventually(() => of(id).length === 5, 'the new version');
  expect(of(id).slice(3)).toEqual(['deliver v2', 'file v2']);

  days += 3; // the due date
  await eventually(() => of(id).length === 6, 'the due-date reminder');
  invoices.set(id, { ...invoices.get(id)!, state: 'paid', version: 'v2' });
  await wake(handle);
  expect(await handle.result()).toMatchObject({ stopped: 'paid' });
  days += 7;
  await quiet();
  expect(of(id)).toEqual([
    'deliver v1',
    'file v1',
    'remind reminder:-3',
    'deliver v2',
    'file v2',
    'remind reminder:0',
  ]);
});

it('files the PDF despite a failed e-mail, tries the e-mail again on the next wake, and sends it once', async () => {
  const id = `b${randomBytes(3).toString('hex')}`;
  plant(id, { reminderDays: [] });
  failNext.deliver = 1;
  const handle = await start(id);
  await eventually(() => of(id).includes('file v1'), 'filed despite the failed e-mail');
  const view = await handle.query(deliveryStateQuery);
  expect(view.lastFailure?.step).toBe('deliver');
  expect(view.delivered).toEqual([]);
  await wake(handle);
  await eventually(() => of(id).includes('deliver v1'), 'the e-mail on the next wake');
  expect(await handle.result()).toMatchObject({ stopped: 'schedule_done' });
  expect(of(id).filter((c) => c.startsWith('deliver'))).toEqual(['deliver v1']);
});

it('sends nothing for a draft, an invoice without an address, or with the sender off, and files approved ones', async () => {
  const draft = `c${randomBytes(3).toString('hex')}`;
  plant(draft, { approved: false, deliverable: false });
  expect(await (await start(draft)).result()).toMatchObject({ stopped: 'not_sent' });
  expect(of(draft)).toEqual([]);

  const noAddress = `d${randomBytes(3).toString('hex')}`;
  plant(noAddress, { deliverable: false });
  expect(await (await start(noAddress)).result()).toMatchObject({ stopped: 'not_sent' });
  expect(of(noAddress)).toEqual(['file v1']);

  const off = `e${randomBytes(3).toString('hex')}`;
  plant(off, { sender: 'off', fileInCrm: false });
  expect(await (await start(off)).result()).toMatchObject({ stopped: 'not_sent' });
  expect(of(off)).toEqual([]);
});

it('stops on a person’s decision, and a run continued-as-new sends nothing twice', async () => {
  const id = `f${randomBytes(3).toString('hex')}`;
  plant(id, { dueDate: addDays(today(), 3) });
  const handle = await start(id, { maxHistoryEvents: 20 });
  await eventually(() => of(id).length === 3, 'delivered, filed and the first reminder');
  // Wakes until the history passes its bound and the run continues as new (polled: no fixed waits).
  let runId = handle.firstExecutionRunId;
  for (let i = 0; i < 40 && runId === handle.firstExecutionRunId; i++) {
    await wake(handle);
    await new Promise((r) => setTimeout(r, 100));
    runId = (await handle.describe()).runId;
  }
  expect(runId).not.toBe(handle.firstExecutionRunId);
  await quiet();
  expect(of(id)).toEqual(['deliver v1', 'file v1', 'remind reminder:-3']);
  await handle.signal(deliveryDecisionSignal, {
    kind: 'stop',
    by: 'ann@example.com',
    reason: 'disputed by phone',
  });
  expect(await handle.result()).toMatchObject({ stopped: 'person_decided' });
  days += 10;
  await quiet();
  expect(of(id)).toEqual(['deliver v1', 'file v1', 'remind reminder:-3']);
});

it('keeps a recorded stop across runs: a run started by an invoice change sends no reminder until resumed', async () => {
  const id = `g${randomBytes(3).toString('hex')}`;
  const invoice = plant(id, { dueDate: addDays(today(), 10) });
  const handle = await start(id);
  await eventually(() => of(id).length === 2, 'delivered and filed');
  // ops delivery stop: the row (read as stoppedBy on every wake), then a wake.
  const stoppedBy = { by: 'ops:ann', reason: 'disputed by phone', at: `${today()}T09:00:00.000Z` };
  invoices.set(id, { ...invoice, stoppedBy });
  await wake(handle);
  expect(await handle.result()).toMatchObject({
    stopped: 'person_decided',
    view: { decision: { kind: 'stop', ...stoppedBy, recorded: true } },
  });

  // The first reminder's day, and the invoice changes: the sync starts a new run with the same ID.
  days += 7;
  const changed = () =>
    startInvoiceDelivery(
      { client, taskQueue },
      {
        installationId: INSTALLATION,
        xeroTenantId: TENANT,
        invoice: { xeroInvoiceId: id, updatedAt: today() },
      },
    );
  await changed();
  const latest = client.workflow.getHandle(deliveryWorkflowId(INSTALLATION, id));
  expect((await latest.describe()).runId).not.toBe(handle.firstExecutionRunId);
  expect(await latest.result()).toMatchObject({ stopped: 'person_decided' });
  await quiet();
  expect(of(id).filter((c) => c.startsWith('remind'))).toEqual([]);

  // ops delivery resume (the row deleted): the next change's run sends the reminder due.
  invoices.set(id, invoice);
  await changed();
  await eventually(() => of(id).includes('remind reminder:-3'), 'the reminder after the resume');
  await latest.terminate('test done');
});
