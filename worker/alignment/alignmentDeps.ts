import { isCrmVendor } from '../../workflows/domain/crmVendor';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { Connection, ConnectionStore } from '../connections/connectionStore';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { InstallationStore, Installation } from '../installations/installationStore';
import type { Database } from '../store/schema';
import type { CrmTarget, CrmTargets } from '../sync/crmTarget';
import type { RecordLinks } from '../sync/recordLinks';
import type { ReviewQueue } from '../sync/reviewQueue';

/** What the alignment export and import work with: the CLI builds them, tests pass sandbox ones. */
export interface AlignmentDeps {
  db: Kysely<Database>;
  connections: ConnectionStore;
  installations: InstallationStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  links: RecordLinks;
  reviews: ReviewQueue;
  audit: AuditLog;
}

/** An installation's connected Xero organisations and CRMs (disconnected ones left out). */
export interface InstallationSides {
  installation: Installation;
  xero: Connection[];
  crms: Array<{ connection: Connection; target: CrmTarget }>;
}

export async function installationSides(deps: AlignmentDeps, slug: string): Promise<InstallationSides> {
  const installation = await deps.installations.requireBySlug(slug);
  const all = (await deps.connections.list({ installationId: installation.id })).filter(
    (c) => c.status !== 'disconnected',
  );
  const crms: InstallationSides['crms'] = [];
  for (const connection of all.filter((c) => isCrmVendor(c.vendor))) {
    const target = await deps.crmTargets.forConnection(connection.id);
    if (target) crms.push({ connection, target });
  }
  const xero = all.filter((c) => c.vendor === 'xero');
  if (xero.length === 0) throw new Error(`installation ${slug} has no connected Xero organisation`);
  if (crms.length === 0) throw new Error(`installation ${slug} has no connected CRM`);
  return { installation, xero, crms };
}

/** How a CRM connection is named in the workbook: vendor, name and account. */
export function crmLabel(connection: Connection): string {
  return `${connection.vendor} ${connection.displayName} (${connection.externalId})`;
}
