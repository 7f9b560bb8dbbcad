import { randomUUID } from 'node:crypto';
import { XeroClient, type Invoice, type LineAmountTypes } from 'xero-node';
import { SANDBOX_XERO_CLIENT } from '../../sandbox';
import { startSandboxServer } from '../../sandbox/core/server';
import { createXeroEmulator } from '../../sandbox/xero';
import type { BenchCustomer } from './orderPlan';
import { putCustomers, xeroLimits } from './ordersSandbox';

/** A card order as the bare baseline makes it. */
export interface BareCardOrder {
  orderId: string;
  customer: BenchCustomer;
  lines: Array<{ description: string; quantity: number; unitPrice: number }>;
  placedOn: string;
}

export interface BareOutcome {
  orders: number;
  invoices: number;
  seconds: number;
  failures: number;
}

const CONCURRENCY = 8;

/**
 * The same card orders without Ledgerbridge: a Xero emulator of its own (the same limits, the same
 * known card customers), and for each order the calls the stack makes, straight through xero-node:
 * the customer's contact by e-mail (made when there is none), the invoice authorised, its payment.
 * Eight at a time; no store, no Temporal, no signature check, no retries, no idempotency.
 */
export async function runBareBaseline(input: {
  knownCustomers: BenchCustomer[];
  orders: BareCardOrder[];
  xeroPerMinute: number;
  xeroPerDay: number;
}): Promise<BareOutcome> {
  const emulator = createXeroEmulator({ rateLimits: xeroLimits(input.xeroPerMinute, input.xeroPerDay) });
  const { tenantId } = emulator.seedDataset({
    seed: 1,
    tenantId: randomUUID(),
    tenantName: 'Bare Orders Ltd',
    contacts: 1,
    invoices: 0,
  });
  putCustomers(emulator, tenantId, input.knownCustomers);
  emulator.identity.registerClient({ ...SANDBOX_XERO_CLIENT, redirectUris: [] });
  const token = emulator.identity.issueGrant(
    SANDBOX_XERO_CLIENT.clientId,
    'accounting.transactions accounting.contacts accounting.settings.read',
    [tenantId],
  );
  const server = await startSandboxServer(emulator);
  try {
    const client = new XeroClient();
    client.accountingApi.basePath = `${server.url}/api.xro/2.0`;
    client.setTokenSet({ access_token: token.access_token, token_type: 'Bearer' });
    const xero = client.accountingApi;
    const bank = (await xero.getAccounts(tenantId)).body.accounts?.find(
      (a) => String(a.type) === 'BANK' && a.code,
    )?.code;
    if (!bank) throw new Error('the bare organisation has no bank account');

    const one = async (order: BareCardOrder) => {
      const email = order.customer.email.replace(/["\\]/g, '\\$&');
      const found = (await xero.getContacts(tenantId, undefined, `EmailAddress=="${email}"`)).body
        .contacts?.[0]?.contactID;
      const contactID =
        found ??
        (
          await xero.createContacts(tenantId, {
            contacts: [{ name: order.customer.name, emailAddress: order.customer.email }],
          })
        ).body.contacts?.[0]?.contactID;
      const invoice: Invoice = {
        type: 'ACCREC' as unknown as Invoice['type'],
        contact: { contactID },
        date: order.placedOn,
        dueDate: order.placedOn,
        reference: `Order ${order.orderId}`,
        status: 'AUTHORISED' as unknown as Invoice['status'],
        lineAmountTypes: 'NoTax' as unknown as LineAmountTypes,
        currencyCode: 'USD' as unknown as Invoice['currencyCode'],
        lineItems: order.lines.map((l) => ({
          description: l.description,
          quantity: l.quantity,
          unitAmount: l.unitPrice,
          accountCode: '200',
        })),
      };
      const made = (await xero.createInvoices(tenantId, { invoices: [invoice] })).body.invoices?.[0];
      if (!made?.invoiceID) throw new Error('no invoice made');
      await xero.createPayment(tenantId, {
        invoice: { invoiceID: made.invoiceID },
        account: { code: bank },
        amount: made.amountDue ?? made.total ?? 0,
        date: order.placedOn,
        reference: `ch_${order.orderId}`,
      });
    };

    const started = performance.now();
    let next = 0;
    let failures = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < input.orders.length) {
          const order = input.orders[next++]!;
          await one(order).catch(() => failures++);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const invoices = emulator.store
      .invoicesOf(tenantId)
      .filter((i) => i.type === 'ACCREC' && i.status === 'PAID').length;
    return { orders: input.orders.length, invoices, seconds, failures };
  } finally {
    await server.close();
  }
}
