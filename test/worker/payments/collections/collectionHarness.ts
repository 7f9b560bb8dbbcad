import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { CanonicalInvoice } from '../../../../workflows/domain/canonical';
import { addDays } from '../../../../workflows/domain/stripe/calendarDates';
import type { AuditEntry } from '../../../../worker/audit/auditLog';
import { createCollectionActivities } from '../../../../worker/payments/collections/collectionActivities';
import type { CollectionDeps } from '../../../../worker/payments/collections/collectionDeps';
import { createReceivablesActivities } from '../../../../worker/payments/collections/receivablesActivities';
import type {
  AccountFigures,
  CrmPaymentsPort,
  CrmTaskRequest,
} from '../../../../worker/payments/crmPaymentsPort';
import type { Store } from '../../../../worker/store/store';
import type { CrmTarget } from '../../../../worker/sync/crmTarget';
import { installQuietRuntime, testDataConverter } from '../../../support/temporal';
import { testEnv } from '../../../support/testEnv';

/** A fixed "now" the tests move by hand: 09:00 UTC on a date that is no real day's. */
export const START = new Date(Date.UTC(2031, 2, 3, 9));
export const TENANT = 'tenant-a';

/** A CRM payments port keeping what it is told: tasks once per key (as both adapters promise). */
export class FakePaymentsPort implements Partial<CrmPaymentsPort> {
  tasks: Array<CrmTaskRequest & { recordId: string; taskId: string }> = [];
  openTaskCalls = 0;
  figures = new Map<string, AccountFigures>();
  deals = new Map<string, string>(); // xero invoice → deal
  accounts = new Map<string, string>(); // xero contact → account

  dealForXeroInvoice = (id: string) => {
    const dealId = this.deals.get(id);
    return Promise.resolve(
      dealId ? { dealId, name: dealId, accountId: null, ownerId: 'owner-1' } : undefined,
    );
  };
  accountForXeroContact = (id: string) => {
    const accountId = this.accounts.get(id);
    return Promise.resolve(
      accountId ? { accountId, name: accountId, ownerId: 'owner-1', monthlyBilling: false } : undefined,
    );
  };
  writeAccountFigures = (accountId: string, figures: AccountFigures) => {
    this.figures.set(accountId, figures);
    return Promise.resolve({ recordId: accountId, created: false, changes: {} });
  };
  openTask = (recordId: string, task: CrmTaskRequest) => {
    this.openTaskCalls++;
    const open = this.tasks.find((t) => t.key === task.key);
    if (open) return Promise.resolve({ taskId: open.taskId, created: false });
    const taskId = `task-${this.tasks.length + 1}`;
    this.tasks.push({ ...task, recordId, taskId });
    return Promise.resolve({ taskId, created: true });
  };
}

export function plantedInvoice(fields: Partial<CanonicalInvoice> & { dueInDays?: number }): CanonicalInvoice {
  const today = START.toISOString().slice(0, 10);
  const { dueInDays, ...rest } = fields;
  return {
    xeroInvoiceId: randomUUID(),
    number: `INV-${randomBytes(2).toString('hex')}`,
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: randomUUID(),
    contactName: 'Customer',
    currency: 'GBP',
    date: addDays(today, (dueInDays ?? 0) - 30),
    dueDate: addDays(today, dueInDays ?? 0),
    subTotal: 100,
    totalTax: 0,
    total: 100,
    amountDue: 100,
    amountPaid: 0,
    amountCredited: 0,
    lines: [],
    updatedAt: START.toISOString(),
    ...rest,
  };
}

export interface CollectionHarness {
  client: Client;
  taskQueue: string;
  port: FakePaymentsPort;
  invoices: Map<string, CanonicalInvoice>;
  audit: AuditEntry[];
  /** Moves the injected clock on by whole days. */
  advanceDays(days: number): void;
  close(): Promise<void>;
}

/** A worker running the collection and nightly workflows over fakes of Xero and one CRM, on the run's Temporal dev server. */
export async function startCollectionHarness(options: {
  store?: Store;
  installationId: string;
}): Promise<CollectionHarness> {
  installQuietRuntime();
  const address = testEnv('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  const taskQueue = `test-collections-${randomBytes(6).toString('hex')}`;
  const port = new FakePaymentsPort();
  const invoices = new Map<string, CanonicalInvoice>();
  const audit: AuditEntry[] = [];
  let now = START.getTime();
  const target = {
    vendor: 'salesforce',
    connectionId: 'crm-1',
    processorPayments: port,
  } as unknown as CrmTarget;
  const deps: CollectionDeps = {
    xeroTenants: () => Promise.resolve([TENANT]),
    xero: (installationId, tenantId) => {
      if (installationId !== options.installationId || tenantId !== TENANT)
        throw new Error('not this installation');
      return Promise.resolve({
        getInvoice: (id: string) => {
          const invoice = invoices.get(id);
          return invoice
            ? Promise.resolve(structuredClone(invoice))
            : Promise.reject(new Error(`no invoice ${id}`));
        },
        invoicePage: ({ page, pageSize = 1_000 }: { page: number; pageSize?: number }) => {
          const all = [...invoices.values()];
          return Promise.resolve({
            items: all.slice((page - 1) * pageSize, page * pageSize),
            pageCount: Math.max(1, Math.ceil(all.length / pageSize)),
            itemCount: all.length,
          });
        },
      });
    },
    crmTargets: {
      forXeroTenant: () => Promise.resolve([target]),
      forConnection: () => Promise.resolve(target),
    },
    loadInstallationSettings: () => Promise.resolve({ payments: { timeZone: 'Europe/London' } }),
    audit: {
      record: (entry) => {
        audit.push(entry);
        return Promise.resolve(randomUUID());
      },
    },
    now: () => new Date(now),
  };
  const activities = {
    ...createCollectionActivities(deps),
    ...(options.store
      ? createReceivablesActivities({
          ...deps,
          db: options.store.db,
          temporal: { client, taskQueue },
          collectionOptions: { recheckEveryMs: 200 },
        })
      : {}),
  };
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../../../workflows/stripe/collectionsWorkflows'),
    activities,
    dataConverter: testDataConverter(),
  });
  const running = worker.run();
  return {
    client,
    taskQueue,
    port,
    invoices,
    audit,
    advanceDays: (days) => {
      now += days * 86_400_000;
    },
    close: async () => {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** Waits until `check` holds (polling), failing after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
