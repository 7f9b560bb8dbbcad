import { AuditLog } from '../worker/audit/auditLog';
import { followConnectLink } from '../worker/cli/connectBrowser';
import { ConnectTickets } from '../worker/installations/connectTickets';
import { InstallationStore } from '../worker/installations/installationStore';
import { issueOperatorTicket } from '../worker/installations/operatorTickets';
import { openStore } from '../worker/store/store';

/**
 * Connects a vendor the way `npm run connect` does with PostgreSQL: a connect ticket issued to the
 * operator from the run's database (into the default installation), then the worker's
 * `/oauth/<vendor>/start?ticket=…`, followed as a browser would (the sandbox's consent pages
 * approve at once), until the worker's page says the account is connected.
 */
export async function connectVendor(
  ingressUrl: string,
  vendor: 'xero' | 'salesforce' | 'hubspot',
  databaseUrl: string,
): Promise<void> {
  const store = await openStore({ kind: 'postgres', url: databaseUrl }, { migrate: false });
  let ticket: string;
  try {
    ({ ticket } = await issueOperatorTicket(
      {
        installations: new InstallationStore(store.db),
        tickets: new ConnectTickets(store.db, new AuditLog(store.db)),
      },
      { vendor },
    ));
  } finally {
    await store.close();
  }
  const page = await followConnectLink(`${ingressUrl}/oauth/${vendor}/start?ticket=${ticket}`);
  if (page.status !== 200) throw new Error(`connecting ${vendor} failed (${page.status}): ${page.text}`);
}
