import type { HubspotAuth, HubspotGrant } from '../connectors/hubspot/hubspotAuth';
import type { AccountInstallations } from './connectInstallation';
import {
  ConnectError,
  noCallback,
  type CallbackParams,
  type ConnectFlow,
  type ConnectStart,
  type InstallTarget,
} from './connectFlow';
import type { HubspotTokenInfo } from './connectHubspotToken';
import type { Connection, ConnectionStore } from './connectionStore';
import type { OAuthSessions } from './oauthSessions';

/**
 * HubSpot's multi-account app: authorization code with state and PKCE on the 2026-03 OAuth
 * endpoints, bound to the browser that started it, one connection per portal (hub) installed, into
 * the installation whose connect ticket started the flow (an install ticket: the portal's own).
 *
 * HubSpot's install link (the app's marketplace or private-distribution install URL) starts at
 * HubSpot and lands on the callback with a code and no state of ours: the code is HubSpot's proof
 * that an admin of the portal consented, so it is exchanged, and the portal joins the installation
 * already holding it, else a new one named after its hub domain. A state, though, must be one of
 * ours, from the same browser.
 */
export class HubspotConnectFlow implements ConnectFlow {
  readonly vendorName = 'HubSpot';

  constructor(
    private readonly deps: {
      auth: HubspotAuth;
      sessions: OAuthSessions;
      connections: ConnectionStore;
      installs: AccountInstallations;
      /** The token's portal, domain and installing user (GET /oauth/v1/access-tokens/{token}). */
      describeToken(accessToken: string): Promise<HubspotTokenInfo>;
      redirectUri: string;
      onConnected(connection: Connection): Promise<void>;
    },
  ) {}

  async begin(start: ConnectStart): Promise<{ redirectTo: string; browserNonce: string }> {
    const { state, challenge, browserNonce } = await this.deps.sessions.begin(
      'hubspot',
      this.deps.redirectUri,
      start,
    );
    return {
      redirectTo: this.deps.auth.authorizationUrl({ state, challenge, redirectUri: this.deps.redirectUri }),
      browserNonce,
    };
  }

  async finish(params: CallbackParams): Promise<Connection[]> {
    if (params.error) throw new ConnectError(`HubSpot refused the connection: ${params.error}`);
    if (!params.code) throw new ConnectError('the callback is missing its code');
    const { grant, target } = params.state
      ? await this.fromOurConsent(params.code, params.state, params.browserNonce)
      : await this.fromInstallLink(params.code);
    const connection =
      'installationId' in target
        ? await this.save(target.installationId, grant, grant.portalDomain)
        : await this.install(target, grant);
    await this.deps.onConnected(connection);
    return [connection];
  }

  private async fromOurConsent(
    code: string,
    state: string,
    browserNonce: string | null | undefined,
  ): Promise<{ grant: HubspotGrant; target: InstallTarget }> {
    const session = await this.deps.sessions.complete('hubspot', state, browserNonce);
    const grant = await this.deps.auth.exchangeCode({
      code,
      verifier: session.verifier,
      redirectUri: session.redirectUri,
    });
    return { grant, target: session.target };
  }

  /** HubSpot's install link sends no PKCE challenge, so the code is exchanged without a verifier. */
  private async fromInstallLink(code: string): Promise<{ grant: HubspotGrant; target: InstallTarget }> {
    const grant = await this.deps.auth.exchangeCode({ code, redirectUri: this.deps.redirectUri });
    return { grant, target: { newInstallation: { name: null } } };
  }

  private async install(target: InstallTarget, grant: HubspotGrant): Promise<Connection> {
    const token = await this.deps.describeToken(grant.tokens.accessToken);
    if (token.portalId !== grant.portalId)
      throw new ConnectError('HubSpot named two different portals for this grant: install again');
    const domain = token.hubDomain ?? grant.portalDomain;
    return this.deps.installs.connect(
      target,
      {
        vendor: 'hubspot',
        externalId: grant.portalId,
        name: domain ?? `HubSpot portal ${grant.portalId}`,
        ...(domain ? { slugFrom: domain.replace(/^www\./, '').split('.')[0] } : {}),
      },
      `hubspot:${grant.portalId}:${token.userId ?? 'unknown'}`,
      (installationId) => this.save(installationId, grant, domain),
    );
  }

  private save(installationId: string, grant: HubspotGrant, domain: string | undefined): Promise<Connection> {
    return this.deps.connections.save({
      installationId,
      vendor: 'hubspot',
      externalId: grant.portalId,
      displayName: domain ?? `HubSpot portal ${grant.portalId}`,
      scopes: grant.scopes,
      settings: { authType: 'oauth' },
      tokens: grant.tokens,
    });
  }
}

/**
 * A single-account install with a static access token (HubSpot's static auth for project apps; the
 * legacy private apps can no longer be created). The token does not expire and is not refreshed;
 * the portal it belongs to is read from the account-info API. It joins the connect ticket's
 * installation (an install ticket: the portal's own, made when missing).
 */
export class HubspotStaticTokenFlow implements ConnectFlow {
  readonly vendorName = 'HubSpot';

  constructor(
    private readonly deps: {
      accessToken: string;
      connections: ConnectionStore;
      installs: AccountInstallations;
      describePortal(accessToken: string): Promise<{ portalId: string; name: string | undefined }>;
      onConnected(connection: Connection): Promise<void>;
    },
  ) {}

  async begin(start: ConnectStart): Promise<{ connected: Connection[] }> {
    const portal = await this.deps.describePortal(this.deps.accessToken);
    const displayName = portal.name ?? `HubSpot portal ${portal.portalId}`;
    const connection = await this.deps.installs.connect(
      start,
      { vendor: 'hubspot', externalId: portal.portalId, name: displayName },
      start.issuedTo ?? 'unknown',
      (installationId) =>
        this.deps.connections.save({
          installationId,
          vendor: 'hubspot',
          externalId: portal.portalId,
          displayName,
          scopes: [],
          settings: { authType: 'static_token' },
          tokens: { accessToken: this.deps.accessToken },
        }),
    );
    await this.deps.onConnected(connection);
    return { connected: [connection] };
  }

  finish(): Promise<Connection[]> {
    return noCallback('HubSpot (static token)');
  }
}
