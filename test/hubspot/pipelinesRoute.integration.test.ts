import { dealPipelinesSchema } from '../../worker/hubspotApp/contracts/dealPipelines';
import { addFault, clearFaults } from '../ops/opsHarness';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { APP_SECRET, startHubspotApp, type HubspotAppHarness } from './appHarness';

/** `GET /hubspot/pipelines` through the real ingress, reading the HubSpot emulator's pipelines API. */
describe('HubSpot settings: the deal pipelines endpoint', () => {
  let env: ThreeSandboxes;
  let app: HubspotAppHarness;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 2020, contacts: 1, invoices: 1 });
    app = await startHubspotApp(env);
  });
  afterAll(async () => {
    await app.close();
    await env.close();
  });
  afterEach(() => clearFaults(env.servers.hubspot.url));

  it("answers the portal's pipelines in display order, each stage with its label, ID and closed/probability", async () => {
    const res = await app.call('/hubspot/pipelines');
    expect(res.status).toBe(200);
    const { pipelines } = dealPipelinesSchema.parse(await res.json());
    expect(pipelines.map((p) => [p.id, p.label])).toEqual([
      ['default', 'Sales Pipeline'],
      ['75010001', 'Renewals'],
    ]);
    expect(pipelines[0]!.stages.map((s) => s.id)).toEqual([
      'appointmentscheduled',
      'qualifiedtobuy',
      'presentationscheduled',
      'decisionmakerboughtin',
      'contractsent',
      'closedwon',
      'closedlost',
    ]);
    expect(pipelines[0]!.stages.find((s) => s.id === 'closedwon')).toEqual({
      id: 'closedwon',
      label: 'Closed Won',
      isClosed: true,
      probability: 1,
    });
    expect(pipelines[1]!.stages[0]).toEqual({
      id: '75010011',
      label: 'Renewal Due',
      isClosed: false,
      probability: 0.5,
    });
  });

  it('refuses a request HubSpot did not sign', async () => {
    const res = await app.call('/hubspot/pipelines', { secret: `${APP_SECRET}-not` });
    expect(res.status).toBe(401);
  });

  it("answers HubSpot's 429 with 429 and Retry-After, and a failed read with 502, never the pipelines", async () => {
    await addFault(env.servers.hubspot.url, {
      kind: 'rate_limit',
      pathPrefix: '/crm/v3/pipelines',
      retryAfterSeconds: 3,
    });
    const limited = await app.call('/hubspot/pipelines');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');

    await clearFaults(env.servers.hubspot.url);
    await addFault(env.servers.hubspot.url, { kind: 'error', status: 500, pathPrefix: '/crm/v3/pipelines' });
    const failed = await app.call('/hubspot/pipelines');
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ error: 'vendor_unavailable' });
  });
});
