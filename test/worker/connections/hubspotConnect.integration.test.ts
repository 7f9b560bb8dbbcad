import { CookieJar } from '../../../worker/cli/connectBrowser';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { issueTestTicket } from '../../support/connectTickets';
import { startHubspotConnectHarness, type HubspotConnectHarness } from '../../support/hubspotConnectHarness';

/**
 * HubSpot's connect flows end to end: OAuth (2026-03 endpoints, state + PKCE) through the worker's
 * ingress and a static token, against the HubSpot sandbox, with the refresh workflow on Temporal.
 */
describe('Connect HubSpot', () => {
  let harness: HubspotConnectHarness;

  beforeAll(async () => {
    harness = await startHubspotConnectHarness({ portalId: 778899, seed: { companies: 2, deals: 2 } });
  });
  afterAll(() => harness.close());

  /** A browser: what the start sets, it sends back to the callback. */
  const browser = () => {
    const jar = new CookieJar();
    return async (url: string | URL) => {
      const cookie = jar.headerFor(url.toString());
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      jar.keep(url.toString(), res.headers.getSetCookie());
      return res;
    };
  };
  const startUrl = async (slug?: string) => {
    const { ticket } = await issueTestTicket(harness.store.db, 'hubspot', slug ? { slug } : {});
    return `${harness.ingress.url}/oauth/hubspot/start?ticket=${ticket}`;
  };

  it('connects a portal by OAuth, refreshes without rotating the refresh token, and parks when it is revoked', async () => {
    await harness.temporal.withWorker(async () => {
      const browse = browser();
      const start = await browse(await startUrl('portal-owner'));
      expect(start.status).toBe(302);
      const authorizeUrl = new URL(start.headers.get('location') ?? '');
      expect(authorizeUrl.pathname).toBe('/oauth/authorize');
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizeUrl.searchParams.get('scope')?.split(' ')).toEqual(HUBSPOT_SCOPES);
      const consent = await browse(authorizeUrl);
      expect(consent.status).toBe(302);
      const callbackUrl = consent.headers.get('location') ?? '';

      // A code without its PKCE verifier is refused by HubSpot (the sandbox checks it too).
      const callback = await browse(callbackUrl);
      expect(callback.status).toBe(200);
      expect(await callback.text()).toContain('HubSpot connected');

      const owner = await new InstallationStore(harness.store.db).requireBySlug('portal-owner');
      const connection = await harness.services.connections.find('hubspot', '778899');
      expect(connection).toMatchObject({ status: 'active', vendor: 'hubspot', installationId: owner.id });
      expect(connection?.scopes).toEqual(expect.arrayContaining(['crm.objects.deals.write', 'oauth']));
      const { tokens, version } = await harness.services.connections.readTokens(connection!.id);
      expect(tokens.refreshToken).toBeDefined();
      expect(tokens.expiresAt! - Date.now()).toBeGreaterThan(29 * 60_000);
      expect(
        (await harness.temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe())
          .status.name,
      ).toBe('RUNNING');

      const refreshed = await harness.services.refresh.refresh(connection!.id, {
        unauthorizedWithVersion: version,
      });
      expect(refreshed.outcome).toBe('refreshed');
      const after = await harness.services.connections.readTokens(connection!.id);
      expect(after.tokens.accessToken).not.toBe(tokens.accessToken);
      expect(after.tokens.refreshToken).toBe(tokens.refreshToken);
      expect(harness.emulator.oauth.stats.refreshed).toBe(1);

      harness.emulator.oauth.revokeRefreshToken(after.tokens.refreshToken!);
      const revoked = await harness.services.refresh.refresh(connection!.id, {
        unauthorizedWithVersion: after.version,
      });
      expect(revoked).toMatchObject({ outcome: 'needs_reauth' });
      expect((await harness.services.connections.get(connection!.id))?.status).toBe('needs_reauth');
    });
  });

  it('refuses a callback whose code does not match the PKCE challenge', async () => {
    const browse = browser();
    const start = await browse(await startUrl('portal-owner'));
    const authorizeUrl = new URL(start.headers.get('location') ?? '');
    authorizeUrl.searchParams.set('code_challenge', 'A'.repeat(43));
    const consent = await browse(authorizeUrl);
    const callback = await browse(consent.headers.get('location') ?? '');
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('Connection failed');
  });

  it('connects a single-account install by static token, reading its portal from account-info', async () => {
    harness.emulator.registerStaticToken(445566, 'pat-na1-static-token', ['crm.objects.deals.read']);
    const flow = harness.staticTokenFlow('pat-na1-static-token');
    const installation = await new InstallationStore(harness.store.db).ensure({
      slug: 'static-token-portal',
    });
    const { connected } = await flow.begin({ installationId: installation.id });
    expect(connected[0]).toMatchObject({
      vendor: 'hubspot',
      externalId: '445566',
      status: 'active',
      installationId: installation.id,
    });
    const { tokens } = await harness.services.connections.readTokens(connected[0]!.id);
    expect(tokens).toEqual({ accessToken: 'pat-na1-static-token' });

    const bad = harness.staticTokenFlow('pat-na1-unknown');
    await expect(bad.begin({ installationId: installation.id })).rejects.toThrow(/401/);
  });
});
