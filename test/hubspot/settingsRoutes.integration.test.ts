import { settingsPageSchema } from '../../worker/hubspotApp/contracts/settingsPage';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { CALLER, startHubspotApp, type HubspotAppHarness } from './appHarness';

/** The settings page's endpoints through the real ingress and the real mapping settings store. */
describe('HubSpot settings endpoints', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 5151, contacts: 2, invoices: 2 });
    app = await startHubspotApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const load = async () => settingsPageSchema.parse(await (await app.call('/hubspot/settings')).json());
  const save = (expectedVersion: number, settings: unknown) =>
    app.call('/hubspot/settings', { method: 'PUT', body: { expectedVersion, settings } });

  it('loads the defaults, saves a version, refuses invalid input naming each field and keeps what was saved, refuses a stale form', async () => {
    const first = await load();
    expect(first).toMatchObject({
      status: 'ready',
      organisations: [{ xeroTenantId: env.tenantId, name: 'Xero org', connected: true }],
      version: 0,
      savedBy: null,
    });
    if (first.status !== 'ready') throw new Error('not ready');
    expect(first.settings.paymentTermsDays).toBe(30);

    const organisations = { [env.tenantId]: { defaultAccountCode: '4000', taxRates: {}, items: {} } };
    const saved = await save(0, { ...first.settings, paymentTermsDays: 14, organisations });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ version: 1, settings: { paymentTermsDays: 14 } });
    expect(await load()).toMatchObject({
      version: 1,
      savedBy: `hubspot:${CALLER.portalId}:${CALLER.userEmail}`,
      settings: { paymentTermsDays: 14, organisations },
    });

    const invalid = await save(1, {
      ...first.settings,
      paymentTermsDays: 400,
      currencies: { allowed: ['usd'], crmToXero: {} },
      invoiceRules: { ...first.settings.invoiceRules, statuses: ['AUTHORISED', 'SUBMITTED'] },
      stageByStatus: { AUTHORISED: 'Closed Won' },
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      error: 'invalid_settings',
      message: 'Some settings are not valid; nothing was saved.',
      fieldErrors: {
        paymentTermsDays: 'must be at most 365 days',
        'currencies.allowed.0': 'must be a three-letter ISO 4217 code such as USD',
        'stageByStatus.SUBMITTED': 'needs a stage: invoices in status SUBMITTED qualify',
      },
    });
    expect(await load()).toMatchObject({ version: 1, settings: { paymentTermsDays: 14 } });

    const stale = await save(0, { ...first.settings, paymentTermsDays: 7 });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: 'stale_settings', currentVersion: 1 });
    expect(await load()).toMatchObject({ version: 1, settings: { paymentTermsDays: 14 } });

    const audit = await env.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'mapping_settings_saved')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('a body that is not a save request: 400 naming the field', async () => {
    const res = await app.call('/hubspot/settings', { method: 'PUT', body: { settings: {} } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: 'invalid_request',
      message: expect.stringContaining('expectedVersion'),
    });
  });

  it("refuses routing deals to an organisation that is not the installation's, naming the field", async () => {
    const page = await load();
    const res = await save(page.version, {
      ...page.settings,
      routing: {
        rules: [{ when: { currency: 'AUD' }, xeroTenantId: 'someone-elses' }],
        defaultXeroTenantId: null,
      },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      fieldErrors: {
        'routing.rules.0.xeroTenantId':
          'Xero organisation someone-elses is not connected to this installation',
      },
    });
  });

  it('with no Xero organisation connected: the shared settings can still be saved, no deal routed', async () => {
    const xero = (await env.connections.list()).find((c) => c.vendor === 'xero')!;
    await env.connections.setStatus(xero.id, 'disconnected');
    try {
      const page = await load();
      expect(page.organisations).toEqual([
        { xeroTenantId: env.tenantId, name: 'Xero org', connected: false },
      ]);
      expect((await save(page.version, { ...page.settings, paymentTermsDays: 21 })).status).toBe(200);
      const routed = await save(page.version + 1, {
        ...page.settings,
        routing: { rules: [], defaultXeroTenantId: env.tenantId },
      });
      expect(await routed.json()).toMatchObject({
        fieldErrors: { 'routing.defaultXeroTenantId': expect.stringContaining('is not connected') },
      });
    } finally {
      await env.connections.setStatus(xero.id, 'active');
    }
  });
});
