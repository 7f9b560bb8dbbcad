import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

export interface PaymentFailureCount {
  /** Payments seen on the invoice before and gone now (deleted or reversed in Xero), all time. */
  failed: number;
  /** Of those, the ones this look found. */
  newlyFailed: string[];
  /** Live payments with no row yet, or marked failed before (a reversal undone): what commit stores. */
  unstored: string[];
}

/**
 * Tracks the payments seen on each invoice. Call `observe` with an invoice's live payments as read
 * now; `commit` afterwards stores the outcome, so a retried activity counts the same failures again
 * rather than losing them (the CRM writes in between are idempotent).
 */
export class PaymentFailures {
  constructor(private readonly db: Kysely<Database>) {}

  async observe(
    xeroTenantId: string,
    xeroInvoiceId: string,
    livePaymentIds: string[],
  ): Promise<PaymentFailureCount> {
    const rows = await this.db
      .selectFrom('invoice_payments')
      .select(['payment_id', 'failed'])
      .where('xero_tenant_id', '=', xeroTenantId)
      .where('xero_invoice_id', '=', xeroInvoiceId)
      .execute();
    const live = new Set(livePaymentIds);
    const stored = new Set(rows.filter((r) => !r.failed).map((r) => r.payment_id));
    const newlyFailed = rows.filter((r) => !r.failed && !live.has(r.payment_id)).map((r) => r.payment_id);
    return {
      failed: rows.filter((r) => r.failed).length + newlyFailed.length,
      newlyFailed,
      unstored: livePaymentIds.filter((id) => !stored.has(id)),
    };
  }

  /** Stores what `observe` found: new live payments, and the newly failed ones marked. */
  async commit(
    xeroTenantId: string,
    xeroInvoiceId: string,
    seen: Pick<PaymentFailureCount, 'unstored' | 'newlyFailed'>,
  ): Promise<void> {
    const store = async (db: Kysely<Database>) => {
      if (seen.unstored.length > 0)
        await db
          .insertInto('invoice_payments')
          .values(
            seen.unstored.map((id) => ({
              xero_tenant_id: xeroTenantId,
              xero_invoice_id: xeroInvoiceId,
              payment_id: id,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['xero_tenant_id', 'xero_invoice_id', 'payment_id']).doUpdateSet({ failed: false }),
          )
          .execute();
      if (seen.newlyFailed.length > 0)
        await db
          .updateTable('invoice_payments')
          .set({ failed: true })
          .where('xero_tenant_id', '=', xeroTenantId)
          .where('xero_invoice_id', '=', xeroInvoiceId)
          .where('payment_id', 'in', seen.newlyFailed)
          .execute();
    };
    // Usually one statement (a new payment) or none (a replay): a transaction only when both.
    if (seen.unstored.length > 0 && seen.newlyFailed.length > 0)
      await this.db.transaction().execute((trx) => store(trx));
    else await store(this.db);
  }
}
