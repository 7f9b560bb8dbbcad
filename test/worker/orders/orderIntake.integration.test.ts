import { randomUUID } from 'node:crypto';
import { orderRejectionWorkflowId, orderWorkflowId } from '../../../workflows/orders/orderIds';
import type { OrderOutcome } from '../../../workflows/orders/orderIntake';
import { ordersCommand, parseOrdersArgs } from '../../../worker/cli/ops/orders';
import { startOrderHarness, type OrderHarness } from './orderHarness';

jest.setTimeout(90_000);

/**
 * POST /orders/<installation> through to Xero and the CRM, on the real dev server with the Xero
 * emulator through the SDK: card orders paid at once, account orders gathered or rejected, repeats
 * and other orders under a used ID, unsigned posts, malformed ones told to customer service once.
 */
const START = new Date('2031-05-14T10:00:00Z');
let h: OrderHarness;
beforeAll(async () => {
  h = await startOrderHarness(START);
});
afterAll(() => h.close());

const outcomeOf = (orderId: string) =>
  h.client.workflow.getHandle(orderWorkflowId(h.installationId, orderId)).result() as Promise<OrderOutcome>;

function xmlOrder(o: {
  id: string;
  method: 'card' | 'account';
  email: string;
  accountNumber?: string;
  qty?: string;
}) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<order>
  <id>${o.id}</id>
  <placedAt>2031-05-14T09:55:00Z</placedAt>
  <currency>USD</currency>
  <customer><email>${o.email}</email><name>Customer ${o.id}</name>${o.accountNumber ? `<accountNumber>${o.accountNumber}</accountNumber>` : ''}</customer>
  <payment><method>${o.method}</method>${o.method === 'card' ? '<reference>ch_123</reference>' : ''}</payment>
  <lines>
    <line><sku>MUG</sku><description>Mug</description><quantity>${o.qty ?? '2'}</quantity><unitPrice>12.50</unitPrice></line>
    <line><sku>TEA</sku><description>Tea &amp; biscuits</description><quantity>1</quantity><unitPrice>5.00</unitPrice></line>
  </lines>
  <total>30.00</total>
</order>`;
}

const invoicesOf = (contactId: string) =>
  [...h.xero.emulator.store.invoices.values()].filter((i) => i.contactId === contactId);

it('a card order becomes one paid Xero invoice; a repeat is answered with its state, another order under its ID is refused', async () => {
  const id = `W-${randomUUID().slice(0, 8)}`;
  const body = xmlOrder({ id, method: 'card', email: `${id}@buyer.example` });
  const accepted = await h.post(body);
  expect(accepted.statusCode).toBe(202);
  await expect(outcomeOf(id)).resolves.toMatchObject({ state: 'invoiced' });

  const contact = [...h.xero.emulator.store.contacts.values()].find((c) => c.email === `${id}@buyer.example`);
  expect(contact?.name).toBe(`Customer ${id}`);
  const invoices = invoicesOf(contact!.id);
  expect(invoices).toHaveLength(1);
  expect(invoices[0]).toMatchObject({ status: 'PAID', total: 30, reference: `Order ${id}`, currency: 'USD' });
  expect(invoices[0]?.lines).toHaveLength(2);

  const again = await h.post(body);
  expect(again.statusCode).toBe(200);
  expect(again.body).toMatchObject({ orderId: id, state: 'invoiced', duplicate: true });
  const other = await h.post(
    xmlOrder({ id, method: 'card', email: `${id}@buyer.example`, qty: '3' }).replace('30.00', '42.50'),
  );
  expect(other.statusCode).toBe(409);
  expect(other.body.message).toContain(`order.id: ${id}`);
  expect(invoicesOf(contact!.id)).toHaveLength(1);
});

it('an account order waits for the month end when the CRM account bills monthly, and is rejected (e-mail, task) when not', async () => {
  const tag = randomUUID().slice(0, 6);
  const monthly = await h.contact({
    name: `Monthly ${tag}`,
    email: `m-${tag}@buyer.example`,
    accountNumber: `M-${tag}`,
  });
  const cardOnly = await h.contact({
    name: `Card only ${tag}`,
    email: `c-${tag}@buyer.example`,
    accountNumber: `C-${tag}`,
  });
  h.accounts.set(monthly, {
    accountId: `001M${tag}`,
    name: `Monthly ${tag}`,
    ownerId: null,
    monthlyBilling: true,
    figures: [],
    tasks: [],
  });
  h.accounts.set(cardOnly, {
    accountId: `001C${tag}`,
    name: `Card only ${tag}`,
    ownerId: null,
    monthlyBilling: false,
    figures: [],
    tasks: [],
  });

  const gathered = `A-${tag}`;
  expect(
    (
      await h.post(
        xmlOrder({ id: gathered, method: 'account', email: 'x@y.example', accountNumber: `M-${tag}` }),
      )
    ).statusCode,
  ).toBe(202);
  await expect(outcomeOf(gathered)).resolves.toMatchObject({
    state: 'awaiting_month_end',
    period: '2031-05',
  });
  expect(invoicesOf(monthly)).toHaveLength(0);
  expect(h.accounts.get(monthly)?.figures.at(-1)?.orders).toMatchObject({
    awaitingCount: 1,
    awaitingAmount: 30,
  });

  const refused = `R-${tag}`;
  expect(
    (
      await h.post(
        xmlOrder({ id: refused, method: 'account', email: 'x@y.example', accountNumber: `C-${tag}` }),
      )
    ).statusCode,
  ).toBe(202);
  await expect(outcomeOf(refused)).resolves.toMatchObject({ state: 'rejected' });
  const notice = h.notices.find((n) => n.key === `order:${refused}`);
  expect(notice).toMatchObject({ to: 'service@shop.example' });
  expect(notice?.subject).toContain('not set up for monthly billing');
  expect(h.accounts.get(cardOnly)?.tasks).toEqual([
    expect.objectContaining({ key: `order-rejected:${refused}`, priority: 'high' }),
  ]);
  expect((await h.ledger.load(h.installationId, refused))?.state).toBe('rejected');
});

it('refuses unsigned, badly signed and token-less posts with 401 and stores nothing; a bearer token is accepted', async () => {
  const id = `U-${randomUUID().slice(0, 8)}`;
  const body = xmlOrder({ id, method: 'card', email: `${id}@buyer.example` });
  expect((await h.post(body, { sign: false })).statusCode).toBe(401);
  expect((await h.post(body, { token: 'lbot_not-the-token' })).statusCode).toBe(401);
  const forged = await fetch(`${h.url}/orders/${h.installationId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/xml',
      'x-ledgerbridge-signature': `t=${Math.floor(START.getTime() / 1000)},v1=${'0'.repeat(64)}`,
    },
    body,
  });
  expect(forged.status).toBe(401);
  expect(await h.ledger.load(h.installationId, id)).toBeUndefined();
  // Another installation's path with this installation's signature: not found, nothing stored.
  expect((await h.post(body, { path: `/orders/${randomUUID()}` })).statusCode).toBe(404);

  const withToken = await h.post(body, { token: h.endpoint.token });
  expect(withToken.statusCode).toBe(202);
  await expect(outcomeOf(id)).resolves.toMatchObject({ state: 'invoiced' });
});

it('a signed but malformed order is refused naming the element and told to customer service once', async () => {
  const id = `B-${randomUUID().slice(0, 8)}`;
  const body = xmlOrder({ id, method: 'card', email: `${id}@buyer.example`, qty: 'two' });
  const refused = await h.post(body);
  expect(refused.statusCode).toBe(400);
  expect(refused.body.problems).toEqual(
    expect.arrayContaining([expect.objectContaining({ at: 'order.lines.line[1].quantity' })]),
  );
  expect((await h.post(body)).statusCode).toBe(400);
  const sha = await h.xero.store.db
    .selectFrom('order_rejections')
    .select('body_sha256')
    .where('order_id', '=', id)
    .execute();
  expect(sha).toHaveLength(1);
  await h.client.workflow.getHandle(orderRejectionWorkflowId(h.installationId, sha[0]!.body_sha256)).result();
  const told = h.notices.filter((n) => n.subject === `Order ${id} could not be read`);
  expect(told).toHaveLength(1);
  expect(told[0]?.text).toContain('order.lines.line[1].quantity');
  expect(await h.ledger.load(h.installationId, id)).toBeUndefined();
});

// Its speed (well under 50 ms) is held by parseOrder.unit.test.ts, away from the HTTP round trip's noise.
it('refuses an entity bomb before parsing it, storing nothing', async () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE order [<!ENTITY a "${'x'.repeat(1000)}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><order><id>&d;</id></order>`;
  const refused = await h.post(bomb);
  expect(refused.statusCode).toBe(400);
  expect(refused.body.message).toContain('DOCTYPE');
});

it('an order Temporal did not take is answered 5xx, and the shop\'s retry hands it over (not a "duplicate")', async () => {
  const id = `T-${randomUUID().slice(0, 8)}`;
  const body = xmlOrder({ id, method: 'card', email: `${id}@buyer.example` });
  h.dispatchFailures.next = 1;
  expect((await h.post(body)).statusCode).toBeGreaterThanOrEqual(500);
  expect((await h.ledger.load(h.installationId, id))?.state).toBe('received');
  const retried = await h.post(body);
  expect(retried.statusCode).toBe(202);
  await expect(outcomeOf(id)).resolves.toMatchObject({ state: 'invoiced' });
});

it("ops lists the installation's orders with their states and the refused posts", async () => {
  const { slug } = await h.xero.store.db
    .selectFrom('installations')
    .select('slug')
    .where('id', '=', h.installationId)
    .executeTakeFirstOrThrow();
  const out: string[] = [];
  const ctx = {
    db: () => Promise.resolve(h.xero.store.db),
    write: (t: string) => void out.push(t),
    taskQueue: h.taskQueue,
    client: () => Promise.resolve(h.client),
  };
  await ordersCommand(ctx, { name: 'orders', installation: slug, state: undefined, limit: 50 });
  const text = out.join('');
  expect(text).toMatch(/W-\w+ +card +invoiced/);
  expect(text).toMatch(/A-\w+ +account +awaiting_month_end +30\.00 USD +2031-05/);
  expect(text).toContain('not set up for monthly billing');
  expect(text).toMatch(/posts refused as not orders[\s\S]*B-\w+ +told: order\.lines\.line\[1\]\.quantity/);
  out.length = 0;
  await ordersCommand(ctx, { name: 'orders', installation: slug, state: 'rejected', limit: 50 });
  expect(out.join('')).not.toMatch(/ invoiced /);
  expect(parseOrdersArgs([slug], { state: 'lost' })).toEqual({ error: expect.stringContaining('--state') });
});
