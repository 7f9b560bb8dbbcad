import type { XeroAuth } from '../connectors/xero/xeroAuth';
import type { Connection, ConnectionStore } from './connectionStore';
import { ConnectError, type CallbackParams, type ConnectFlow, type ConnectStart } from './connectFlow';
import type { OAuthSessions } from './oauthSessions';

/**
 * The Xero connect flow, transport-neutral (the ingress drives it, `npm run connect` through the
 * ingress): begin gives the consent URL and the nonce binding it to the browser; finish checks
 * state and browser, exchanges the code with its PKCE verifier, and saves one connection per
 * organisation the user granted into the installation that started, each with its own token set.
 */
export class XeroConnectFlow implements ConnectFlow {
  readonly vendorName = 'Xero';

  constructor(
    private readonly deps: {
      auth: XeroAuth;
      sessions: OAuthSessions;
      connections: ConnectionStore;
      redirectUri: string;
      /** Starts (or wakes) the refresh workflow of each connection saved. */
      onConnected(connection: Connection): Promise<void>;
    },
  ) {}

  async begin(start: ConnectStart): Promise<{ redirectTo: string; browserNonce: string }> {
    if (!('installationId' in start))
      throw new ConnectError('a Xero organisation joins an installation: install the CRM app first');
    const { state, challenge, browserNonce } = await this.deps.sessions.begin('xero', this.deps.redirectUri, {
      installationId: start.installationId,
    });
    return {
      redirectTo: this.deps.auth.authorizationUrl({ state, challenge, redirectUri: this.deps.redirectUri }),
      browserNonce,
    };
  }

  async finish(params: CallbackParams): Promise<Connection[]> {
    if (params.error) throw new ConnectError(`Xero refused the connection: ${params.error}`);
    if (!params.code || !params.state) throw new ConnectError('the callback is missing code or state');
    const session = await this.deps.sessions.complete('xero', params.state, params.browserNonce);
    if (!('installationId' in session.target))
      throw new ConnectError('a Xero organisation joins an installation: install the CRM app first');
    const { installationId } = session.target;
    const tokens = await this.deps.auth.exchangeCode({
      code: params.code,
      verifier: session.verifier,
      redirectUri: session.redirectUri,
    });
    const tenants = await this.deps.auth.listConnections(tokens.accessToken);
    if (tenants.length === 0) throw new ConnectError('the grant covers no Xero organisation');
    const saved: Connection[] = [];
    for (const tenant of tenants) {
      const connection = await this.deps.connections.save({
        installationId,
        vendor: 'xero',
        externalId: tenant.tenantId,
        displayName: tenant.tenantName ?? tenant.tenantId,
        scopes: tokens.scopes,
        settings: {
          connectionId: tenant.id,
          ...(tenant.authEventId ? { authEventId: tenant.authEventId } : {}),
        },
        tokens: {
          accessToken: tokens.accessToken,
          ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
          ...(tokens.expiresAt ? { expiresAt: tokens.expiresAt } : {}),
        },
      });
      await this.deps.onConnected(connection);
      saved.push(connection);
    }
    return saved;
  }
}
