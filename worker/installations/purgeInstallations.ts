import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../store/schema';
import { auditInstallation } from './installationAudit';
import type { LifecycleDeps } from './lifecycleDeps';

/**
 * Deletes the rows of every uninstalled installation whose retention period has passed
 * (`purge_after` <= now), each in one transaction, and audits each purge. What goes: its
 * connections and their sealed credentials, every row of a table with an installation_id column
 * (connect tickets, OAuth sessions, held events, links, settings…), the rows keyed by its accounts
 * (sync cursors, deal invoices, payments, parity runs, shadow plans) and the installation itself.
 * The audit trail stays: it names accounts by ID, and is the record of what was done and purged.
 */
export async function purgeInstallations(
  deps: Pick<LifecycleDeps, 'db' | 'audit' | 'now'>,
  actor: string,
  /** Only this installation, if due (a re-install after its retention passed). */
  options: { only?: string } = {},
): Promise<Array<{ installationId: string; slug: string; rowsDeleted: number }>> {
  const now = deps.now?.() ?? new Date();
  const due = await deps.db
    .selectFrom('installations')
    .select(['id', 'slug', 'purge_after'])
    .where('status', '=', 'uninstalled')
    .where('purge_after', '<=', now)
    .$if(options.only !== undefined, (qb) => qb.where('id', '=', options.only ?? ''))
    .orderBy('purge_after')
    .execute();
  const purged = [];
  for (const installation of due) {
    const rowsDeleted = await deps.db.transaction().execute((trx) => purgeOne(trx, installation.id));
    await auditInstallation(deps, installation, 'installation_purged', actor, 'succeeded', {
      purgeAfter: installation.purge_after?.toISOString() ?? null,
      rowsDeleted,
    });
    purged.push({ installationId: installation.id, slug: installation.slug, rowsDeleted });
  }
  return purged;
}

/** The tables keyed by accounts rather than installation: table, and the rows of these accounts. */
const ACCOUNT_KEYED: Array<{
  table: string;
  where(a: {
    tenants: RawBuilder<unknown>;
    crmAccounts: RawBuilder<unknown>;
    connectionIds: RawBuilder<unknown>;
  }): RawBuilder<unknown>;
}> = [
  { table: 'sync_cursors', where: (a) => sql`account in (${a.tenants}) or account in (${a.crmAccounts})` },
  {
    table: 'deal_invoices',
    where: (a) => sql`xero_tenant_id in (${a.tenants}) or crm_account in (${a.crmAccounts})`,
  },
  { table: 'invoice_payments', where: (a) => sql`xero_tenant_id in (${a.tenants})` },
  { table: 'mapping_settings', where: (a) => sql`xero_tenant_id in (${a.tenants})` },
  // Migration 0024 kept the per-organisation settings of before under this name.
  { table: 'mapping_settings_by_tenant_0009', where: (a) => sql`xero_tenant_id in (${a.tenants})` },
  {
    table: 'parity_runs',
    where: (a) => sql`xero_tenant_id in (${a.tenants}) or crm_connection_id::text in (${a.connectionIds})`,
  },
  { table: 'shadow_plans', where: (a) => sql`xero_tenant_id in (${a.tenants})` },
];

async function purgeOne(trx: Transaction<Database>, installationId: string): Promise<number> {
  const connections = await trx
    .selectFrom('connections')
    .select(['id', 'vendor', 'external_id'])
    .where('installation_id', '=', installationId)
    .execute();
  // `in ('')` matches nothing real, and keeps the statements valid for an installation without accounts.
  const list = (values: string[]) => sql.join(values.length > 0 ? values : ['']);
  const accounts = {
    tenants: list(connections.filter((c) => c.vendor === 'xero').map((c) => c.external_id)),
    crmAccounts: list(connections.filter((c) => c.vendor !== 'xero').map((c) => c.external_id)),
    connectionIds: list(connections.map((c) => c.id)),
  };
  let deleted = 0;
  const existing = await tables(trx);
  for (const { table, where } of ACCOUNT_KEYED)
    if (existing.has(table))
      deleted += await count(sql`delete from ${sql.table(table)} where ${where(accounts)}`.execute(trx));
  for (const table of await installationTables(trx))
    deleted += await count(
      sql`delete from ${sql.table(table)} where installation_id = ${installationId}`.execute(trx),
    );
  deleted += await count(sql`delete from connections where installation_id = ${installationId}`.execute(trx));
  deleted += await count(sql`delete from installations where id = ${installationId}`.execute(trx));
  return deleted;
}

async function tables(db: Kysely<Database>): Promise<Set<string>> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = current_schema()`.execute(db);
  return new Set(rows.map((r) => r.table_name));
}

/** Every table with an installation_id column, but connections (deleted after) and installations. */
async function installationTables(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select c.table_name from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and c.column_name = 'installation_id'
       and t.table_type = 'BASE TABLE' and c.table_name not in ('connections', 'installations')
     order by c.table_name`.execute(db);
  return rows.map((r) => r.table_name);
}

async function count(result: Promise<{ numAffectedRows?: bigint }>): Promise<number> {
  return Number((await result).numAffectedRows ?? 0n);
}
