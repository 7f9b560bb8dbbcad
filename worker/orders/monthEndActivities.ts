import { periodOf } from '../../workflows/domain/orders/billingPeriod';
import type { BillingGroupRef } from '../../workflows/domain/orders/billingGroup';
import { monthEndInvoice } from '../../workflows/domain/orders/orderInvoices';
import { dateInTimeZone } from '../../workflows/domain/stripe/calendarDates';
import { XeroWrites } from '../connectors/xero/xeroWrites';
import { showOrdersOnAccounts } from './orderAccounts';
import { findOrderInvoice } from './orderXero';
import type { GroupInvoice } from './monthEndLedger';
import type { OrderEndpointSetup } from './orderEndpoints';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import { organisationSettings, type OrderDeps } from './orderDeps';

async function settingsOf(deps: OrderDeps, installationId: string) {
  const setup = await deps.endpoints.setup(installationId);
  if (!setup) return undefined;
  const settings = await organisationSettings(deps, setup.xeroTenantId);
  return { setup, settings };
}

/** The groups of closed periods (before the current one, in the installation's time zone) to invoice. */
export async function monthEndGroups(
  deps: OrderDeps,
  input: { installationId: string },
): Promise<BillingGroupRef[]> {
  const found = await settingsOf(deps, input.installationId);
  if (!found) return [];
  return deps.monthEnd.closedGroups(
    input.installationId,
    periodOf(deps.now(), found.settings.payments.timeZone),
  );
}

/**
 * One customer's month: its orders frozen (the intent), then one authorised Xero invoice with a line
 * per order under an Idempotency-Key of the group, so a retry after a lost answer or a killed worker
 * returns the same invoice; then the orders marked billed and the CRM account updated.
 */
export async function invoiceMonthEndGroup(
  deps: OrderDeps,
  input: { installationId: string; group: BillingGroupRef },
): Promise<{ xeroInvoiceId: string | null; orders: number }> {
  const { installationId, group } = input;
  const found = await settingsOf(deps, installationId);
  if (!found) return { xeroInvoiceId: null, orders: 0 };
  const { setup } = found;
  const frozen = await deps.monthEnd.freeze(installationId, group);
  if (!frozen) return { xeroInvoiceId: null, orders: 0 };
  const made = frozen.xeroInvoiceId === null;
  const xeroInvoiceId = frozen.xeroInvoiceId ?? (await makeMonthInvoice(deps, installationId, frozen, found));
  await deps.monthEnd.markInvoiced(installationId, frozen, xeroInvoiceId, deps.now());
  if (made)
    await deps.audit.record({
      action: 'orders_month_invoiced',
      outcome: 'succeeded',
      actor: 'worker',
      subject: {
        installationId,
        xeroTenantId: setup.xeroTenantId,
        xeroInvoiceId,
        xeroContactId: group.xeroContactId,
      },
      detail: {
        period: group.period,
        currency: group.currency,
        orders: frozen.orderIds.length,
        total: frozen.totalCents / 100,
      },
    });
  await showOrdersOnAccounts(deps, installationId, setup.xeroTenantId, group.xeroContactId);
  return { xeroInvoiceId, orders: frozen.orderIds.length };
}

/** The group's Xero invoice: one an earlier attempt made (after the intent was frozen), else a new one. */
async function makeMonthInvoice(
  deps: OrderDeps,
  installationId: string,
  frozen: GroupInvoice,
  { setup, settings }: { setup: OrderEndpointSetup; settings: MappingSettings },
): Promise<string> {
  const orders = await Promise.all(
    frozen.orderIds.map(async (orderId) => {
      const stored = await deps.ledger.load(installationId, orderId);
      if (!stored) throw new Error(`order ${orderId} of ${frozen.period} is gone`);
      return {
        orderId,
        placedOn: dateInTimeZone(Date.parse(stored.order.placedAt) / 1000, settings.payments.timeZone),
        totalCents: stored.totalCents,
      };
    }),
  );
  const api = await deps.xero(installationId, setup.xeroTenantId);
  const draft = monthEndInvoice(frozen, orders, settings);
  // The intent was frozen by an earlier attempt: it may have made the invoice and died.
  const earlier = frozen.fresh
    ? undefined
    : await findOrderInvoice(api, {
        reference: draft.reference,
        xeroContactId: frozen.xeroContactId,
        currency: frozen.currency,
      });
  if (earlier) return earlier;
  const key = `orders-month:${installationId}:${frozen.period}:${frozen.xeroContactId}:${frozen.currency}`;
  return (await new XeroWrites(api).saveInvoice(draft, frozen.xeroContactId, key)).xeroInvoiceId;
}
