import { ZohoClient } from '../connectors/zoho/zohoClient';
import type { ZohoAuth, ZohoGrant } from '../connectors/zoho/zohoAuth';
import type { AccountInstallations } from './connectInstallation';
import { ConnectError, type CallbackParams, type ConnectFlow, type ConnectStart } from './connectFlow';
import type { Connection, ConnectionStore } from './connectionStore';
import type { OAuthSessions } from './oauthSessions';
import {
  reportZohoFieldGaps,
  zohoFieldGaps,
  type ZohoFieldGaps,
  type ZohoFieldReportDeps,
} from './zohoFieldReport';

/**
 * Zoho CRM's server-based client across data centres: consent starts at Zoho's US accounts server,
 * which signs the admin in wherever their org lives and sends the browser back with `code`,
 * `location` and `accounts-server`; the code goes to that accounts server only (ZohoAuth refuses
 * any host not in Zoho's table), and the org's API domain comes from the token answer. The state is
 * ours, bound to the browser that started; the org (GET /org) names the connection, which joins the
 * ticket's installation, or, for an install, the installation holding the org already, else a new one.
 * Once connected, the custom fields the org still lacks are audited, alerted and shown on the page.
 */
export class ZohoConnectFlow implements ConnectFlow {
  readonly vendorName = 'Zoho CRM';

  constructor(
    private readonly deps: {
      auth: ZohoAuth;
      sessions: OAuthSessions;
      connections: ConnectionStore;
      installs: AccountInstallations;
      redirectUri: string;
      onConnected(connection: Connection): Promise<void>;
      /** The org a fresh grant is for (a seam for tests; GET /org through the typed client otherwise). */
      describeOrg?: (grant: ZohoGrant) => Promise<{ orgId: string; name: string | undefined }>;
      /** Reports the org's missing custom fields after connecting (none reported without it). */
      fieldReport?: ZohoFieldReportDeps;
      /** The org's missing fields (a seam for tests; settings/fields through the typed client otherwise). */
      fieldGaps?: (grant: ZohoGrant) => Promise<ZohoFieldGaps>;
    },
  ) {}

  /** What each connection's page says besides "connected", by the connection object finish returned. */
  private readonly notices = new WeakMap<Connection, string[]>();

  async begin(start: ConnectStart): Promise<{ redirectTo: string; browserNonce: string }> {
    // A server-based Zoho client authenticates the exchange with its secret: no PKCE verifier is sent.
    const { state, browserNonce } = await this.deps.sessions.begin('zoho', this.deps.redirectUri, start);
    return {
      redirectTo: this.deps.auth.consentUrl({ state, redirectUri: this.deps.redirectUri }),
      browserNonce,
    };
  }

  async finish(params: CallbackParams): Promise<Connection[]> {
    if (params.error) throw new ConnectError(`Zoho refused the connection: ${params.error}`);
    if (!params.code || !params.state) throw new ConnectError('the callback is missing code or state');
    const session = await this.deps.sessions.complete('zoho', params.state, params.browserNonce);
    const back = this.deps.auth.readConsentRedirect(
      new URLSearchParams({
        code: params.code,
        ...(params.accountsServer ? { 'accounts-server': params.accountsServer } : {}),
        ...(params.location ? { location: params.location } : {}),
      }),
    );
    const grant = await this.deps.auth.exchangeCode({
      code: back.code,
      accountsServer: back.accountsServer,
      redirectUri: session.redirectUri,
    });
    const org = await (this.deps.describeOrg ?? describeZohoOrg)(grant);
    const name = org.name ?? `Zoho CRM org ${org.orgId}`;
    const save = (installationId: string) =>
      this.deps.connections.save({
        installationId,
        vendor: 'zoho',
        externalId: org.orgId,
        displayName: name,
        scopes: grant.scopes,
        settings: { dc: grant.dc, accountsServer: grant.accountsServer, apiDomain: grant.apiDomain },
        tokens: grant.tokens,
      });
    const connection =
      'installationId' in session.target
        ? await save(session.target.installationId)
        : await this.deps.installs.connect(
            session.target,
            { vendor: 'zoho', externalId: org.orgId, name },
            `zoho:${org.orgId}`,
            save,
          );
    await this.deps.onConnected(connection);
    if (this.deps.fieldReport) {
      const gapsOf = () =>
        this.deps.fieldGaps ? this.deps.fieldGaps(grant) : zohoFieldGaps(grantClient(grant));
      this.notices.set(connection, await reportZohoFieldGaps(this.deps.fieldReport, connection, gapsOf));
    }
    return [connection];
  }

  noticesFor(connections: Connection[]): string[] {
    return connections.flatMap((c) => this.notices.get(c) ?? []);
  }
}

/** GET /org with the fresh token (no refresh: it was issued a moment ago). */
async function describeZohoOrg(grant: ZohoGrant): Promise<{ orgId: string; name: string | undefined }> {
  const org = await grantClient(grant).org();
  return { orgId: org.id, name: org.company_name ?? undefined };
}

/** A client on a fresh grant's token, at the API domain of the org's data centre. */
function grantClient(grant: ZohoGrant): ZohoClient {
  return new ZohoClient({
    apiDomain: grant.apiDomain,
    accessToken: () => Promise.resolve(grant.tokens.accessToken),
    onUnauthorized: () => Promise.reject(new ConnectError('Zoho refused the token it had just issued')),
  });
}
