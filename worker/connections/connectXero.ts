import type { XeroAuth } from '../connectors/xero/xeroAuth';
import type { Connection, ConnectionStore } from './connectionStore';
import { ConnectError, type CallbackParams, type ConnectFlow } from './connectFlow';
import type { OAuthSessions } from './oauthSessions';

/**
 * The Xero connect flow, transport-neutral (the ingress and `npm run connect` both use it): begin
 * gives the consent URL; finish checks state, exchanges the code with its PKCE verifier, and saves
 * one connection per organisation the user granted, each with its own copy of the token set.
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

  async begin(): Promise<{ redirectTo: string }> {
    const { state, challenge } = await this.deps.sessions.begin('xero', this.deps.redirectUri);
    return {
      redirectTo: this.deps.auth.authorizationUrl({ state, challenge, redirectUri: this.deps.redirectUri }),
    };
  }

  async finish(params: CallbackParams): Promise<Connection[]> {
    if (params.error) throw new ConnectError(`Xero refused the connection: ${params.error}`);
    if (!params.code || !params.state) throw new ConnectError('the callback is missing code or state');
    const session = await this.deps.sessions.complete('xero', params.state);
    if (!session)
      throw new ConnectError('unknown, expired or already used state: start the connection again');
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
