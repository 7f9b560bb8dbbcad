import type { Kysely } from 'kysely';
import type { Connection } from '../connections/connectionStore';
import type { Database } from '../store/schema';
import { receivablesViewSchema, type ReceivablesView } from './contracts/receivables';

const NEVER_COMPUTED =
  'The nightly receivables run has not computed figures for this installation yet. They appear here after its first run.';

/**
 * What the settings page's "Receivables" tab shows a portal: the newest nightly snapshot of the
 * portal's own installation (receivables_snapshots, migration 0030), never another installation's.
 */
export async function loadReceivables(
  deps: { db: Kysely<Database> },
  portal: Connection,
): Promise<ReceivablesView> {
  const row = await deps.db
    .selectFrom('receivables_snapshots')
    .select(['as_of', 'computed_at', 'overdue_invoices', 'figures'])
    .where('installation_id', '=', portal.installationId)
    .orderBy('as_of', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return receivablesViewSchema.parse({ status: 'never_computed', message: NEVER_COMPUTED });
  // The stored jsonb is checked against the contract: a row the page cannot read fails here, not there.
  return receivablesViewSchema.parse({
    status: 'computed',
    asOf: row.as_of,
    computedAt: row.computed_at.toISOString(),
    overdueInvoices: row.overdue_invoices,
    figures: row.figures,
  });
}
