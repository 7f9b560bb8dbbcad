import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import { startSandboxServer, type SandboxServer } from '../../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../../sandbox/xero';
import { receivablesReport } from '../../../../workflows/domain/stripe/receivables';
import { createCollectionActivities } from '../../../../worker/payments/collections/collectionActivities';
import {
  collectionDepsFrom,
  type CollectionDeps,
} from '../../../../worker/payments/collections/collectionDeps';
import {
  createReceivablesActivities,
  type ReceivablesRun,
} from '../../../../worker/payments/collections/receivablesActivities';
import type { Store } from '../../../../worker/store/store';
import type { CrmTarget } from '../../../../worker/sync/crmTarget';
import { createTestStore } from '../../../support/stores';
import { syncActivityDeps, XERO_CLIENT } from '../../../support/syncDeps';
import { FakePaymentsPort, START } from './collectionHarness';

jest.setTimeout(60_000);

// The organisation's invoices are spread over the year before the injected clock's date.
const TODAY = START.toISOString().slice(0, 10);
let xero: XeroEmulator;
let server: SandboxServer;
let store: Store;
let tenantId: string;
let installationId: string;
let deps: CollectionDeps;
const port = new FakePaymentsPort();

beforeAll(async () => {
  xero = createXeroEmulator({ rateLimits: { perMinute: 600, perDay: 100_000, concurrent: 10 } });
  ({ tenantId } = xero.seedDataset({ asOf: TODAY, tenantId: randomUUID(), contacts: 30, invoices: 2_300 }));
  xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  server = await startSandboxServer(xero);
  store = await createTestStore('pglite');
  const sync = syncActivityDeps({
    store,
    keyring: `c:${Buffer.alloc(32, 9).toString('base64')}`,
    urls: { xero: server.url, salesforce: 'http://127.0.0.1:9', hubspot: 'http://127.0.0.1:9' },
    dispatch: () => Promise.reject(new Error('no dispatch here')),
  });
  const grant = xero.identity.issueGrant(
    XERO_CLIENT.clientId,
    'offline_access accounting.invoices accounting.contacts',
  );
  const connection = await sync.connections.save({
    vendor: 'xero',
    externalId: tenantId,
    displayName: 'Xero org',
    scopes: grant.scope.split(' '),
    tokens: {
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
      expiresAt: Date.now() + 1_800_000,
    },
  });
  installationId = connection.installationId;
  const target = { vendor: 'hubspot', connectionId: 'crm', processorPayments: port } as unknown as CrmTarget;
  deps = collectionDepsFrom({
    connections: sync.connections,
    xeroApi: sync.xeroApi,
    crmTargets: {
      forXeroTenant: () => Promise.resolve([target]),
      forConnection: () => Promise.resolve(target),
    },
    loadInstallationSettings: () => Promise.resolve({ payments: { timeZone: 'UTC' } }),
    audit: { record: () => Promise.resolve(randomUUID()) },
    now: () => START,
  });
});
afterAll(async () => {
  await store.close();
  await server.close();
});

const sales = () =>
  [...xero.store.invoices.values()].filter((i) => i.tenantId === tenantId && i.type === 'ACCREC');

it('reads an invoice for collection through the Xero API, and refuses an organisation of another installation', async () => {
  const overdue = sales().find((i) => i.status === 'AUTHORISED' && i.dueDate && i.dueDate < TODAY);
  const voided = sales().find((i) => i.status === 'VOIDED');
  if (!overdue || !voided) throw new Error('the seed has no overdue or voided invoice');
  const { readCollectionInvoice } = createCollectionActivities(deps);
  const env = new MockActivityEnvironment();
  await expect(
    env.run(readCollectionInvoice, { installationId, xeroTenantId: tenantId, xeroInvoiceId: overdue.id }),
  ).resolves.toMatchObject({
    state: 'open',
    status: 'AUTHORISED',
    contactId: overdue.contactId,
    dueDate: overdue.dueDate,
    amountDue: expect.closeTo(overdue.total - overdue.amountPaid - overdue.amountCredited, 2),
    today: TODAY,
    schedule: { reminderDays: [1, 7, 14] },
  });
  await expect(
    env.run(readCollectionInvoice, { installationId, xeroTenantId: tenantId, xeroInvoiceId: voided.id }),
  ).resolves.toMatchObject({ state: 'written_off' });
  await expect(
    env.run(readCollectionInvoice, {
      installationId: randomUUID(),
      xeroTenantId: tenantId,
      xeroInvoiceId: overdue.id,
    }),
  ).rejects.toThrow(/not one of installation/);
});

it('figures every sales invoice of the organisation, read over several pages, as the pure report does', async () => {
  expect(sales().length).toBeGreaterThan(1_000); // more than one page of Xero's 1,000
  const { computeReceivables } = createReceivablesActivities({
    ...deps,
    db: store.db,
    temporal: { client: undefined as unknown as Client, taskQueue: 'unused' },
  });
  const run: ReceivablesRun = await new MockActivityEnvironment().run(computeReceivables, { installationId });
  const expected = receivablesReport(
    sales().map((i) => ({
      xeroTenantId: tenantId,
      xeroInvoiceId: i.id,
      contactId: i.contactId,
      type: i.type,
      status: i.status,
      currency: i.currency,
      date: i.date,
      dueDate: i.dueDate,
      total: i.total,
      amountDue: i.total - i.amountPaid - i.amountCredited,
    })),
    TODAY,
  );
  expect(run.invoices).toBe(sales().length);
  expect(run.asOf).toBe(TODAY);
  expect(run.figures).toEqual(expected.installation);
  const ids = (list: Array<{ xeroInvoiceId: string }>) => list.map((o) => o.xeroInvoiceId).sort();
  expect(ids(run.overdue)).toEqual(ids(expected.overdue));
  expect(run.overdue.length).toBeGreaterThan(0);
  // No account is linked in this CRM: nothing written.
  expect(run.accountsWritten).toBe(0);
});
