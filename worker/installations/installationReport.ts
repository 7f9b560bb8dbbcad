import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** One installation as `npm run installations` shows it: its status and every account it connected. */
export interface InstallationReportRow {
  slug: string;
  name: string;
  status: string;
  createdAt: Date;
  accounts: Array<{ vendor: string; account: string; externalId: string; status: string }>;
}

export async function installationReport(db: Kysely<Database>): Promise<InstallationReportRow[]> {
  const installations = await db.selectFrom('installations').selectAll().orderBy('slug').execute();
  const connections = await db
    .selectFrom('connections')
    .select(['installation_id', 'vendor', 'display_name', 'external_id', 'status'])
    .orderBy('vendor')
    .orderBy('display_name')
    .execute();
  return installations.map((i) => ({
    slug: i.slug,
    name: i.name,
    status: i.status,
    createdAt: i.created_at,
    accounts: connections
      .filter((c) => c.installation_id === i.id)
      .map((c) => ({
        vendor: c.vendor,
        account: c.display_name,
        externalId: c.external_id,
        status: c.status,
      })),
  }));
}

/** Plain text for the terminal: one block per installation, one line per account. */
export function formatInstallationReport(rows: InstallationReportRow[]): string {
  if (rows.length === 0)
    return 'No installations yet. One is made when a CRM installs the app, or with `npm run installations -- create <slug>`.';
  return rows
    .map((r) =>
      [
        `${r.slug}  ${r.status}${r.name ? `  (${r.name})` : ''}  since ${r.createdAt.toISOString().slice(0, 10)}`,
        ...(r.accounts.length === 0
          ? ['  no accounts connected']
          : r.accounts.map((a) => `  ${a.vendor.padEnd(10)}  ${a.account}  ${a.externalId}  ${a.status}`)),
      ].join('\n'),
    )
    .join('\n\n');
}
