import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { parseKeyring, SecretBox } from '../../worker/connections/secretBox';
import { InstallationStore } from '../../worker/installations/installationStore';
import { OrderEndpoints, type IssuedOrderEndpoint } from '../../worker/orders/orderEndpoints';
import { openStore } from '../../worker/store/store';
import { ledgerbridgeDataConverter } from '../../worker/temporal/dataConverter';
import type { PayloadKey } from '../../worker/temporal/payloadKeys';
import { monthEndBillingWorkflow, type MonthEndResult } from '../../workflows/orders/monthEndBilling';

/** An order as the store holds it at the end of the run. */
export interface StoredOrderRow {
  orderId: string;
  state: string;
  method: string;
  xeroContactId: string | null;
  xeroInvoiceId: string | null;
  billingPeriod: string | null;
  totalCents: number;
  reason: string | null;
}

type Store = Awaited<ReturnType<typeof openStore>>;
const withStore = async <T>(url: string, use: (store: Store) => Promise<T>): Promise<T> => {
  const store = await openStore({ kind: 'postgres', url }, { migrate: false });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
};

/**
 * The default installation (the one `npm run connect` connects into) with its order endpoint issued
 * as `npm run connect:orders` issues it (sealed with the worker's keyring). Run after the worker's
 * migrations and after Xero is connected.
 */
export function issueOrderEndpoint(input: {
  databaseUrl: string;
  encryptionKeys: string;
  xeroTenantId: string;
}): Promise<{ installationId: string; endpoint: IssuedOrderEndpoint }> {
  return withStore(input.databaseUrl, async (store) => {
    const installation = await new InstallationStore(store.db).defaultInstallation();
    const box = new SecretBox(parseKeyring(input.encryptionKeys));
    const endpoint = await new OrderEndpoints(store.db, box).issue(
      installation.id,
      { xeroTenantId: input.xeroTenantId, customerServiceEmail: 'service@bench-orders.example' },
      'bench:orders',
    );
    return { installationId: installation.id, endpoint };
  });
}

/**
 * The month end without waiting for it: the worker's clock is real, so the gathered orders are
 * moved into the previous month in the store (as if received then) before the run is started.
 */
export function backdateGatheredOrders(
  databaseUrl: string,
  installationId: string,
  period: string,
): Promise<number> {
  return withStore(databaseUrl, async (store) => {
    const result = await store.db
      .updateTable('orders')
      .set({ billing_period: period })
      .where('installation_id', '=', installationId)
      .where('state', '=', 'awaiting_month_end')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}

export function readStoredOrders(
  databaseUrl: string,
  installationId: string,
): Promise<{ orders: StoredOrderRow[]; rejectedPosts: number; stillInFlight: number }> {
  return withStore(databaseUrl, async (store) => {
    const rows = await store.db
      .selectFrom('orders')
      .select([
        'order_id',
        'state',
        'payment_method',
        'xero_contact_id',
        'xero_invoice_id',
        'billing_period',
        'total_cents',
        'reason',
      ])
      .where('installation_id', '=', installationId)
      .execute();
    const posts = await store.db
      .selectFrom('order_rejections')
      .select(sql<string>`count(*)`.as('n'))
      .where('installation_id', '=', installationId)
      .executeTakeFirstOrThrow();
    return {
      orders: rows.map((r) => ({
        orderId: r.order_id,
        state: r.state,
        method: r.payment_method,
        xeroContactId: r.xero_contact_id,
        xeroInvoiceId: r.xero_invoice_id,
        billingPeriod: r.billing_period,
        totalCents: Number(r.total_cents),
        reason: r.reason,
      })),
      rejectedPosts: Number(posts.n),
      stillInFlight: rows.filter((r) => r.state === 'received' || r.state === 'billing').length,
    };
  });
}

/** Counts of the run's order workflows by status, from Temporal's visibility (counts only). */
export async function orderWorkflowCounter(address: string, taskQueue: string) {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  const of = async (type: string, status: string) =>
    (
      await client.workflow.count(
        `WorkflowType = '${type}' AND TaskQueue = '${taskQueue}' AND ExecutionStatus = '${status}'`,
      )
    ).count ?? 0;
  return {
    async counts() {
      const [running, completed, rejectionsRunning, failed] = await Promise.all([
        of('orderIntakeWorkflow', 'Running'),
        of('orderIntakeWorkflow', 'Completed'),
        of('orderRejectionWorkflow', 'Running'),
        of('orderIntakeWorkflow', 'Failed'),
      ]);
      return { running: running + rejectionsRunning, completed, failed };
    },
    close: () => connection.close(),
  };
}

/**
 * Runs the installation's month end now, as its Schedule would on the 1st (through a client with
 * the worker's payload keys: the workflow's input and result are sealed).
 */
export async function runMonthEnd(input: {
  address: string;
  payloadKeys: PayloadKey[];
  taskQueue: string;
  installationId: string;
  timeoutMs: number;
}): Promise<MonthEndResult> {
  const connection = await Connection.connect({ address: input.address });
  try {
    const client = new Client({ connection, dataConverter: ledgerbridgeDataConverter(input.payloadKeys) });
    const handle = await client.workflow.start(monthEndBillingWorkflow, {
      taskQueue: input.taskQueue,
      workflowId: `orders-month-end:${input.installationId}:bench`,
      args: [{ installationId: input.installationId }],
      workflowExecutionTimeout: input.timeoutMs,
    });
    return await handle.result();
  } finally {
    await connection.close();
  }
}
