import type { ColumnType, Generated } from 'kysely';
import type { JsonObject } from './schema';

/** A bigint as the driver returns it (pg: a string; PGlite: a number or bigint); read with Number(). */
type Cents = ColumnType<string | number | bigint, number, number>;

/** An installation's order endpoint: signing secrets sealed, the token hashed (migration 0035). */
export interface OrderEndpointsTable {
  installation_id: string;
  signing_secret_sealed: ColumnType<JsonObject, string, string>;
  previous_secret_sealed: ColumnType<JsonObject | null, string | null, string | null>;
  token_sha256: string;
  xero_tenant_id: string;
  card_account_code: string | null;
  customer_service_email: string;
  issued_by: string;
  created_at: Generated<Date>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type OrderState = 'received' | 'invoiced' | 'awaiting_month_end' | 'billing' | 'billed' | 'rejected';

/** One accepted order, once per the site's order ID (migration 0035). */
export interface OrdersTable {
  installation_id: string;
  order_id: string;
  body_sha256: string;
  payment_method: 'card' | 'account';
  customer_email: string;
  currency: string;
  total_cents: Cents;
  placed_at: Date;
  /** The validated order (orderSchema.ts). */
  fields: ColumnType<JsonObject, string, string>;
  state: ColumnType<OrderState, OrderState | undefined, OrderState>;
  xero_contact_id: string | null;
  xero_invoice_id: string | null;
  /** YYYY-MM, in the installation's time zone, for account orders. */
  billing_period: string | null;
  reason: string | null;
  received_at: Generated<Date>;
  handed_over_at: Date | null;
  notified_at: Date | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

/** One month-end invoice: intent with its orders, then the Xero invoice (migration 0035). */
export interface OrderInvoicesTable {
  installation_id: string;
  billing_period: string;
  xero_contact_id: string;
  currency: string;
  order_ids: ColumnType<string[], string, string>;
  total_cents: Cents;
  xero_invoice_id: string | null;
  created_at: Generated<Date>;
  invoiced_at: Date | null;
}

/** A signed post that was not a valid order, once per body (migration 0035). */
export interface OrderRejectionsTable {
  installation_id: string;
  body_sha256: string;
  order_id: string | null;
  reason: string;
  received_at: Generated<Date>;
  handed_over_at: Date | null;
  notified_at: Date | null;
}
