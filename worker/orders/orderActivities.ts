import { ApplicationFailure, Context } from '@temporalio/activity';
import { periodOf } from '../../workflows/domain/orders/billingPeriod';
import { cardOrderInvoice } from '../../workflows/domain/orders/orderInvoices';
import { dateInTimeZone } from '../../workflows/domain/stripe/calendarDates';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import type { OrderDecision, OrderInput } from '../../workflows/orders/orderActivityTypes';
import { VendorError } from '../connectors/errors';
import { XeroWrites } from '../connectors/xero/xeroWrites';
import { createXeroPayment, stripeClearingAccount } from '../payments/xeroPaymentReads';
import { accountsOfContact, showOrdersOnAccounts } from './orderAccounts';
import { organisationSettings, type OrderDeps } from './orderDeps';
import type { StoredOrder } from './orderLedger';
import { createOrderCustomer, findOrderInvoice, orderCustomerContacts } from './orderXero';

/** The order's endpoint set-up and stored order; a missing one cannot come back by retrying. */
async function orderAndSetup(deps: OrderDeps, input: OrderInput) {
  const [stored, setup] = await Promise.all([
    deps.ledger.load(input.installationId, input.orderId),
    deps.endpoints.setup(input.installationId),
  ]);
  if (!stored || !setup)
    throw ApplicationFailure.nonRetryable(
      `order ${input.orderId} or installation ${input.installationId}'s order endpoint is gone`,
      LEDGERBRIDGE_ERROR_TYPES.noConnection,
    );
  return { stored, setup };
}

/**
 * What becomes of an order: card orders are invoiced (their customer's Xero contact found or made);
 * account orders only for a customer whose CRM account has monthly billing on. Several Xero contacts
 * for one customer go to a person (the order is rejected with the reason), never guessed.
 */
export async function classifyOrder(deps: OrderDeps, input: OrderInput): Promise<OrderDecision> {
  const { stored, setup } = await orderAndSetup(deps, input);
  if (stored.state !== 'received') return { kind: 'done', state: stored.state };
  const { order } = stored;
  const api = await deps.xero(input.installationId, setup.xeroTenantId);
  const contacts = await orderCustomerContacts(api, order.customer);
  // The reason is stored, audited and shown to operators: it names the account number, never the e-mail.
  const who = order.customer.accountNumber
    ? `account number ${order.customer.accountNumber}`
    : "by the order's e-mail";
  if (contacts.length > 1)
    return {
      kind: 'reject',
      reason: `${contacts.length} Xero contacts match the customer (${who}): link one`,
    };
  if (order.payment.method === 'card') {
    if (contacts[0]) return { kind: 'card', xeroContactId: contacts[0] };
    try {
      const made = await createOrderCustomer(
        api,
        order.customer,
        `order-contact:${input.installationId}:${order.id}`,
      );
      return { kind: 'card', xeroContactId: made };
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'validation')
        return { kind: 'reject', reason: `Xero refused the customer (${who}): ${err.message}` };
      throw err;
    }
  }
  const contact = contacts[0];
  if (!contact) return { kind: 'reject', reason: `no Xero contact for the account customer (${who})` };
  const accounts = await accountsOfContact(deps, setup.xeroTenantId, contact);
  if (accounts.length === 0)
    return {
      kind: 'reject',
      reason: `the customer (${who}) has no CRM account linked to Xero`,
      xeroContactId: contact,
    };
  if (!accounts.some((a) => a.account.monthlyBilling))
    return {
      kind: 'reject',
      reason: `the customer's CRM account (${accounts[0]?.account.name ?? who}) is not set up for monthly billing`,
      xeroContactId: contact,
    };
  return { kind: 'account', xeroContactId: contact };
}

/** The card order's invoice, authorised and paid in full, made once (Idempotency-Keys per order). */
export async function invoiceCardOrder(
  deps: OrderDeps,
  input: OrderInput & { xeroContactId: string },
): Promise<{ xeroInvoiceId: string }> {
  const { stored, setup } = await orderAndSetup(deps, input);
  if (stored.xeroInvoiceId) return { xeroInvoiceId: stored.xeroInvoiceId };
  const api = await deps.xero(input.installationId, setup.xeroTenantId);
  const settings = await organisationSettings(deps, setup.xeroTenantId);
  const placedOn = dateInTimeZone(Date.parse(stored.order.placedAt) / 1000, settings.payments.timeZone);
  const key = `order:${input.installationId}:${stored.order.id}`;
  const draft = cardOrderInvoice(stored.order, placedOn, settings);
  const writes = new XeroWrites(api);
  const earlier =
    Context.current().info.attempt > 1
      ? await findOrderInvoice(api, {
          reference: draft.reference,
          xeroContactId: input.xeroContactId,
          currency: draft.currency,
        })
      : undefined;
  const invoice = earlier
    ? await api.getInvoice(earlier)
    : await writes.saveInvoice(draft, input.xeroContactId, `${key}:invoice`);
  if (invoice.amountDue > 0) {
    const account = setup.cardAccountCode ?? (await stripeClearingAccount(api, stored.order.currency));
    if (!account)
      throw ApplicationFailure.retryable(
        `no bank account to record card payments in ${stored.order.currency}: name one with npm run connect:orders -- --card-account`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    await createXeroPayment(
      api,
      {
        xeroInvoiceId: invoice.xeroInvoiceId,
        accountCode: account,
        amount: invoice.amountDue,
        date: placedOn,
        reference: stored.order.payment.reference ?? `Order ${stored.order.id}`,
      },
      `${key}:payment`,
    );
  }
  await deps.ledger.advance(input.installationId, stored.order.id, ['received'], {
    state: 'invoiced',
    xeroContactId: input.xeroContactId,
    xeroInvoiceId: invoice.xeroInvoiceId,
  });
  await audit(deps, stored, 'order_invoiced', { xeroInvoiceId: invoice.xeroInvoiceId, paid: true });
  return { xeroInvoiceId: invoice.xeroInvoiceId };
}

/** Gathers an account order for its customer's month-end invoice; returns the period it joined. */
export async function gatherAccountOrder(
  deps: OrderDeps,
  input: OrderInput & { xeroContactId: string },
): Promise<{ period: string }> {
  const { stored, setup } = await orderAndSetup(deps, input);
  const settings = await organisationSettings(deps, setup.xeroTenantId);
  const zone = settings.payments.timeZone;
  const period = await deps.monthEnd.gather(input.installationId, stored.order.id, input.xeroContactId, {
    received: periodOf(stored.receivedAt, zone),
    current: periodOf(deps.now(), zone),
  });
  await audit(deps, stored, 'order_gathered', { period, xeroContactId: input.xeroContactId });
  return { period };
}

/** Shows the customer's orders on their CRM accounts (after each step that changed them). */
export async function showOrdersOnCrm(
  deps: OrderDeps,
  input: { installationId: string; xeroContactId: string },
): Promise<{ accounts: number }> {
  const setup = await deps.endpoints.setup(input.installationId);
  if (!setup) return { accounts: 0 };
  return {
    accounts: await showOrdersOnAccounts(deps, input.installationId, setup.xeroTenantId, input.xeroContactId),
  };
}

function audit(
  deps: OrderDeps,
  stored: StoredOrder,
  action: string,
  detail: Record<string, string | boolean>,
) {
  return deps.audit.record({
    action,
    outcome: 'succeeded',
    actor: 'worker',
    subject: { installationId: stored.installationId, orderId: stored.order.id },
    detail: {
      method: stored.order.payment.method,
      currency: stored.order.currency,
      total: stored.order.total,
      ...detail,
    },
  });
}
