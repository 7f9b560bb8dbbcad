import type { Kysely, Selectable } from 'kysely';
import type { Database, StripeSubscriptionsTable } from '../store/schema';

export interface StoredSubscription {
  subscriptionId: string;
  customerId: string;
  status: string | null;
  currency: string | null;
  arrMinor: number;
  mrrMinor: number;
  periodAmountMinor: number;
  periodMonths: number | null;
  renewsAt: Date | null;
  xeroTenantId: string | null;
  xeroContactId: string | null;
  xeroInvoiceId: string | null;
}

const fromRow = (row: Selectable<StripeSubscriptionsTable>): StoredSubscription => ({
  subscriptionId: row.stripe_subscription_id,
  customerId: row.stripe_customer_id,
  status: row.status,
  currency: row.currency,
  arrMinor: Number(row.arr_minor),
  mrrMinor: Number(row.mrr_minor),
  periodAmountMinor: Number(row.period_amount_minor),
  periodMonths: row.period_months,
  renewsAt: row.renews_at,
  xeroTenantId: row.xero_tenant_id,
  xeroContactId: row.xero_contact_id,
  xeroInvoiceId: row.xero_invoice_id,
});

/** The stripe_subscriptions rows (migration 0031), per installation. */
export class StripeSubscriptionStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(installationId: string, subscriptionId: string): Promise<StoredSubscription | undefined> {
    const row = await this.db
      .selectFrom('stripe_subscriptions')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('stripe_subscription_id', '=', subscriptionId)
      .executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** The subscription's value as now known; the invoice link is kept unless a new one is given. */
  async saveValue(
    installationId: string,
    value: Omit<StoredSubscription, 'xeroInvoiceId'> & { xeroInvoiceId?: string | null },
  ): Promise<StoredSubscription> {
    const values = {
      stripe_customer_id: value.customerId,
      status: value.status,
      currency: value.currency,
      arr_minor: value.arrMinor,
      mrr_minor: value.mrrMinor,
      period_amount_minor: value.periodAmountMinor,
      period_months: value.periodMonths,
      renews_at: value.renewsAt,
      xero_tenant_id: value.xeroTenantId,
      xero_contact_id: value.xeroContactId,
      ...(value.xeroInvoiceId ? { xero_invoice_id: value.xeroInvoiceId } : {}),
    };
    const row = await this.db
      .insertInto('stripe_subscriptions')
      .values({ installation_id: installationId, stripe_subscription_id: value.subscriptionId, ...values })
      .onConflict((oc) =>
        oc
          .columns(['installation_id', 'stripe_subscription_id'])
          .doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  /**
   * The Xero invoice a subscription's Stripe invoice was matched to: its deal shows the
   * subscription. Stored even before the subscription's own event has come (a placeholder row).
   */
  async noteInvoice(
    installationId: string,
    input: { subscriptionId: string; customerId: string; xeroTenantId: string; xeroInvoiceId: string },
  ): Promise<StoredSubscription> {
    const row = await this.db
      .insertInto('stripe_subscriptions')
      .values({
        installation_id: installationId,
        stripe_subscription_id: input.subscriptionId,
        stripe_customer_id: input.customerId,
        xero_tenant_id: input.xeroTenantId,
        xero_invoice_id: input.xeroInvoiceId,
      })
      .onConflict((oc) =>
        oc.columns(['installation_id', 'stripe_subscription_id']).doUpdateSet({
          xero_invoice_id: input.xeroInvoiceId,
          xero_tenant_id: (eb) =>
            eb.fn.coalesce('stripe_subscriptions.xero_tenant_id', eb.val(input.xeroTenantId)),
          updated_at: new Date(),
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  /** ARR and MRR of the contact's billing subscriptions in one currency (minor units). */
  async contactTotals(
    installationId: string,
    xeroContactId: string,
    currency: string,
  ): Promise<{ arrMinor: number; mrrMinor: number }> {
    const row = await this.db
      .selectFrom('stripe_subscriptions')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<string>('arr_minor'), eb.val('0')).as('arr'),
        eb.fn.coalesce(eb.fn.sum<string>('mrr_minor'), eb.val('0')).as('mrr'),
      ])
      .where('installation_id', '=', installationId)
      .where('xero_contact_id', '=', xeroContactId)
      .where('currency', '=', currency)
      .executeTakeFirstOrThrow();
    return { arrMinor: Number(row.arr), mrrMinor: Number(row.mrr) };
  }
}
