import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import { addDays } from '../../../workflows/domain/stripe/calendarDates';
import {
  deliveryStateQuery,
  deliveryWorkflowId,
  invoiceDeliveryWorkflow,
} from '../../../workflows/delivery/invoiceDelivery';
import { runOps } from '../../../worker/cli/ops';
import type { OpsContext } from '../../../worker/cli/ops/opsContext';
import { parseOpsArgs } from '../../../worker/cli/ops/parseOpsArgs';
import { VendorError } from '../../../worker/connectors/errors';
import type { DeliveryRef } from '../../../worker/delivery/deliveryActivityTypes';
import { DeliveryStops } from '../../../worker/delivery/deliveryStops';
import { readDeliveryInvoice } from '../../../worker/delivery/readDeliveryInvoice';
import { startInvoiceDelivery } from '../../../worker/delivery/startInvoiceDelivery';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';
import { installQuietRuntime, testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

jest.setTimeout(60_000);

/**
 * `npm run ops -- delivery status|stop|resume` through the ops dispatcher, on PGlite and the dev
 * server: the delivery workflow's activities are fakes except the read, which is the real one over a
 * fake Xero and the real delivery_stops, so a stop made here is what the workflow reads.
 */
const TENANT = randomUUID();
const START = '2031-03-02';
let days = 0;
const today = () => addDays(START, days);
const invoices = new Map<string, CanonicalInvoice>();
const calls: string[] = [];

let store: Store;
let client: Client;
let worker: Worker;
let running: Promise<void>;
let ctx: OpsContext;
let out: string[];
let slug: string;
let installationId: string;
let otherSlug: string;
const taskQueue = `test-delivery-ops-${randomBytes(4).toString('hex')}`;

function plant(xeroInvoiceId: string): void {
  invoices.set(xeroInvoiceId, {
    xeroInvoiceId,
    number: 'INV-9',
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: randomUUID(),
    contactName: 'Acme',
    currency: 'NZD',
    date: today(),
    dueDate: addDays(today(), 10),
    subTotal: 100,
    totalTax: 15,
    total: 115,
    amountDue: 115,
    amountPaid: 0,
    amountCredited: 0,
    lines: [],
    updatedAt: `${today()}T00:00:00Z`,
  });
}

beforeAll(async () => {
  installQuietRuntime();
  store = await createTestStore('pglite');
  const installations = new InstallationStore(store.db);
  slug = `deliv-${randomBytes(3).toString('hex')}`;
  otherSlug = `other-${randomBytes(3).toString('hex')}`;
  installationId = (await installations.ensure({ slug })).id;
  await installations.ensure({ slug: otherSlug });
  const readDeps = {
    xero: () =>
      Promise.resolve({
        getInvoice: (id: string) => {
          const found = invoices.get(id);
          return found ? Promise.resolve(found) : Promise.reject(new VendorError('notFound', 'xero', 'gone'));
        },
        getContact: (id: string) =>
          Promise.resolve({
            xeroContactId: id,
            name: 'Acme',
            email: 'ap@acme.test',
            groups: [],
            isCustomer: true,
            status: 'ACTIVE' as const,
            updatedAt: '2031-03-01T00:00:00Z',
          }),
      }),
    loadInstallationSettings: () =>
      Promise.resolve({
        delivery: { sender: 'ledgerbridge', reminderDays: [-3, 0] },
        payments: { timeZone: 'UTC' },
      }),
    now: () => new Date(`${today()}T12:00:00Z`),
    deliveryStops: new DeliveryStops(store.db),
  };
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
    activities: {
      readDeliveryInvoice: (ref: DeliveryRef) => readDeliveryInvoice(readDeps, ref),
      deliverInvoice: (input: DeliveryRef & { version: string }) => {
        calls.push(`deliver ${input.xeroInvoiceId}`);
        return Promise.resolve({ messageKey: `invoice:${input.xeroInvoiceId}:${input.version}` });
      },
      fileInvoiceInCrm: () => Promise.resolve({ filed: 0 }),
      sendReminder: (input: DeliveryRef & { step: string }) => {
        calls.push(`remind ${input.xeroInvoiceId} ${input.step}`);
        return Promise.resolve({ messageKey: input.step });
      },
    },
  });
  running = worker.run();
  out = [];
  ctx = {
    client: () => Promise.resolve(client),
    db: () => Promise.resolve(store.db),
    taskQueue,
    write: (text) => out.push(text),
  };
});
afterAll(async () => {
  worker.shutdown();
  await running;
  await store.close();
});

const ops = (...argv: string[]) => runOps(parseOpsArgs(argv), ctx);
const eventually = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`never happened: ${what}; calls: ${calls.join(' | ')}`);
};

it('parses delivery commands and names what is wrong', () => {
  const invoice = randomUUID();
  expect(
    parseOpsArgs(['delivery', 'stop', 'acme', invoice.toUpperCase(), '--reason', 'disputed', '--by', 'ann']),
  ).toEqual({
    name: 'delivery',
    action: 'stop',
    installation: 'acme',
    xeroInvoiceId: invoice,
    reason: 'disputed',
    by: 'ops:ann',
  });
  expect(parseOpsArgs(['delivery', 'status', 'acme'])).toEqual({
    name: 'delivery',
    action: 'status',
    installation: 'acme',
    xeroInvoiceId: undefined,
  });
  expect(() => parseOpsArgs(['delivery', 'stop', 'acme', invoice])).toThrow(/--reason/);
  expect(() => parseOpsArgs(['delivery', 'stop', 'acme', 'INV-1', '--reason', 'disputed'])).toThrow(
    /Xero invoice/,
  );
  expect(() =>
    parseOpsArgs(['delivery', 'stop', 'acme', invoice, '--reason', 'x y z', '--by', 'a b']),
  ).toThrow(/--by/);
  expect(() => parseOpsArgs(['delivery', 'pause', 'acme', invoice])).toThrow(/status, stop or resume/);
  expect(() => parseOpsArgs(['delivery', 'resume', 'Not A Slug', invoice])).toThrow(/installation/);
});

it('stops a running delivery for good, lists it, refuses another installation’s invoice, and resumes it', async () => {
  const invoice = randomUUID();
  plant(invoice);
  const workflowId = deliveryWorkflowId(installationId, invoice);
  const handle = await client.workflow.start(invoiceDeliveryWorkflow, {
    workflowId,
    taskQueue,
    args: [{ installationId, xeroTenantId: TENANT, xeroInvoiceId: invoice, recheckEveryMs: 150 }],
  });
  await eventually(() => calls.includes(`deliver ${invoice}`), 'the invoice e-mailed');

  await ops('delivery', 'stop', slug, invoice, '--reason', 'disputed by phone', '--by', 'ann');
  expect(out.join('')).toContain('its running delivery was told');
  const outcome = await handle.result();
  expect(outcome).toMatchObject({
    stopped: 'person_decided',
    view: { decision: { by: 'ops:ann', reason: 'disputed by phone', recorded: true } },
  });

  out.length = 0;
  await ops('delivery', 'status', installationId);
  expect(out.join('')).toMatch(new RegExp(`${invoice} +\\S+ +ops:ann +"disputed by phone"`));
  out.length = 0;
  await ops('delivery', 'status', slug, invoice);
  expect(out.join('')).toMatch(/status: stopped \(person_decided\)/);
  expect(out.join('')).toMatch(/stop recorded: by ops:ann at .*"disputed by phone"/);

  // Another installation's invoice (its e-mail is on record there), and an invoice nobody knows.
  const theirs = randomUUID();
  const other = await new InstallationStore(store.db).ensure({ slug: otherSlug });
  await store.db
    .insertInto('invoice_messages')
    .values({
      installation_id: other.id,
      message_key: `invoice:${theirs}:v1`,
      xero_invoice_id: theirs,
      message_id: `<${theirs}@test>`,
      to_addresses: ['ap@other.test'],
      intent_at: new Date(),
    })
    .execute();
  await expect(ops('delivery', 'stop', slug, theirs, '--reason', 'not ours')).rejects.toThrow(
    /another installation's.*refused/,
  );
  await expect(ops('delivery', 'stop', slug, randomUUID(), '--reason', 'typo')).rejects.toThrow(
    /no delivery of/,
  );
  await expect(ops('delivery', 'resume', slug, theirs)).rejects.toThrow(/another installation's/);

  // The first reminder's day: nothing is sent while the stop stands, even by a new run.
  days += 7;
  await startInvoiceDelivery(
    { client, taskQueue },
    {
      installationId,
      xeroTenantId: TENANT,
      invoice: { xeroInvoiceId: invoice, updatedAt: `${today()}T08:00:00Z` },
    },
  );
  const rerun = client.workflow.getHandle(workflowId);
  expect((await rerun.describe()).runId).not.toBe(handle.firstExecutionRunId);
  await expect(rerun.result()).resolves.toMatchObject({ stopped: 'person_decided' });
  expect(calls.filter((c) => c.startsWith(`remind ${invoice}`))).toEqual([]);

  // Resume: the row goes, audited; the run the stop ended is started again and the reminder goes.
  await store.db
    .insertInto('connections')
    .values({ installation_id: installationId, vendor: 'xero', external_id: TENANT, credentials: '{}' })
    .execute();
  out.length = 0;
  await ops('delivery', 'resume', slug, invoice, '--by', 'bob');
  expect(out.join('')).toContain('its delivery was started again');
  await eventually(() => calls.includes(`remind ${invoice} reminder:-3`), 'the reminder after the resume');
  const latest = client.workflow.getHandle(workflowId);
  expect((await latest.query(deliveryStateQuery)).decision).toBeUndefined();
  await expect(ops('delivery', 'resume', slug, invoice)).rejects.toThrow(/no stop recorded/);
  await latest.terminate('test done');

  const audit = await store.db
    .selectFrom('audit_log')
    .select(['action', 'actor', 'workflow_id', 'detail'])
    .where('action', 'like', 'delivery.%')
    .orderBy('occurred_at')
    .execute();
  expect(audit.map((a) => [a.action, a.actor, a.workflow_id])).toEqual([
    ['delivery.stop', 'ops:ann', workflowId],
    ['delivery.resume', 'ops:bob', workflowId],
  ]);
  expect(await new DeliveryStops(store.db).find(installationId, invoice)).toBeUndefined();
});
