import type { SalesforceAuth, SalesforceSession } from '../connectors/salesforce/salesforceAuth';
import type { AccountInstallations } from './connectInstallation';
import { noCallback, type ConnectFlow, type ConnectStart } from './connectFlow';
import type { Connection, ConnectionStore } from './connectionStore';

/**
 * Salesforce through an External Client App with a server-side grant (JWT bearer or client
 * credentials): no browser consent at connect time (the admin pre-authorises the integration user
 * in the app's policies), so begin authorises at once and saves the org's connection into the
 * connect ticket's installation. An install ticket ("connect a new customer") finds the installation
 * already holding the org (a re-install), else creates one named after the org.
 */
export class SalesforceConnectFlow implements ConnectFlow {
  readonly vendorName = 'Salesforce';

  constructor(
    private readonly deps: {
      auth: SalesforceAuth;
      connections: ConnectionStore;
      installs: AccountInstallations;
      /** The org's name and the package's namespace there, read with the new session (also proves it works). */
      describeOrg(session: SalesforceSession): Promise<{ name: string; namespace?: string }>;
      onConnected(connection: Connection): Promise<void>;
    },
  ) {}

  async begin(start: ConnectStart): Promise<{ connected: Connection[] }> {
    const session = await this.deps.auth.authorize();
    const org = await this.deps.describeOrg(session);
    const connection = await this.deps.installs.connect(
      start,
      { vendor: 'salesforce', externalId: session.orgId, name: org.name },
      start.issuedTo ?? 'unknown',
      (installationId) =>
        this.deps.connections.save({
          installationId,
          vendor: 'salesforce',
          externalId: session.orgId,
          displayName: org.name,
          scopes: session.scopes,
          settings: {
            instanceUrl: session.instanceUrl,
            userId: session.userId,
            loginUrl: this.deps.auth.loginUrl,
            // A managed install's names are ns__…: the connector maps them (salesforceNamespace.ts).
            ...(org.namespace ? { namespace: org.namespace } : {}),
          },
          tokens: session.tokens,
        }),
    );
    await this.deps.onConnected(connection);
    return { connected: [connection] };
  }

  finish(): Promise<Connection[]> {
    return noCallback('Salesforce');
  }
}
