import type { Kysely } from 'kysely';
import { AuditLog } from '../../worker/audit/auditLog';
import { ConnectTickets } from '../../worker/installations/connectTickets';
import { InstallationStore } from '../../worker/installations/installationStore';
import type { ConnectionVendor, Database } from '../../worker/store/schema';

/** A ticket store over the test's database, with the given clock (default: the real one). */
export function testTickets(db: Kysely<Database>, now?: () => Date): ConnectTickets {
  return new ConnectTickets(db, new AuditLog(db), now ? { now } : {});
}

/**
 * A connect ticket for the installation of that slug (made when missing; `default` unless named),
 * issued to a test operator: what a CRM admin or `npm run connect` would hold.
 */
export async function issueTestTicket(
  db: Kysely<Database>,
  vendor: ConnectionVendor,
  options: { slug?: string; tickets?: ConnectTickets } = {},
): Promise<{ ticket: string; installationId: string }> {
  const installation = await new InstallationStore(db).ensure({ slug: options.slug ?? 'default' });
  const { ticket } = await (options.tickets ?? testTickets(db)).issue({
    installationId: installation.id,
    vendor,
    issuedTo: 'test:operator',
  });
  return { ticket, installationId: installation.id };
}
