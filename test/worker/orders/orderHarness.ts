import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import Fastify, { type FastifyInstance } from 'fastify';
import { AuditLog } from '../../../worker/audit/auditLog';
import { acceptRawBodies } from '../../../worker/ingress/rawBody';
import { registerOrderIntakeRoute } from '../../../worker/ingress/orderIntakeRoute';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { createOrderActivities } from '../../../worker/orders/createOrderActivities';
import { MonthEndLedger } from '../../../worker/orders/monthEndLedger';
import { orderDispatcher } from '../../../worker/orders/orderDispatch';
import { OrderEndpoints, type IssuedOrderEndpoint } from '../../../worker/orders/orderEndpoints';
import { OrderLedger } from '../../../worker/orders/orderLedger';
import type { OrderNotice } from '../../../worker/orders/orderNotices';
import { signOrder } from '../../../worker/orders/orderSignature';
import type { AccountFigures, CrmAccountRef, CrmTaskRequest } from '../../../worker/payments/crmPaymentsPort';
import type { CrmTarget } from '../../../worker/sync/crmTarget';
import pino from 'pino';
import { startConnectedXero, type ConnectedXero } from '../../support/connectedXero';
import { installQuietRuntime, testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

export interface Posted {
  statusCode: number;
  body: { [key: string]: unknown; message?: string; problems?: Array<{ at: string; message: string }> };
}

/** A CRM account the fake CRM holds for a Xero contact. */
export interface FakeAccount extends CrmAccountRef {
  figures: AccountFigures[];
  tasks: CrmTaskRequest[];
}

export interface OrderHarness {
  xero: ConnectedXero;
  installationId: string;
  endpoint: IssuedOrderEndpoint;
  ledger: OrderLedger;
  http: FastifyInstance;
  client: Client;
  taskQueue: string;
  notices: OrderNotice[];
  /** By Xero contact ID. */
  accounts: Map<string, FakeAccount>;
  /** Hand-overs to Temporal to fail (as when it is away) before the next succeeds. */
  dispatchFailures: { next: number };
  /** The clock of the route and the activities; the test moves it. */
  clock: { now: Date };
  /** A Xero contact made in the emulator, with an e-mail and (optionally) an account number. */
  contact(input: { name: string; email: string; accountNumber?: string }): Promise<string>;
  /** The route's base URL (http://127.0.0.1:<port>). */
  url: string;
  post(
    body: string,
    options?: { type?: string; sign?: boolean; token?: string; path?: string },
  ): Promise<Posted>;
  close(): Promise<void>;
}

/**
 * Order intake on the real Temporal dev server: the route (Fastify's inject), the order workflows
 * and their activities against the Xero emulator through the SDK, a fake CRM port and a notice
 * recorder; one installation with its endpoint issued.
 */
export async function startOrderHarness(start: Date): Promise<OrderHarness> {
  installQuietRuntime();
  const xero = await startConnectedXero({
    scope: 'offline_access accounting.transactions accounting.contacts accounting.settings.read',
  });
  const installation = await new InstallationStore(xero.store.db).ensure({
    slug: `orders-${randomBytes(3).toString('hex')}`,
  });
  await xero.store.db
    .updateTable('connections')
    .set({ installation_id: installation.id })
    .where('id', '=', xero.connection.id)
    .execute();
  const endpoints = new OrderEndpoints(xero.store.db, xero.box);
  const endpoint = await endpoints.issue(
    installation.id,
    { xeroTenantId: xero.tenantId, customerServiceEmail: 'service@shop.example' },
    'jest',
  );
  const clock = { now: start };
  const ledger = new OrderLedger(xero.store.db);
  const notices: OrderNotice[] = [];
  const accounts = new Map<string, FakeAccount>();
  const target = {
    vendor: 'salesforce',
    connectionId: 'crm-fake',
    processorPayments: {
      accountForXeroContact: (id: string) => Promise.resolve(accounts.get(id)),
      writeAccountFigures: (accountId: string, figures: AccountFigures) => {
        [...accounts.values()].find((a) => a.accountId === accountId)?.figures.push(figures);
        return Promise.resolve({ recordId: accountId, created: false, changes: {} });
      },
      openTask: (accountId: string, task: CrmTaskRequest) => {
        const account = [...accounts.values()].find((a) => a.accountId === accountId);
        const created = !account?.tasks.some((t) => t.key === task.key);
        if (created) account?.tasks.push(task);
        return Promise.resolve({ taskId: `task-${task.key}`, created });
      },
    },
  } as unknown as CrmTarget;
  const address = testEnv('temporalAddress');
  const client = new Client({
    connection: await Connection.connect({ address }),
    namespace: 'default',
    dataConverter: testDataConverter(),
  });
  const taskQueue = `test-orders-${randomBytes(4).toString('hex')}`;
  const activities = createOrderActivities({
    ledger,
    monthEnd: new MonthEndLedger(xero.store.db),
    endpoints,
    xero: () => Promise.resolve(xero.api),
    crmTargets: { forXeroTenant: () => Promise.resolve([target]) },
    loadOrganisationSettings: () => Promise.resolve({}),
    notices: {
      send: (_installationId, notice) => {
        notices.push(notice);
        return Promise.resolve('sent');
      },
    },
    audit: new AuditLog(xero.store.db),
    now: () => clock.now,
  });
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    taskQueue,
    workflowsPath: require.resolve('./orderWorkflows'),
    dataConverter: testDataConverter(),
    activities,
  });
  const running = worker.run();
  const dispatch = orderDispatcher(client, taskQueue);
  const dispatchFailures = { next: 0 };
  const failing = () =>
    dispatchFailures.next-- > 0
      ? Promise.reject(new Error('Temporal is away'))
      : ((dispatchFailures.next = 0), undefined);
  const http = Fastify();
  acceptRawBodies(http);
  registerOrderIntakeRoute(http, {
    endpoints,
    ledger,
    dispatch: {
      order: (...args) => failing() ?? dispatch.order(...args),
      rejection: (...args) => failing() ?? dispatch.rejection(...args),
    },
    logger: pino({ level: 'silent' }),
    now: () => clock.now.getTime(),
  });
  const url = await http.listen({ host: '127.0.0.1', port: 0 });
  return {
    xero,
    installationId: installation.id,
    endpoint,
    ledger,
    http,
    client,
    taskQueue,
    notices,
    accounts,
    clock,
    dispatchFailures,
    url,
    async contact(input) {
      const res = await xero.api.call((api, tenant) =>
        api.createContacts(tenant, {
          contacts: [
            {
              name: input.name,
              emailAddress: input.email,
              ...(input.accountNumber ? { accountNumber: input.accountNumber } : {}),
            },
          ],
        }),
      );
      const id = res.body.contacts?.[0]?.contactID;
      if (!id) throw new Error('no contact made');
      return id;
    },
    async post(body, options = {}) {
      const headers: Record<string, string> = { 'content-type': options.type ?? 'application/xml' };
      if (options.sign ?? !options.token)
        headers['x-ledgerbridge-signature'] = signOrder(
          endpoint.signingSecret,
          body,
          Math.floor(clock.now.getTime() / 1000),
        );
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      const res = await fetch(`${url}${options.path ?? `/orders/${installation.id}`}`, {
        method: 'POST',
        headers,
        body,
      });
      const text = await res.text();
      return { statusCode: res.status, body: text ? (JSON.parse(text) as Posted['body']) : {} };
    },
    async close() {
      await http.close();
      worker.shutdown();
      await running;
      await client.connection.close();
      await xero.close();
    },
  };
}
