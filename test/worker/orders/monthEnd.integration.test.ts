import { randomUUID } from 'node:crypto';
import { monthEndBillingWorkflow } from '../../../workflows/orders/monthEndBilling';
import { orderWorkflowId } from '../../../workflows/orders/orderIds';
import { startOrderHarness, type OrderHarness } from './orderHarness';

jest.setTimeout(120_000);

/**
 * The month end on the real dev server against the Xero emulator: each monthly-billed customer's
 * orders of the closed month become one invoice equal to their sum, one line per order; a second
 * run makes nothing; a run that died after Xero made the invoice finds it instead of making another;
 * an order accepted after its customer's month was frozen goes to the next month.
 */
const MAY = new Date('2031-05-10T12:00:00Z');
let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness(MAY);
});
afterAll(() => h.close());

const orderJson = (id: string, accountNumber: string, lines: Array<[number, number]>) =>
  JSON.stringify({
    id,
    placedAt: '2031-05-10T11:00:00Z',
    currency: 'USD',
    customer: { email: `${accountNumber}@buyer.example`, name: accountNumber, accountNumber },
    payment: { method: 'account' },
    lines: lines.map(([quantity, unitPrice], i) => ({
      sku: `SKU-${i}`,
      description: `Item ${i}`,
      quantity,
      unitPrice,
    })),
    total: lines.reduce((sum, [q, p]) => sum + Math.round(q * p * 100), 0) / 100,
  });

async function customer(tag: string) {
  const accountNumber = `AC-${tag}`;
  const contactId = await h.contact({
    name: `Customer ${tag}`,
    email: `${tag}@buyer.example`,
    accountNumber,
  });
  h.accounts.set(contactId, {
    accountId: `001${tag}`,
    name: tag,
    ownerId: null,
    monthlyBilling: true,
    figures: [],
    tasks: [],
  });
  return { accountNumber, contactId };
}

async function place(id: string, accountNumber: string, lines: Array<[number, number]>) {
  const res = await h.post(orderJson(id, accountNumber, lines), { type: 'application/json' });
  expect(res.statusCode).toBe(202);
  await h.client.workflow.getHandle(orderWorkflowId(h.installationId, id)).result();
}

const runMonthEnd = () =>
  h.client.workflow.execute(monthEndBillingWorkflow, {
    taskQueue: h.taskQueue,
    workflowId: `orders-month-end:${h.installationId}:${randomUUID()}`,
    args: [{ installationId: h.installationId }],
  });

const invoicesOf = (contactId: string) =>
  [...h.xero.emulator.store.invoices.values()].filter(
    (i) => i.contactId === contactId && i.status !== 'DELETED',
  );

it('invoices each customer once for the closed month, one line per order, equal to the orders; a second run makes nothing', async () => {
  const tag = randomUUID().slice(0, 6);
  const a = await customer(`a${tag}`);
  const b = await customer(`b${tag}`);
  await place(`A1-${tag}`, a.accountNumber, [[2, 10.5]]);
  await place(`A2-${tag}`, a.accountNumber, [
    [1, 99.99],
    [3, 0.01],
  ]);
  await place(`B1-${tag}`, b.accountNumber, [[1, 7]]);
  // Still May: nothing is closed.
  await expect(runMonthEnd()).resolves.toMatchObject({ invoices: 0 });

  h.clock.now = new Date('2031-06-01T00:45:00Z');
  const first = await runMonthEnd();
  expect(first).toMatchObject({ invoices: 2, orders: 3 });
  const [invoiceA] = invoicesOf(a.contactId);
  expect(invoicesOf(a.contactId)).toHaveLength(1);
  expect(invoiceA).toMatchObject({
    status: 'AUTHORISED',
    total: 121.02,
    reference: 'Orders 2031-05',
    date: '2031-05-31',
  });
  expect(invoiceA?.lines.map((l) => l.description)).toEqual([
    `Order A1-${tag} of 2031-05-10`,
    `Order A2-${tag} of 2031-05-10`,
  ]);
  expect(invoicesOf(b.contactId)).toEqual([expect.objectContaining({ total: 7 })]);
  expect((await h.ledger.load(h.installationId, `A2-${tag}`))?.state).toBe('billed');
  expect(h.accounts.get(a.contactId)?.figures.at(-1)?.orders).toMatchObject({
    awaitingCount: 0,
    awaitingAmount: 0,
  });

  await expect(runMonthEnd()).resolves.toMatchObject({ invoices: 0 });
  expect(invoicesOf(a.contactId)).toHaveLength(1);
});

it('a run that died after Xero made the invoice finds it and makes no second one', async () => {
  h.clock.now = MAY;
  const tag = randomUUID().slice(0, 6);
  const c = await customer(`c${tag}`);
  await place(`C1-${tag}`, c.accountNumber, [[1, 40]]);
  h.clock.now = new Date('2031-06-02T09:00:00Z');
  await runMonthEnd();
  expect(invoicesOf(c.contactId)).toHaveLength(1);
  // As if the worker died between Xero's answer and the record of it (past Xero's Idempotency-Key window).
  await h.xero.store.db
    .updateTable('order_invoices')
    .set({ xero_invoice_id: null, invoiced_at: null })
    .where('installation_id', '=', h.installationId)
    .where('xero_contact_id', '=', c.contactId)
    .execute();
  await h.xero.store.db
    .updateTable('orders')
    .set({ state: 'billing', xero_invoice_id: null })
    .where('installation_id', '=', h.installationId)
    .where('order_id', '=', `C1-${tag}`)
    .execute();
  h.xero.emulator.idempotency.clear();
  await runMonthEnd();
  expect(invoicesOf(c.contactId)).toHaveLength(1);
  expect((await h.ledger.load(h.installationId, `C1-${tag}`))?.state).toBe('billed');
});

it("an order accepted after its customer's month was invoiced joins the next month", async () => {
  h.clock.now = MAY;
  const tag = randomUUID().slice(0, 6);
  const d = await customer(`d${tag}`);
  await place(`D1-${tag}`, d.accountNumber, [[1, 10]]);
  h.clock.now = new Date('2031-06-01T01:00:00Z');
  await runMonthEnd();
  // A May order the site posts late (received, by the route's clock, in May after the freeze).
  h.clock.now = new Date('2031-05-31T23:59:00Z');
  await place(`D2-${tag}`, d.accountNumber, [[1, 5]]);
  expect((await h.ledger.load(h.installationId, `D2-${tag}`))?.billingPeriod).toBe('2031-06');
  expect(invoicesOf(d.contactId)).toEqual([expect.objectContaining({ total: 10 })]);
});
