import type { Kysely } from 'kysely';
import type { Database, JsonObject } from '../store/schema';
import type { OrderState } from '../store/orderTables';
import { orderSchema, type Order } from './orderSchema';

/** What a post of an order found: a new order, the same order again, or another order under a used ID. */
export type Receipt =
  { kind: 'new' } | { kind: 'repeat'; handedOver: boolean; state: OrderState } | { kind: 'conflict' };

export interface StoredOrder {
  installationId: string;
  order: Order;
  state: OrderState;
  totalCents: number;
  xeroContactId: string | null;
  xeroInvoiceId: string | null;
  billingPeriod: string | null;
  reason: string | null;
  receivedAt: Date;
  notifiedAt: Date | null;
}

export interface StoredRejection {
  orderId: string | null;
  reason: string;
  receivedAt: Date;
  notifiedAt: Date | null;
}

export const centsOf = (amount: number): number => Math.round(amount * 100);

/**
 * The orders an installation's site posted (issue #24), once per the site's order ID, and the signed
 * posts that were not orders, once per body. The route records before it hands over to Temporal and
 * marks the hand-over after, so a post answered 5xx leaves a row the site's retry hands over.
 */
export class OrderLedger {
  constructor(private readonly db: Kysely<Database>) {}

  async receive(
    installationId: string,
    order: Order,
    bodySha256: string,
    receivedAt: Date,
  ): Promise<Receipt> {
    const inserted = await this.db
      .insertInto('orders')
      .values({
        installation_id: installationId,
        order_id: order.id,
        body_sha256: bodySha256,
        payment_method: order.payment.method,
        customer_email: order.customer.email,
        currency: order.currency,
        total_cents: centsOf(order.total),
        placed_at: new Date(order.placedAt),
        fields: JSON.stringify(order),
        received_at: receivedAt,
      })
      .onConflict((oc) => oc.columns(['installation_id', 'order_id']).doNothing())
      .returning('order_id')
      .executeTakeFirst();
    if (inserted) return { kind: 'new' };
    const row = await this.db
      .selectFrom('orders')
      .select(['body_sha256', 'handed_over_at', 'state', 'fields'])
      .where('installation_id', '=', installationId)
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    // The same order re-serialised (other whitespace, attribute order) is still the same order.
    const same = row.body_sha256 === bodySha256 || sameOrder(row.fields, order);
    return same
      ? { kind: 'repeat', handedOver: row.handed_over_at !== null, state: row.state }
      : { kind: 'conflict' };
  }

  async markHandedOver(installationId: string, orderId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('orders')
      .set({ handed_over_at: at })
      .where('installation_id', '=', installationId)
      .where('order_id', '=', orderId)
      .where('handed_over_at', 'is', null)
      .execute();
  }

  /** A signed post that was not a valid order; `repeat` when this very body was reported before. */
  async recordRejection(
    installationId: string,
    bodySha256: string,
    orderId: string | null,
    reason: string,
  ): Promise<{ kind: 'new' } | { kind: 'repeat'; handedOver: boolean }> {
    const inserted = await this.db
      .insertInto('order_rejections')
      .values({ installation_id: installationId, body_sha256: bodySha256, order_id: orderId, reason })
      .onConflict((oc) => oc.columns(['installation_id', 'body_sha256']).doNothing())
      .returning('body_sha256')
      .executeTakeFirst();
    if (inserted) return { kind: 'new' };
    const row = await this.db
      .selectFrom('order_rejections')
      .select('handed_over_at')
      .where('installation_id', '=', installationId)
      .where('body_sha256', '=', bodySha256)
      .executeTakeFirstOrThrow();
    return { kind: 'repeat', handedOver: row.handed_over_at !== null };
  }

  async markRejectionHandedOver(installationId: string, bodySha256: string, at: Date): Promise<void> {
    await this.db
      .updateTable('order_rejections')
      .set({ handed_over_at: at })
      .where('installation_id', '=', installationId)
      .where('body_sha256', '=', bodySha256)
      .execute();
  }

  async load(installationId: string, orderId: string): Promise<StoredOrder | undefined> {
    const row = await this.db
      .selectFrom('orders')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('order_id', '=', orderId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      installationId,
      order: orderSchema.parse(row.fields),
      state: row.state,
      totalCents: Number(row.total_cents),
      xeroContactId: row.xero_contact_id,
      xeroInvoiceId: row.xero_invoice_id,
      billingPeriod: row.billing_period,
      reason: row.reason,
      receivedAt: row.received_at,
      notifiedAt: row.notified_at,
    };
  }

  async loadRejection(installationId: string, bodySha256: string): Promise<StoredRejection | undefined> {
    const row = await this.db
      .selectFrom('order_rejections')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('body_sha256', '=', bodySha256)
      .executeTakeFirst();
    return row
      ? {
          orderId: row.order_id,
          reason: row.reason,
          receivedAt: row.received_at,
          notifiedAt: row.notified_at,
        }
      : undefined;
  }

  /** Customer service was told of the rejected order (or post, by its body's hash). */
  async markNotified(
    installationId: string,
    which: { orderId: string } | { bodySha256: string },
    at: Date,
  ): Promise<void> {
    if ('orderId' in which)
      await this.db
        .updateTable('orders')
        .set({ notified_at: at })
        .where('installation_id', '=', installationId)
        .where('order_id', '=', which.orderId)
        .execute();
    else
      await this.db
        .updateTable('order_rejections')
        .set({ notified_at: at })
        .where('installation_id', '=', installationId)
        .where('body_sha256', '=', which.bodySha256)
        .execute();
  }

  /** Moves an order on; only from the states given, so a replayed step cannot undo a later one. */
  async advance(
    installationId: string,
    orderId: string,
    from: OrderState[],
    to: {
      state: OrderState;
      xeroContactId?: string;
      xeroInvoiceId?: string;
      reason?: string;
    },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('orders')
      .set({
        state: to.state,
        ...(to.xeroContactId ? { xero_contact_id: to.xeroContactId } : {}),
        ...(to.xeroInvoiceId ? { xero_invoice_id: to.xeroInvoiceId } : {}),
        ...(to.reason ? { reason: to.reason } : {}),
        updated_at: new Date(),
      })
      .where('installation_id', '=', installationId)
      .where('order_id', '=', orderId)
      .where('state', 'in', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function sameOrder(stored: JsonObject, order: Order): boolean {
  const parsed = orderSchema.safeParse(stored);
  return parsed.success && JSON.stringify(parsed.data) === JSON.stringify(order);
}
