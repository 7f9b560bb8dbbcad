import type { OrderInput } from '../../workflows/orders/orderActivityTypes';
import { accountsOfContact, showOrdersOnAccounts } from './orderAccounts';
import type { OrderDeps } from './orderDeps';

/**
 * A rejected order: marked so with its reason, customer service told by e-mail, and a task opened
 * on the customer's CRM account where one is linked (made once per order, whatever the retries).
 */
export async function rejectOrder(
  deps: OrderDeps,
  input: OrderInput & { reason: string; xeroContactId?: string },
): Promise<void> {
  const { installationId, orderId } = input;
  await deps.ledger.advance(installationId, orderId, ['received'], {
    state: 'rejected',
    reason: input.reason,
  });
  const stored = await deps.ledger.load(installationId, orderId);
  const setup = await deps.endpoints.setup(installationId);
  if (!stored || !setup || stored.notifiedAt) return;
  const { order } = stored;
  const subject = `Order ${order.id} rejected: ${input.reason}`.slice(0, 200);
  const text = [
    `Order ${order.id} from ${order.customer.name} <${order.customer.email}> was not accepted.`,
    '',
    `Why: ${input.reason}.`,
    `Placed: ${order.placedAt}; paid by ${order.payment.method}; total ${order.currency} ${order.total.toFixed(2)}.`,
    '',
    'Nothing was invoiced. Fix the cause (link the customer, turn monthly billing on) and ask the site to post it again under a new order ID, or invoice it by hand.',
  ].join('\n');
  const sent = await deps.notices.send(installationId, {
    key: `order:${order.id}`,
    to: setup.customerServiceEmail,
    subject,
    text,
  });
  let tasks = 0;
  if (input.xeroContactId) {
    const due = deps.now().toISOString().slice(0, 10);
    const accounts = await accountsOfContact(deps, setup.xeroTenantId, input.xeroContactId);
    for (const { target, account } of accounts) {
      await target.processorPayments?.openTask(account.accountId, {
        key: `order-rejected:${order.id}`,
        subject,
        body: text,
        dueDate: due,
        priority: 'high',
        ownerId: null,
      });
      tasks++;
    }
    await showOrdersOnAccounts(deps, installationId, setup.xeroTenantId, input.xeroContactId, accounts);
  }
  await deps.ledger.markNotified(installationId, { orderId }, deps.now());
  await deps.audit.record({
    action: 'order_rejected',
    outcome: 'succeeded',
    actor: 'worker',
    subject: { installationId, orderId },
    detail: { reason: input.reason, email: sent, crmTasks: tasks },
  });
}

/** A signed post that was not a valid order: customer service told once, with each problem. */
export async function notifyRejectedPost(
  deps: OrderDeps,
  input: { installationId: string; bodySha256: string },
): Promise<void> {
  const { installationId, bodySha256 } = input;
  const [rejection, setup] = await Promise.all([
    deps.ledger.loadRejection(installationId, bodySha256),
    deps.endpoints.setup(installationId),
  ]);
  if (!rejection || !setup || rejection.notifiedAt) return;
  const what = rejection.orderId ? `Order ${rejection.orderId}` : 'An order';
  const sent = await deps.notices.send(installationId, {
    key: `post:${bodySha256}`,
    to: setup.customerServiceEmail,
    subject: `${what} could not be read`,
    text: [
      `${what} posted by the shop at ${rejection.receivedAt.toISOString()} was refused: the shop was told why.`,
      '',
      ...rejection.reason.split('; ').map((p) => `- ${p}`),
      '',
      'Nothing was recorded or invoiced. Once the shop sends it corrected, it is taken in as usual.',
    ].join('\n'),
  });
  await deps.ledger.markNotified(installationId, { bodySha256 }, deps.now());
  await deps.audit.record({
    action: 'order_post_rejected',
    outcome: 'succeeded',
    actor: 'worker',
    subject: { installationId, ...(rejection.orderId ? { orderId: rejection.orderId } : {}) },
    detail: { bodySha256, reason: rejection.reason, email: sent },
  });
}
