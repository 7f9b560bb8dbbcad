import { periodOf } from '../../workflows/domain/orders/billingPeriod';
import type { BillingGroupRef } from '../../workflows/domain/orders/billingGroup';
import { monthEndInvoice } from '../../workflows/domain/orders/orderInvoices';
import { dateInTimeZone } from '../../workflows/domain/stripe/calendarDates';
import { validMappingSettings } from '../activities/mappingSettings';
import { XeroWrites } from '../connectors/xero/xeroWrites';
import { showOrdersOnAccounts } from './orderAccounts';
import { findOrderInvoice } from './orderXero';
import type { OrderDeps } from './orderDeps';

async function settingsOf(deps: OrderDeps, installationId: string) {
  const setup = await deps.endpoints.setup(installationId);
  if (!setup) return undefined;
  const settings = validMappingSettings(
    setup.xeroTenantId,
    await deps.loadOrganisationSettings(setup.xeroTenantId),
  );
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
  const { setup, settings } = found;
  const frozen = await deps.monthEnd.freeze(installationId, group);
  if (!frozen) return { xeroInvoiceId: null, orders: 0 };
  let xeroInvoiceId = frozen.xeroInvoiceId;
  if (!xeroInvoiceId) {
    const orders = await Promise.all(
      frozen.orderIds.map(async (orderId) => {
        const stored = await deps.ledger.load(installationId, orderId);
        if (!stored) throw new Error(`order ${orderId} of ${group.period} is gone`);
        return {
          orderId,
          placedOn: dateInTimeZone(Date.parse(stored.order.placedAt) / 1000, settings.payments.timeZone),
          totalCents: stored.totalCents,
        };
      }),
    );
    const api = await deps.xero(installationId, setup.xeroTenantId);
    const draft = monthEndInvoice(group, orders, settings);
    // The intent was frozen by an earlier attempt: it may have made the invoice and died.
    const earlier = frozen.fresh
      ? undefined
      : await findOrderInvoice(api, {
          reference: draft.reference,
          xeroContactId: group.xeroContactId,
          currency: group.currency,
        });
    const made =
      earlier ??
      (
        await new XeroWrites(api).saveInvoice(
          draft,
          group.xeroContactId,
          `orders-month:${installationId}:${group.period}:${group.xeroContactId}:${group.currency}`,
        )
      ).xeroInvoiceId;
    xeroInvoiceId = made;
    await deps.monthEnd.markInvoiced(installationId, frozen, made, deps.now());
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
        orders: orders.length,
        total: frozen.totalCents / 100,
      },
    });
  } else await deps.monthEnd.markInvoiced(installationId, frozen, xeroInvoiceId, deps.now());
  await showOrdersOnAccounts(deps, installationId, setup.xeroTenantId, group.xeroContactId);
  return { xeroInvoiceId, orders: frozen.orderIds.length };
}
