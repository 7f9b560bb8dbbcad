import { SANDBOX_HUBSPOT_CLIENT } from '../../../sandbox';
import { CookieJar } from '../../../worker/cli/connectBrowser';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { installationReport } from '../../../worker/installations/installationReport';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { issueTestTicket } from '../../support/connectTickets';
import { startHubspotConnectHarness, type HubspotConnectHarness } from '../../support/hubspotConnectHarness';

/**
 * Installing creates the installation: HubSpot's own install link (it starts at HubSpot, so the
 * callback brings a code and no state of ours) and an install ticket land the portal in the
 * installation already holding it, else in a new one, through the ingress, the HubSpot sandbox and
 * the refresh workflow on Temporal. A state that is not ours is refused.
 */
describe('Install the HubSpot app', () => {
  let harness: HubspotConnectHarness;

  beforeAll(async () => {
    harness = await startHubspotConnectHarness({ portalId: 990001 });
  });
  afterAll(() => harness.close());

  /**
   * The app's install URL for one account, as HubSpot documents it
   * (`/oauth/{accountId}/authorize?client_id&redirect_uri&scope`): approved at the sandbox's consent
   * page, then the callback in a browser that holds nothing of ours.
   */
  const installLink = async (portalId: number, extra: Record<string, string> = {}) => {
    const link = new URL(`${harness.server.url}/oauth/${portalId}/authorize`);
    link.searchParams.set('client_id', SANDBOX_HUBSPOT_CLIENT.clientId);
    link.searchParams.set('redirect_uri', harness.redirectUri);
    link.searchParams.set('scope', HUBSPOT_SCOPES.join(' '));
    for (const [key, value] of Object.entries(extra)) link.searchParams.set(key, value);
    const consent = await fetch(link, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const callback = new URL(consent.headers.get('location') ?? '');
    expect(callback.searchParams.get('code')).toBeTruthy();
    return fetch(callback, { redirect: 'manual' });
  };

  const installations = () => new InstallationStore(harness.store.db).list();
  const createdRows = async (portalId: string) =>
    (
      await harness.store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'installation_created')
        .execute()
    ).filter((row) => row.subject.account === portalId);

  it('creates an installation named after the portal from the install link, and finds it on re-install', async () => {
    await harness.temporal.withWorker(async () => {
      const before = (await installations()).length;
      const res = await installLink(990101);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Connected: sandbox-990101.hubspot.com');

      const connection = await harness.services.connections.find('hubspot', '990101');
      const installation = await new InstallationStore(harness.store.db).get(connection!.installationId);
      expect(installation).toMatchObject({
        slug: 'sandbox-990101',
        name: 'sandbox-990101.hubspot.com',
        status: 'active',
      });
      expect(connection).toMatchObject({ status: 'active', displayName: 'sandbox-990101.hubspot.com' });
      const { tokens } = await harness.services.connections.readTokens(connection!.id);
      expect(tokens.refreshToken).toBeDefined();
      expect(
        (await harness.temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe())
          .status.name,
      ).toBe('RUNNING');
      expect(await createdRows('990101')).toEqual([
        expect.objectContaining({
          outcome: 'succeeded',
          actor: 'hubspot:990101:1',
          subject: expect.objectContaining({
            installationId: installation!.id,
            installation: 'sandbox-990101',
          }),
        }),
      ]);
      // What `npm run installations` prints.
      expect(
        (await installationReport(harness.store.db)).find((r) => r.slug === 'sandbox-990101'),
      ).toMatchObject({
        accounts: [{ vendor: 'hubspot', externalId: '990101', status: 'active' }],
      });

      // Installing again: the same installation, fresh tokens, nothing new.
      const again = await installLink(990101);
      expect(again.status).toBe(200);
      expect((await installations()).length).toBe(before + 1);
      const reconnected = await harness.services.connections.find('hubspot', '990101');
      expect(reconnected).toMatchObject({ id: connection!.id, installationId: installation!.id });
      expect((await harness.services.connections.readTokens(connection!.id)).tokens.accessToken).not.toBe(
        tokens.accessToken,
      );
      expect(await createdRows('990101')).toHaveLength(1);
    });
  });

  it('lands a portal already connected to an installation in that installation, never a second one', async () => {
    const browser = new CookieJar();
    const get = async (url: string) => {
      const cookie = browser.headerFor(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      browser.keep(url, res.headers.getSetCookie());
      return res;
    };
    // Connected by its admin with a connect ticket of customer-b (the sandbox picks the portal by hub_id).
    const { ticket, installationId } = await issueTestTicket(harness.store.db, 'hubspot', {
      slug: 'customer-b',
    });
    const start = await get(`${harness.ingress.url}/oauth/hubspot/start?ticket=${ticket}`);
    const authorize = new URL(start.headers.get('location') ?? '');
    authorize.searchParams.set('hub_id', '990202');
    const consent = await get(authorize.toString());
    expect((await get(consent.headers.get('location') ?? '')).status).toBe(200);
    const before = await installations();

    const res = await installLink(990202);
    expect(res.status).toBe(200);
    expect(await installations()).toEqual(before);
    expect(await harness.services.connections.find('hubspot', '990202')).toMatchObject({ installationId });
    expect(await createdRows('990202')).toEqual([]);
  });

  it('gives a new installation the next free slug when its name is taken by another customer', async () => {
    await new InstallationStore(harness.store.db).ensure({ slug: 'sandbox-990303', name: 'Someone else' });
    expect((await installLink(990303)).status).toBe(200);
    const connection = await harness.services.connections.find('hubspot', '990303');
    expect((await new InstallationStore(harness.store.db).get(connection!.installationId))?.slug).toBe(
      'sandbox-990303-2',
    );
  });

  it('refuses a callback with a state that is not ours, and creates nothing', async () => {
    const before = await installations();
    // An install link carrying a state of its own: only states Ledgerbridge issued are taken.
    const forged = await installLink(990404, { state: 'forged-state-value' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('unknown, expired or already used state');
    expect(await harness.services.connections.find('hubspot', '990404')).toBeUndefined();
    expect(await installations()).toEqual(before);
    const noCode = await fetch(`${harness.ingress.url}/oauth/hubspot/callback`);
    expect(noCode.status).toBe(400);
  });

  it('installs with an install ticket in the browser that started it, under the name it was issued with', async () => {
    const { ticket } = await harness.services.tickets.issue({
      newInstallation: { name: 'Globex Corporation' },
      vendor: 'hubspot',
      issuedTo: 'test:operator',
    });
    const jar = new CookieJar();
    const get = async (url: string, keep = jar) => {
      const cookie = keep.headerFor(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      keep.keep(url, res.headers.getSetCookie());
      return res;
    };
    const start = await get(`${harness.ingress.url}/oauth/hubspot/start?ticket=${ticket}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location') ?? '');
    authorize.searchParams.set('hub_id', '990505');
    const callbackUrl = (await get(authorize.toString())).headers.get('location') ?? '';
    // Another browser with the same callback URL: refused, and the consent stays its starter's.
    expect((await get(callbackUrl, new CookieJar())).status).toBe(403);
    expect(await harness.services.connections.find('hubspot', '990505')).toBeUndefined();
    expect((await get(callbackUrl)).status).toBe(200);
    const connection = await harness.services.connections.find('hubspot', '990505');
    expect(await new InstallationStore(harness.store.db).get(connection!.installationId)).toMatchObject({
      slug: 'globex-corporation',
      name: 'Globex Corporation',
    });
    // The ticket was used up.
    expect((await get(`${harness.ingress.url}/oauth/hubspot/start?ticket=${ticket}`)).status).toBe(401);
  });

  it("installs a single-account app by static token with an install ticket, into the portal's own installation", async () => {
    harness.emulator.registerStaticToken(990606, 'pat-na1-install-token', ['crm.objects.deals.read']);
    const flow = harness.staticTokenFlow('pat-na1-install-token');
    const first = await flow.begin({ newInstallation: { name: null }, issuedTo: 'cli' });
    const installation = await new InstallationStore(harness.store.db).get(
      first.connected[0]!.installationId,
    );
    expect(installation).toMatchObject({ slug: 'hubspot-portal-990606', name: 'HubSpot portal 990606' });
    const again = await flow.begin({ newInstallation: { name: 'Renamed' }, issuedTo: 'cli' });
    expect(again.connected[0]).toMatchObject({
      id: first.connected[0]!.id,
      installationId: installation!.id,
    });
    expect(await createdRows('990606')).toEqual([expect.objectContaining({ actor: 'cli' })]);
  });
});
