import { Client } from '@hubspot/api-client';
import { expectApiError, startHubSpot, type HubSpotHarness } from './harness';

/** The sandbox's own control API (not HubSpot's): plain HTTP under /__sandbox. */
describe('HubSpot emulator: control API', () => {
  let h: HubSpotHarness;
  beforeEach(async () => {
    h = await startHubSpot({ dataset: false });
  });
  afterEach(async () => h.close());

  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${h.server.url}/__sandbox${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('seeds (validated), reports state counts and resets to empty', async () => {
    const seeded = await control('POST', '/seed', {
      companies: 2,
      deals: 7,
      lineItemsPerDeal: 1,
      tasks: 0,
      notes: 0,
    });
    expect(seeded.status).toBe(200);
    expect(seeded.body).toMatchObject({
      counts: { companies: 2, contacts: 4, deals: 7, line_items: 7, tasks: 0, notes: 0 },
      stages: { closedwon: 1, closedlost: 1 },
    });
    const state = await control('GET', '/state');
    expect(state.body.portals).toEqual([
      expect.objectContaining({
        counts: { contacts: 4, companies: 2, deals: 7, line_items: 7, tasks: 0, notes: 0, emails: 0 },
      }),
    ]);
    expect((await control('POST', '/seed', { deals: 'many' })).status).toBe(400);
    await control('POST', '/reset');
    expect((await control('GET', '/state')).body.portals).toEqual([
      expect.objectContaining({
        counts: { contacts: 0, companies: 0, deals: 0, line_items: 0, tasks: 0, notes: 0, emails: 0 },
      }),
    ]);
  });

  it('registers clients and static tokens, issues grants and expires access tokens', async () => {
    expect(
      (
        await control('POST', '/oauth/clients', {
          clientId: 'other-app',
          clientSecret: 's3cret',
          scopes: ['crm.objects.deals.read'],
        })
      ).status,
    ).toBe(201);
    const grant = await control('POST', '/oauth/grants', { clientId: 'other-app', portalId: 99 });
    expect(grant.body).toMatchObject({
      expires_in: 1800,
      hub_id: 99,
      scopes: ['oauth', 'crm.objects.deals.read'],
    });
    const hs = new Client({ basePath: h.server.url, accessToken: String(grant.body.access_token) });
    await expect(hs.crm.deals.basicApi.getPage()).resolves.toMatchObject({ results: [] });
    await control('POST', '/oauth/static-tokens', {
      token: 'pat-na1-control-0001',
      scopes: ['crm.objects.deals.read'],
    });
    const expired = await control('POST', '/oauth/expire-access-tokens');
    expect(expired.body.expired).toBeGreaterThanOrEqual(2);
    expect((await expectApiError(hs.crm.deals.basicApi.getPage())).body.category).toBe(
      'EXPIRED_AUTHENTICATION',
    );
    await expect(h.clientWith('pat-na1-control-0001').crm.deals.basicApi.getPage()).resolves.toBeDefined();
  });

  it('configures webhook subscriptions and refuses invalid ones', async () => {
    const ok = await control('POST', '/webhooks', {
      targetUrl: 'http://127.0.0.1:9/hooks',
      subscriptions: [{ subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' }],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.subscriptions).toEqual([
      {
        subscriptionType: 'deal.propertyChange',
        propertyName: 'dealstage',
        active: true,
        id: expect.any(Number),
      },
    ]);
    const noProperty = await control('POST', '/webhooks', {
      targetUrl: 'http://127.0.0.1:9/hooks',
      subscriptions: [{ subscriptionType: 'deal.propertyChange' }],
    });
    expect(noProperty.status).toBe(400);
  });
});
