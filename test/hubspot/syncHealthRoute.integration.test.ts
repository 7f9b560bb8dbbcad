import { extensionRequest } from '../../sandbox/hubspot';
import type { Connection } from '../../worker/connections/connectionStore';
import { syncHealthSchema } from '../../worker/hubspotApp/contracts/syncHealth';
import { ParityStore } from '../../worker/parity/parityStore';
import type { ParityFinding } from '../../workflows/domain/parity/parityFacts';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { APP_SECRET, CALLER, startHubspotApp, type HubspotAppHarness } from './appHarness';

const OTHER_PORTAL = 707070;

function mismatch(n: number): ParityFinding {
  return {
    key: `field_mismatch:invoice:inv-${String(n).padStart(4, '0')}:total`,
    kind: 'field_mismatch',
    entity: 'invoice',
    field: 'total',
    xero: { id: `inv-${n}`, label: `INV-${n}`, value: '100.00' },
    crm: { id: `${9000 + n}`, value: '90.00' },
    message: `INV-${n}: total differs`,
  };
}

/** The settings page's sync health endpoint through the real ingress, over runs in the real store. */
describe('HubSpot sync health endpoint', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;
  let portal: Connection;
  let xero: Connection;
  let salesforce: Connection;
  let parity: ParityStore;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7171, contacts: 2, invoices: 2 });
    app = await startHubspotApp(env);
    const all = await env.connections.list();
    portal = all.find((c) => c.vendor === 'hubspot')!;
    xero = all.find((c) => c.vendor === 'xero')!;
    salesforce = all.find((c) => c.vendor === 'salesforce')!;
    parity = new ParityStore(env.store.db);
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });

  const load = async () => {
    const res = await app.call('/hubspot/health');
    expect(res.status).toBe(200);
    return syncHealthSchema.parse(await res.json());
  };
  const plantRun = async (
    runId: string,
    crmConnectionId: string,
    findings: ParityFinding[],
    pairs: number,
  ) => {
    await parity.startRun({
      runId,
      xeroTenantId: env.tenantId,
      crm: crmConnectionId === salesforce.id ? 'salesforce' : 'hubspot',
      crmConnectionId,
      trigger: 'manual',
      workflowId: `parity:${runId}`,
    });
    await parity.putFindings(runId, findings);
    await parity.finishRun(runId, pairs);
  };

  it('before any parity check: both connections and an empty state that says so', async () => {
    expect(await load()).toEqual({
      status: 'never_checked',
      message: expect.stringContaining('No parity check has run yet'),
      connections: [
        { vendor: 'hubspot', name: 'HubSpot portal', status: 'active', lastRefreshError: null },
        { vendor: 'xero', name: 'Xero org', status: 'active', lastRefreshError: null },
      ],
      recentFailures: [],
    });
  });

  it('this portal’s runs newest first, the newest run’s findings (at most 200 of them), its failures of the last day', async () => {
    await plantRun('run-old', portal.id, [mismatch(1), mismatch(2)], 40);
    await parity.recordAgreement('run-old', { xero_to_crm: { plans: 10, agreeing: 9 } });
    await plantRun(
      'run-new',
      portal.id,
      [
        ...Array.from({ length: 249 }, (_, i) => mismatch(i + 1)),
        {
          key: 'missing_in_crm:invoice:inv-x',
          kind: 'missing_in_crm',
          entity: 'invoice',
          message: 'INV-X is not in HubSpot',
          xero: { id: 'inv-x', label: 'INV-X' },
        },
      ],
      1200,
    );
    // Another CRM's run of the same Xero organisation is not this portal's.
    await plantRun('run-salesforce', salesforce.id, [mismatch(7)], 5);
    await app.deps.audit.record({
      action: 'upsert_deal',
      outcome: 'failed',
      actor: 'worker',
      subject: { xeroTenantId: env.tenantId, crm: 'hubspot', crmConnectionId: portal.id },
      detail: { error: 'HubSpot answered 502' },
    });
    await app.deps.audit.record({
      action: 'upsert_deal',
      outcome: 'failed',
      actor: 'worker',
      subject: { crm: 'salesforce', crmConnectionId: salesforce.id },
      detail: { error: 'Salesforce is down (not this portal’s)' },
    });
    await env.store.db
      .insertInto('audit_log')
      .values({
        occurred_at: new Date(Date.now() - 25 * 60 * 60_000),
        action: 'link_account',
        outcome: 'failed',
        actor: 'worker',
        subject: JSON.stringify({ crmConnectionId: portal.id }),
        detail: JSON.stringify({ error: 'more than a day old' }),
      })
      .execute();
    await env.connections.recordRefreshFailure(xero.id, 'Xero token endpoint answered 503');

    const health = await load();
    if (health.status !== 'checked') throw new Error(`expected checked, got ${health.status}`);
    expect(health.runs.map((r) => r.runId)).toEqual(['run-new', 'run-old']);
    expect(health.runs[0]).toMatchObject({
      pairsCompared: 1200,
      findings: 250,
      byKind: { field_mismatch: 249, missing_in_crm: 1 },
      agreement: null,
    });
    expect(health.runs[1]).toMatchObject({
      pairsCompared: 40,
      findings: 2,
      mode: 'cutover',
      agreement: { xero_to_crm: { plans: 10, agreeing: 9 } },
    });
    expect(health.newestFindings.runId).toBe('run-new');
    expect(health.newestFindings.total).toBe(250);
    expect(health.newestFindings.rows).toHaveLength(200);
    expect(health.newestFindings.rows[0]).toEqual({
      kind: 'field_mismatch',
      entity: 'invoice',
      field: 'total',
      xeroId: 'inv-1',
      xeroLabel: 'INV-1',
      xeroValue: '100.00',
      crmId: '9001',
      crmValue: '90.00',
      message: 'INV-1: total differs',
    });
    expect(health.recentFailures).toEqual([
      { action: 'upsert_deal', occurredAt: expect.any(String), error: 'HubSpot answered 502' },
    ]);
    expect(health.connections[1]).toMatchObject({
      vendor: 'xero',
      lastRefreshError: 'Xero token endpoint answered 503',
    });
  });

  it('with the Xero organisation needing reconnection: says there is nothing to check against, and shows why', async () => {
    await env.connections.setStatus(xero.id, 'needs_reauth', 'invalid_grant: the grant was revoked');
    try {
      const health = await load();
      expect(health).toMatchObject({
        status: 'no_xero_connection',
        connections: [
          { vendor: 'hubspot', status: 'active' },
          {
            vendor: 'xero',
            status: 'needs_reauth',
            lastRefreshError: 'invalid_grant: the grant was revoked',
          },
        ],
      });
      expect(JSON.stringify(health)).not.toContain('run-new');
    } finally {
      await env.connections.setStatus(xero.id, 'active');
    }
  });

  it('a portal that is not connected: 403, and none of the runs', async () => {
    const res = await app.call('/hubspot/health', { caller: { portalId: OTHER_PORTAL } });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ error: 'portal_not_connected' });
    expect(text).not.toContain('run-');
  });

  it('not signed with the app secret, or signed for another portal: 401', async () => {
    expect((await app.call('/hubspot/health', { secret: 'someone-elses-secret' })).status).toBe(401);
    const signed = extensionRequest({
      url: `${app.ingress.url}/hubspot/health`,
      caller: CALLER,
      clientSecret: APP_SECRET,
      timestamp: app.clock.now,
    });
    expect((await fetch(signed.url, signed.init)).status).toBe(200);
    const retargeted = signed.url.replace(`portalId=${CALLER.portalId}`, `portalId=${OTHER_PORTAL}`);
    const res = await fetch(retargeted, signed.init);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_signature' });
  });
});
