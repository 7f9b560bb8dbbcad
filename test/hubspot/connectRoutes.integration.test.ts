import { randomUUID } from 'node:crypto';
import { extensionFetch, SEEDED_USERS, type ExtensionCallerParams } from '../../sandbox/hubspot';
import type { Connection } from '../../worker/connections/connectionStore';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import {
  xeroConnectLinkSchema,
  xeroConnectionListSchema,
} from '../../worker/hubspotApp/contracts/xeroConnections';
import { registerHubspotConnectRoutes } from '../../worker/ingress/hubspotConnectRoutes';
import { startIngress, type Ingress } from '../../worker/ingress/server';
import { InstallationStore, type Installation } from '../../worker/installations/installationStore';
import { createLogger } from '../../worker/logger';
import { testTickets } from '../support/connectTickets';
import { freePort } from '../support/ports';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { APP_SECRET, CALLER, PORTAL, startHubspotApp, type HubspotAppHarness } from './appHarness';

const PORTAL_B = 717171;
const PORTAL_NO_USERS_SCOPE = 727272;
const ADMIN = Number(SEEDED_USERS.admin.id);
const MEMBER = Number(SEEDED_USERS.member.id);

/**
 * The settings page's Xero organisations (`/hubspot/connections/xero…`) through a real ingress:
 * HubSpot-signed requests, the real connect tickets, and the caller's permission read from the
 * HubSpot emulator's Settings Users API. Installation A is the harness's (portal 606060 and its Xero
 * organisation); installation B has its own portal and Xero organisation.
 */
describe('HubSpot Xero connection endpoints', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;
  let ingress: Ingress;
  let installationB: Installation;
  let xeroA: Connection;
  let xeroB: Connection;
  const disconnected: Array<{ connection: Connection; actor: string }> = [];

  async function connectPortal(portalId: number, installationId: string, scopes: string[]) {
    const token = `pat-na1-portal-${portalId}`;
    env.hubspot.registerStaticToken(portalId, token, scopes);
    await env.connections.save({
      installationId,
      vendor: 'hubspot',
      externalId: String(portalId),
      displayName: `Portal ${portalId}`,
      scopes,
      tokens: { accessToken: token },
    });
  }

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 1818, contacts: 1, invoices: 1 });
    app = await startHubspotApp(env);
    const portalA = await env.connections.find('hubspot', String(PORTAL));
    xeroA = (await env.connections.list()).find((c) => c.vendor === 'xero')!;
    installationB = await new InstallationStore(env.store.db).ensure({ slug: 'connect-b' });
    await connectPortal(PORTAL_B, installationB.id, HUBSPOT_SCOPES);
    await connectPortal(
      PORTAL_NO_USERS_SCOPE,
      portalA!.installationId,
      HUBSPOT_SCOPES.filter((s) => s !== 'settings.users.read'),
    );
    xeroB = await env.connections.save({
      installationId: installationB.id,
      vendor: 'xero',
      externalId: randomUUID(),
      displayName: 'Xero org B',
      scopes: [],
      tokens: { accessToken: 'unused-here' },
    });

    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const logger = createLogger('silent');
    ingress = await startIngress({
      host: '127.0.0.1',
      port,
      logger,
      health: {
        store: env.store,
        temporal: { address: 'n/a', namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (router) =>
          registerHubspotConnectRoutes(router, {
            app: app.deps,
            clientSecret: APP_SECRET,
            publicUrl,
            logger,
            now: () => app.clock.now,
            tickets: testTickets(env.store.db),
            disconnect: async (input) => {
              disconnected.push(input);
              await env.connections.setStatus(input.connection.id, 'disconnected');
            },
          }),
      ],
    });
  });
  afterAll(async () => {
    await ingress?.close();
    await app?.close();
    await env?.close();
  });

  const call = (path: string, caller: Partial<ExtensionCallerParams> = {}, method: 'GET' | 'POST' = 'GET') =>
    extensionFetch({
      url: `${ingress.url}${path}`,
      method,
      ...(method === 'POST' ? { body: {} } : {}),
      caller: { ...CALLER, userId: ADMIN, ...caller },
      clientSecret: APP_SECRET,
      timestamp: app.clock.now,
    });
  const list = async (caller: Partial<ExtensionCallerParams> = {}) => {
    const res = await call('/hubspot/connections/xero', caller);
    expect(res.status).toBe(200);
    return xeroConnectionListSchema.parse(await res.json()).connections;
  };
  const ticketsIssued = async () =>
    (await env.store.db.selectFrom('connect_tickets').select('id').execute()).length;

  it('each portal lists only its own installation’s Xero organisations', async () => {
    expect(await list()).toEqual([
      { id: xeroA.id, name: xeroA.displayName, status: 'active', lastSyncAt: null, lastRefreshError: null },
    ]);
    expect((await list({ portalId: PORTAL_B })).map((c) => [c.id, c.name])).toEqual([
      [xeroB.id, 'Xero org B'],
    ]);
  });

  it('shows the newest sync the worker recorded for the organisation', async () => {
    const at = new Date('2026-11-02T09:30:00.000Z');
    await env.store.db
      .insertInto('audit_log')
      .values({
        id: randomUUID(),
        action: 'upsert_account',
        outcome: 'succeeded',
        actor: 'worker',
        occurred_at: at,
        subject: JSON.stringify({ xeroTenantId: xeroA.externalId, xeroContactId: randomUUID() }),
        detail: '{}',
      })
      .execute();
    expect((await list())[0]?.lastSyncAt).toBe(at.toISOString());
  });

  it('an admin gets a connect link whose ticket is bound to the portal’s installation and works once', async () => {
    const res = await call('/hubspot/connections/xero/connect-link', {}, 'POST');
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const link = xeroConnectLinkSchema.parse(await res.json());
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${ingress.url}/oauth/xero/start`);
    const ticket = url.searchParams.get('ticket')!;

    const tickets = testTickets(env.store.db);
    expect(await tickets.redeem(ticket, 'xero')).toEqual({
      ok: true,
      ticketId: expect.any(String),
      target: { installationId: xeroA.installationId },
      issuedTo: `hubspot:${PORTAL}:${ADMIN}`,
    });
    expect(await tickets.redeem(ticket, 'xero')).toEqual({ ok: false, reason: 'used' });

    const fromB = xeroConnectLinkSchema.parse(
      await (await call('/hubspot/connections/xero/connect-link', { portalId: PORTAL_B }, 'POST')).json(),
    );
    const ticketB = new URL(fromB.url).searchParams.get('ticket')!;
    expect(await tickets.redeem(ticketB, 'xero')).toMatchObject({
      ok: true,
      target: { installationId: installationB.id },
    });
  });

  it('a user who is not a super admin cannot connect, disconnect or save settings: 403 with the reason', async () => {
    const before = await ticketsIssued();
    const link = await call('/hubspot/connections/xero/connect-link', { userId: MEMBER }, 'POST');
    expect(link.status).toBe(403);
    expect(await link.json()).toEqual({
      error: 'not_allowed',
      message: expect.stringContaining('Only a super admin of this HubSpot account'),
    });
    const unknownUser = await call('/hubspot/connections/xero/connect-link', { userId: 99_999 }, 'POST');
    expect(unknownUser.status).toBe(403);
    expect(await ticketsIssued()).toBe(before);

    const disconnect = await call(
      `/hubspot/connections/xero/${xeroA.id}/disconnect`,
      { userId: MEMBER },
      'POST',
    );
    expect(disconnect.status).toBe(403);
    expect(disconnected).toEqual([]);

    const save = await app.call('/hubspot/settings', {
      method: 'PUT',
      body: { expectedVersion: 0, settings: {} },
      caller: { userId: MEMBER },
    });
    expect(save.status).toBe(403);
    expect(await save.json()).toMatchObject({ error: 'not_allowed' });
    const refused = await env.store.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', 'settings_change_refused')
      .execute();
    expect(refused).toHaveLength(4);
    expect(refused.map((r) => r.actor)).toContain(`hubspot-user:${PORTAL}:${MEMBER}`);
  });

  it('without the users scope the permission cannot be checked: 403 saying to reconnect HubSpot', async () => {
    const res = await call(
      '/hubspot/connections/xero/connect-link',
      { portalId: PORTAL_NO_USERS_SCOPE },
      'POST',
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: 'permission_unknown',
      message: expect.stringContaining('settings.users.read'),
    });
  });

  it('a portal cannot disconnect another installation’s organisation (404); its own is disconnected', async () => {
    const across = await call(`/hubspot/connections/xero/${xeroB.id}/disconnect`, {}, 'POST');
    expect(across.status).toBe(404);
    expect(await across.json()).toMatchObject({ error: 'not_found' });
    const unknown = await call(`/hubspot/connections/xero/${randomUUID()}/disconnect`, {}, 'POST');
    expect(unknown.status).toBe(404);
    const malformed = await call('/hubspot/connections/xero/not-an-id/disconnect', {}, 'POST');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ message: expect.stringContaining('connectionId') });
    expect(disconnected).toEqual([]);
    expect((await env.connections.get(xeroB.id))?.status).toBe('active');

    const own = await call(
      `/hubspot/connections/xero/${xeroB.id}/disconnect`,
      { portalId: PORTAL_B },
      'POST',
    );
    expect(own.status).toBe(200);
    expect(await own.json()).toEqual({ id: xeroB.id, status: 'disconnected' });
    expect(disconnected.map((d) => [d.connection.id, d.actor])).toEqual([
      [xeroB.id, `hubspot-user:${PORTAL_B}:${ADMIN}`],
    ]);
    expect((await list({ portalId: PORTAL_B }))[0]?.status).toBe('disconnected');
    expect((await list())[0]?.status).toBe('active');
  });

  it('a request HubSpot did not sign is refused before anything is read', async () => {
    const res = await extensionFetch({
      url: `${ingress.url}/hubspot/connections/xero`,
      caller: { ...CALLER, portalId: PORTAL_B },
      clientSecret: 'not-the-app-secret',
      timestamp: app.clock.now,
    });
    expect(res.status).toBe(401);
  });
});
