import type { Client } from '@temporalio/client';
import Stripe from 'stripe';
import type { RunningSandbox } from '../../sandbox';
import type { Logger } from '../logger';
import type { CrmTargets } from '../sync/crmTarget';
import type { DemoStripeAccount } from './demoStripe';

const DECLINED_CARD = 'pm_card_chargeDeclinedInsufficientFunds';

/** True once a backfill ran to its end and none is running: the demo deals are in the CRM. */
export async function backfillsDone(client: Client): Promise<boolean> {
  let completed = 0;
  for await (const wf of client.workflow.list({ query: `WorkflowType = 'xeroBackfillWorkflow'` })) {
    if (wf.status.name === 'RUNNING') return false;
    if (wf.status.name === 'COMPLETED') completed++;
  }
  return completed > 0;
}

/**
 * The demo's failed card payment (npm start only): once the backfill put the demo organisation's
 * invoices on deals, the first demo installation's customer tries to pay an open invoice with a
 * card that is declined, through the Stripe SDK as the customer's checkout would. Stripe's
 * `payment_intent.payment_failed` then reaches the deal: status failed, one failed attempt.
 * Returns the Xero invoice number it used, or undefined when there was none to use.
 */
export async function makeDemoFailedPayment(input: {
  sandbox: RunningSandbox;
  account: DemoStripeAccount;
  client: Client;
  /** Whether a CRM deal of the installation holds this Xero invoice. */
  hasDeal(xeroTenantId: string, xeroInvoiceId: string): Promise<boolean>;
  logger: Logger;
  timeoutMs?: number;
}): Promise<string | undefined> {
  const { xero, stripe } = input.sandbox;
  if (!xero || !stripe) return undefined;
  const deadline = Date.now() + (input.timeoutMs ?? 180_000);
  while (!(await backfillsDone(input.client))) {
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  // An open invoice whose deal is in the CRM (one whose contact waits for a person has none yet).
  const open = xero.emulator.store
    .invoicesOf(xero.tenantId)
    .filter(
      (i) => i.type === 'ACCREC' && i.status === 'AUTHORISED' && i.amountPaid === 0 && i.currency === 'USD',
    );
  let invoice: (typeof open)[number] | undefined;
  for (const candidate of open.slice(0, 30))
    if (await input.hasDeal(xero.tenantId, candidate.id)) {
      invoice = candidate;
      break;
    }
  if (!invoice) return undefined;
  const url = new URL(stripe.url);
  const sdk = new Stripe(input.account.secretKey, {
    host: url.hostname,
    port: Number(url.port),
    protocol: 'http',
  });
  const customer = await sdk.customers.create({
    name: 'Demo customer with a declined card',
    metadata: { xero_contact_id: invoice.contactId },
  });
  try {
    await sdk.paymentIntents.create({
      amount: Math.round((invoice.total - invoice.amountPaid - invoice.amountCredited) * 100),
      currency: 'usd',
      customer: customer.id,
      payment_method: DECLINED_CARD,
      confirm: true,
      metadata: { xero_invoice_id: invoice.id, xero_invoice_number: invoice.number },
    });
  } catch (err) {
    // The point of the demo: the card is declined.
    if (!(err instanceof Stripe.errors.StripeCardError)) throw err;
  }
  input.logger.info(
    { invoice: invoice.number, installation: input.account.slug },
    'demo: a card payment for this invoice was declined; its deal shows the failed attempt',
  );
  return invoice.number;
}

/** hasDeal from the app's CRM adapters: any CRM of the organisation's installation with such a deal. */
export function dealLookup(crmTargets: CrmTargets) {
  return async (xeroTenantId: string, xeroInvoiceId: string): Promise<boolean> => {
    for (const target of await crmTargets.forXeroTenant(xeroTenantId))
      if (await target.processorPayments?.dealForXeroInvoice(xeroInvoiceId)) return true;
    return false;
  };
}
