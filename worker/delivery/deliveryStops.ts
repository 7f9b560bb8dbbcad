import type { Kysely, Selectable } from 'kysely';
import type { Database, DeliveryStopsTable } from '../store/schema';

/** A person's standing decision to send one invoice no more reminders (issue #23). */
export interface DeliveryStop {
  installationId: string;
  xeroInvoiceId: string;
  by: string;
  reason: string;
  at: Date;
}

/**
 * The delivery_stops rows (migration 0034): read by the delivery workflow on every wake, so a stop
 * outlives the run it was made in; written by ops. Resuming deletes the row (the audit log keeps
 * the history). Xero invoice IDs are GUIDs, kept lower-case so any spelling finds the row.
 */
export class DeliveryStops {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Records (or restates) the stop; the latest decision's person, reason and time stand. */
  async stop(input: {
    installationId: string;
    xeroInvoiceId: string;
    by: string;
    reason: string;
  }): Promise<DeliveryStop> {
    const row = await this.db
      .insertInto('delivery_stops')
      .values({
        installation_id: input.installationId,
        xero_invoice_id: input.xeroInvoiceId.toLowerCase(),
        stopped_by: input.by,
        reason: input.reason,
        stopped_at: this.now(),
      })
      .onConflict((oc) =>
        oc.columns(['installation_id', 'xero_invoice_id']).doUpdateSet((eb) => ({
          stopped_by: eb.ref('excluded.stopped_by'),
          reason: eb.ref('excluded.reason'),
          stopped_at: eb.ref('excluded.stopped_at'),
        })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return recordOf(row);
  }

  /** Lifts the stop; the stop it lifted, or undefined when none stood. */
  async resume(installationId: string, xeroInvoiceId: string): Promise<DeliveryStop | undefined> {
    const row = await this.db
      .deleteFrom('delivery_stops')
      .where('installation_id', '=', installationId)
      .where('xero_invoice_id', '=', xeroInvoiceId.toLowerCase())
      .returningAll()
      .executeTakeFirst();
    return row && recordOf(row);
  }

  async find(installationId: string, xeroInvoiceId: string): Promise<DeliveryStop | undefined> {
    const row = await this.db
      .selectFrom('delivery_stops')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('xero_invoice_id', '=', xeroInvoiceId.toLowerCase())
      .executeTakeFirst();
    return row && recordOf(row);
  }

  /** The installation's standing stops, newest first. */
  async listForInstallation(installationId: string, limit = 500): Promise<DeliveryStop[]> {
    const rows = await this.db
      .selectFrom('delivery_stops')
      .selectAll()
      .where('installation_id', '=', installationId)
      .orderBy('stopped_at', 'desc')
      .orderBy('xero_invoice_id')
      .limit(limit)
      .execute();
    return rows.map(recordOf);
  }
}

function recordOf(row: Selectable<DeliveryStopsTable>): DeliveryStop {
  return {
    installationId: row.installation_id,
    xeroInvoiceId: row.xero_invoice_id,
    by: row.stopped_by,
    reason: row.reason,
    at: row.stopped_at,
  };
}
