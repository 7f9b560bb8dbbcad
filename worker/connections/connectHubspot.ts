import type { HubspotAuth } from '../connectors/hubspot/hubspotAuth';
import {
  ConnectError,
  noCallback,
  type CallbackParams,
  type ConnectFlow,
  type ConnectStart,
} from './connectFlow';
import type { Connection, ConnectionStore } from './connectionStore';
import type { OAuthSessions } from './oauthSessions';

/**
 * HubSpot's multi-account app: authorization code with state and PKCE on the 2026-03 OAuth
 * endpoints, bound to the browser that started it; one connection per portal (hub) installed, into
 * the installation whose connect ticket started the flow.
 */
export class HubspotConnectFlow implements ConnectFlow {
  readonly vendorName = 'HubSpot';

  constructor(
    private readonly deps: {
      auth: HubspotAuth;
      sessions: OAuthSessions;
      connections: ConnectionStore;
      redirectUri: string;
      onConnected(connection: Connection): Promise<void>;
    },
  ) {}

  async begin(start: ConnectStart): Promise<{ redirectTo: string; browserNonce: string }> {
    const { state, challenge, browserNonce } = await this.deps.sessions.begin(
      'hubspot',
      this.deps.redirectUri,
      start.installationId,
    );
    return {
      redirectTo: this.deps.auth.authorizationUrl({ state, challenge, redirectUri: this.deps.redirectUri }),
      browserNonce,
    };
  }

  async finish(params: CallbackParams): Promise<Connection[]> {
    if (params.error) throw new ConnectError(`HubSpot refused the connection: ${params.error}`);
    if (!params.code || !params.state) throw new ConnectError('the callback is missing code or state');
    const session = await this.deps.sessions.complete('hubspot', params.state, params.browserNonce);
    const grant = await this.deps.auth.exchangeCode({
      code: params.code,
      verifier: session.verifier,
      redirectUri: session.redirectUri,
    });
    const connection = await this.deps.connections.save({
      installationId: session.installationId,
      vendor: 'hubspot',
      externalId: grant.portalId,
      displayName: grant.portalDomain ?? `HubSpot portal ${grant.portalId}`,
      scopes: grant.scopes,
      settings: { authType: 'oauth' },
      tokens: grant.tokens,
    });
    await this.deps.onConnected(connection);
    return [connection];
  }
}

/**
 * A single-account install with a static access token (HubSpot's static auth for project apps; the
 * legacy private apps can no longer be created). The token does not expire and is not refreshed;
 * the portal it belongs to is read from the account-info API. It joins the connect ticket's
 * installation.
 */
export class HubspotStaticTokenFlow implements ConnectFlow {
  readonly vendorName = 'HubSpot';

  constructor(
    private readonly deps: {
      accessToken: string;
      connections: ConnectionStore;
      describePortal(accessToken: string): Promise<{ portalId: string; name: string | undefined }>;
      onConnected(connection: Connection): Promise<void>;
    },
  ) {}

  async begin(start: ConnectStart): Promise<{ connected: Connection[] }> {
    const portal = await this.deps.describePortal(this.deps.accessToken);
    const connection = await this.deps.connections.save({
      installationId: start.installationId,
      vendor: 'hubspot',
      externalId: portal.portalId,
      displayName: portal.name ?? `HubSpot portal ${portal.portalId}`,
      scopes: [],
      settings: { authType: 'static_token' },
      tokens: { accessToken: this.deps.accessToken },
    });
    await this.deps.onConnected(connection);
    return { connected: [connection] };
  }

  finish(): Promise<Connection[]> {
    return noCallback('HubSpot (static token)');
  }
}
