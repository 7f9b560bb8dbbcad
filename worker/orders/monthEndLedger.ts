import { sql, type Kysely, type Transaction } from 'kysely';
import type { BillingGroupRef } from '../../workflows/domain/orders/billingGroup';
import { nextPeriod } from '../../workflows/domain/orders/billingPeriod';
import type { Database } from '../store/schema';

export type BillingGroup = BillingGroupRef;

/** A group's invoice: its orders frozen before Xero is asked, the invoice once made. */
export interface GroupInvoice extends BillingGroup {
  /** Frozen by this call (no earlier attempt can have asked Xero for it). */
  fresh: boolean;
  orderIds: string[];
  totalCents: number;
  xeroInvoiceId: string | null;
}

export interface AccountOrders {
  awaitingCount: number;
  awaitingCents: number;
  last:
    | { orderId: string; state: string; xeroInvoiceId: string | null; placedAt: Date; currency: string }
    | undefined;
}

/**
 * Account orders gathered for their month-end invoice (issue #24). An order joins its period's
 * group and a month end freezes each closed group before invoicing it, both under the
 * installation's lock (its order_endpoints row), so an order never joins a group already invoiced:
 * one accepted after its customer's period was frozen goes to the current period instead.
 */
export class MonthEndLedger {
  constructor(private readonly db: Kysely<Database>) {}

  /** Gathers an order for a period's invoice; returns the period it joined. */
  async gather(
    installationId: string,
    orderId: string,
    xeroContactId: string,
    periods: { received: string; current: string },
  ): Promise<string> {
    return this.db.transaction().execute(async (tx) => {
      await lockInstallation(tx, installationId);
      const order = await tx
        .selectFrom('orders')
        .select(['state', 'billing_period', 'currency'])
        .where('installation_id', '=', installationId)
        .where('order_id', '=', orderId)
        .executeTakeFirstOrThrow();
      if (order.state !== 'received' && order.billing_period) return order.billing_period;
      const frozen = await tx
        .selectFrom('order_invoices')
        .select('billing_period')
        .where('installation_id', '=', installationId)
        .where('billing_period', '=', periods.received)
        .where('xero_contact_id', '=', xeroContactId)
        .where('currency', '=', order.currency)
        .executeTakeFirst();
      // Its customer's invoice for that month is made or being made: the order joins a later month.
      const later = nextPeriod(periods.received);
      const period = !frozen ? periods.received : periods.current > later ? periods.current : later;
      await tx
        .updateTable('orders')
        .set({
          state: 'awaiting_month_end',
          billing_period: period,
          xero_contact_id: xeroContactId,
          updated_at: new Date(),
        })
        .where('installation_id', '=', installationId)
        .where('order_id', '=', orderId)
        .where('state', '=', 'received')
        .execute();
      return period;
    });
  }

  /** Groups of periods before `current` still to invoice (frozen ones a stopped run left included). */
  async closedGroups(installationId: string, current: string): Promise<BillingGroup[]> {
    const rows = await this.db
      .selectFrom('orders')
      .select(['billing_period', 'xero_contact_id', 'currency'])
      .distinct()
      .where('installation_id', '=', installationId)
      .where('state', 'in', ['awaiting_month_end', 'billing'])
      .where('billing_period', '<', current)
      .orderBy('billing_period')
      .orderBy('xero_contact_id')
      .orderBy('currency')
      .execute();
    return rows.flatMap((r) =>
      r.billing_period && r.xero_contact_id
        ? [{ period: r.billing_period, xeroContactId: r.xero_contact_id, currency: r.currency }]
        : [],
    );
  }

  /** The group's invoice intent: made once (its orders frozen as `billing`), then returned as it is. */
  async freeze(installationId: string, group: BillingGroup): Promise<GroupInvoice | undefined> {
    return this.db.transaction().execute(async (tx) => {
      await lockInstallation(tx, installationId);
      const existing = await tx
        .selectFrom('order_invoices')
        .selectAll()
        .where('installation_id', '=', installationId)
        .where('billing_period', '=', group.period)
        .where('xero_contact_id', '=', group.xeroContactId)
        .where('currency', '=', group.currency)
        .executeTakeFirst();
      if (existing)
        return {
          ...group,
          fresh: false,
          orderIds: existing.order_ids,
          totalCents: Number(existing.total_cents),
          xeroInvoiceId: existing.xero_invoice_id,
        };
      const orders = await tx
        .selectFrom('orders')
        .select(['order_id', 'total_cents'])
        .where('installation_id', '=', installationId)
        .where('state', '=', 'awaiting_month_end')
        .where('billing_period', '=', group.period)
        .where('xero_contact_id', '=', group.xeroContactId)
        .where('currency', '=', group.currency)
        .orderBy('placed_at')
        .orderBy('order_id')
        .execute();
      if (orders.length === 0) return undefined;
      const orderIds = orders.map((o) => o.order_id);
      const totalCents = orders.reduce((sum, o) => sum + Number(o.total_cents), 0);
      await tx
        .insertInto('order_invoices')
        .values({
          installation_id: installationId,
          billing_period: group.period,
          xero_contact_id: group.xeroContactId,
          currency: group.currency,
          order_ids: JSON.stringify(orderIds),
          total_cents: totalCents,
        })
        .execute();
      await tx
        .updateTable('orders')
        .set({ state: 'billing', updated_at: new Date() })
        .where('installation_id', '=', installationId)
        .where('order_id', 'in', orderIds)
        .execute();
      return { ...group, fresh: true, orderIds, totalCents, xeroInvoiceId: null };
    });
  }

  async markInvoiced(
    installationId: string,
    invoice: GroupInvoice,
    xeroInvoiceId: string,
    at: Date,
  ): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('order_invoices')
        .set({ xero_invoice_id: xeroInvoiceId, invoiced_at: at })
        .where('installation_id', '=', installationId)
        .where('billing_period', '=', invoice.period)
        .where('xero_contact_id', '=', invoice.xeroContactId)
        .where('currency', '=', invoice.currency)
        .execute();
      await tx
        .updateTable('orders')
        .set({ state: 'billed', xero_invoice_id: xeroInvoiceId, updated_at: at })
        .where('installation_id', '=', installationId)
        .where('order_id', 'in', invoice.orderIds)
        .where('state', '=', 'billing')
        .execute();
    });
  }

  /** What the CRM account shows: orders waiting for their month-end invoice, and the newest order. */
  async forAccount(installationId: string, xeroContactId: string): Promise<AccountOrders> {
    const awaiting = await this.db
      .selectFrom('orders')
      .select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(total_cents), 0)`.as('cents')])
      .where('installation_id', '=', installationId)
      .where('xero_contact_id', '=', xeroContactId)
      .where('state', 'in', ['awaiting_month_end', 'billing'])
      .executeTakeFirstOrThrow();
    const last = await this.db
      .selectFrom('orders')
      .select(['order_id', 'state', 'xero_invoice_id', 'placed_at', 'currency'])
      .where('installation_id', '=', installationId)
      .where('xero_contact_id', '=', xeroContactId)
      .orderBy('received_at', 'desc')
      .orderBy('order_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      awaitingCount: Number(awaiting.n),
      awaitingCents: Number(awaiting.cents),
      last: last
        ? {
            orderId: last.order_id,
            state: last.state,
            xeroInvoiceId: last.xero_invoice_id,
            placedAt: last.placed_at,
            currency: last.currency,
          }
        : undefined,
    };
  }
}

/** The installation's order endpoint row, locked for the transaction: gathering and freezing take turns. */
async function lockInstallation(tx: Transaction<Database>, installationId: string): Promise<void> {
  await tx
    .selectFrom('order_endpoints')
    .select('installation_id')
    .where('installation_id', '=', installationId)
    .forUpdate()
    .execute();
}
