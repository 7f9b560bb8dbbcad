import type { Connection } from '../../worker/connections/connectionStore';
import { receivablesViewSchema } from '../../worker/hubspotApp/contracts/receivables';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { startHubspotApp, type HubspotAppHarness } from './appHarness';

const OTHER_PORTAL = 717171;

function figures(currency: string, over90: number) {
  return {
    currency,
    current: 100,
    days1to30: 20,
    days31to60: 0,
    days61to90: 0,
    over90,
    outstanding: 120 + over90,
    creditSales90: 900,
    daysSalesOutstanding: 12.5,
  };
}

/** The settings page's receivables endpoint through the real ingress, over snapshots in the real store. */
describe('HubSpot receivables endpoint', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;
  let portal: Connection;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7272, contacts: 1, invoices: 1 });
    app = await startHubspotApp(env);
    portal = (await env.connections.list()).find((c) => c.vendor === 'hubspot')!;
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const plant = (installationId: string, asOf: string, rows: object[], overdue: number) =>
    env.store.db
      .insertInto('receivables_snapshots')
      .values({
        installation_id: installationId,
        as_of: asOf,
        figures: JSON.stringify(rows),
        overdue_invoices: overdue,
        accounts_written: 1,
      })
      .execute();
  const load = async () => {
    const res = await app.call('/hubspot/receivables');
    expect(res.status).toBe(200);
    return receivablesViewSchema.parse(await res.json());
  };

  it('before the first nightly run: says none has computed figures yet', async () => {
    expect(await load()).toEqual({
      status: 'never_computed',
      message: expect.stringContaining('has not computed figures for this installation yet'),
    });
  });

  it('the newest snapshot of the portal’s own installation, never another installation’s', async () => {
    const other = await env.store.db
      .insertInto('installations')
      .values({ slug: 'receivables-other', name: 'Another installation' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await plant(portal.installationId, '2026-11-18', [figures('GBP', 1)], 1);
    await plant(portal.installationId, '2026-11-19', [figures('GBP', 500), figures('EUR', 0)], 4);
    // Newer than the portal's own, and in a currency the portal's installation never had.
    await plant(other.id, '2026-11-20', [figures('JPY', 99_999)], 9);

    const view = await load();
    expect(view).toEqual({
      status: 'computed',
      asOf: '2026-11-19',
      computedAt: expect.any(String),
      overdueInvoices: 4,
      figures: [figures('GBP', 500), figures('EUR', 0)],
    });
    expect(JSON.stringify(view)).not.toContain('JPY');
  });

  it('a portal that is not connected: 403, and no figures', async () => {
    const res = await app.call('/hubspot/receivables', { caller: { portalId: OTHER_PORTAL } });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'portal_not_connected' });
    expect(text).not.toContain('GBP');
  });

  it('not signed with the app secret: 401', async () => {
    expect((await app.call('/hubspot/receivables', { secret: 'someone-elses-secret' })).status).toBe(401);
  });
});
