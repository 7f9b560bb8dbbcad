import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, StripePaymentOutcome, StripePaymentsTable } from '../store/schema';

export type StripePaymentRow = Selectable<StripePaymentsTable>;

/** What a settlement ended in, as stored and returned (a repeat returns the same). */
export interface SettledStripePayment {
  stripePaymentId: string;
  outcome: StripePaymentOutcome;
  xeroTenantId: string | null;
  xeroInvoiceId: string | null;
  xeroPaymentId: string | null;
  candidates: string[];
  /** Why it was not recorded: an unmatched reason, an ambiguity, `record_in_xero_off`… */
  reason: string | null;
  /** The event whose handling settled it. */
  settledByEvent: string | null;
}

export const settledOf = (row: StripePaymentRow): SettledStripePayment | undefined =>
  row.outcome
    ? {
        stripePaymentId: row.stripe_payment_id,
        outcome: row.outcome,
        xeroTenantId: row.xero_tenant_id,
        xeroInvoiceId: row.xero_invoice_id,
        xeroPaymentId: row.xero_payment_id,
        candidates: row.candidates,
        reason: row.reason,
        settledByEvent: row.settled_by_event,
      }
    : undefined;

const LEASE_MS = 120_000;
const LEASE_POLL_MS = 100;

/** The stripe_payments rows of migration 0029 and the per-invoice settlement lease. */
export class StripePaymentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async get(installationId: string, stripePaymentId: string): Promise<StripePaymentRow | undefined> {
    return this.db
      .selectFrom('stripe_payments')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('stripe_payment_id', '=', stripePaymentId)
      .executeTakeFirst();
  }

  /** The row, made when first seen. */
  async ensure(installationId: string, stripePaymentId: string): Promise<StripePaymentRow> {
    await this.db
      .insertInto('stripe_payments')
      .values({ installation_id: installationId, stripe_payment_id: stripePaymentId })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await this.get(installationId, stripePaymentId);
    if (!row) throw new Error(`stripe payment ${stripePaymentId} vanished`);
    return row;
  }

  async update(
    installationId: string,
    stripePaymentId: string,
    change: Updateable<StripePaymentsTable>,
  ): Promise<StripePaymentRow> {
    const row = await this.db
      .updateTable('stripe_payments')
      .set({ ...change, updated_at: new Date() })
      .where('installation_id', '=', installationId)
      .where('stripe_payment_id', '=', stripePaymentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    return row;
  }

  /** Xero payments already linked to Stripe payments on this organisation (never claimed twice). */
  async linkedXeroPaymentIds(installationId: string, xeroTenantId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('stripe_payments')
      .select('xero_payment_id')
      .where('installation_id', '=', installationId)
      .where('xero_tenant_id', '=', xeroTenantId)
      .where('xero_payment_id', 'is not', null)
      .execute();
    return new Set(rows.flatMap((r) => (r.xero_payment_id ? [r.xero_payment_id] : [])));
  }

  async list(filter: {
    installationId?: string;
    review?: boolean;
  }): Promise<Array<StripePaymentRow & { slug: string }>> {
    let q = this.db
      .selectFrom('stripe_payments as p')
      .innerJoin('installations as i', 'i.id', 'p.installation_id')
      .selectAll('p')
      .select('i.slug');
    if (filter.installationId) q = q.where('p.installation_id', '=', filter.installationId);
    if (filter.review) q = q.where('p.outcome', 'in', ['ambiguous', 'unmatched']);
    return q.orderBy('p.created_at').execute();
  }

  /**
   * Runs `fn` while holding the invoice's lease: settlements of one Xero invoice go one at a time
   * (across workers), so two Stripe payments never both see it unpaid. `holder` is unique per run;
   * a holder that died leaves a lease that expires after two minutes.
   */
  async withInvoiceLease<T>(
    key: { installationId: string; xeroTenantId: string; xeroInvoiceId: string },
    holder: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    const where = {
      installation_id: key.installationId,
      xero_tenant_id: key.xeroTenantId,
      xero_invoice_id: key.xeroInvoiceId,
    };
    for (;;) {
      const now = new Date();
      const claimed = await this.db
        .insertInto('stripe_invoice_locks')
        .values({ ...where, holder, expires_at: new Date(now.getTime() + LEASE_MS) })
        .onConflict((oc) =>
          oc
            .columns(['installation_id', 'xero_tenant_id', 'xero_invoice_id'])
            .doUpdateSet({ holder, expires_at: new Date(now.getTime() + LEASE_MS) })
            .where((eb) => eb('stripe_invoice_locks.expires_at', '<', now)),
        )
        .returning('holder')
        .executeTakeFirst();
      if (claimed) break;
      await sleep(LEASE_POLL_MS);
    }
    try {
      return await fn();
    } finally {
      await this.db
        .deleteFrom('stripe_invoice_locks')
        .where('installation_id', '=', key.installationId)
        .where('xero_tenant_id', '=', key.xeroTenantId)
        .where('xero_invoice_id', '=', key.xeroInvoiceId)
        .where('holder', '=', holder)
        .execute();
    }
  }
}
