import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startApp, type App } from '../../worker/app';
import { followConnectLink } from '../../worker/cli/connectBrowser';
import { operatorConnectTicket } from '../../worker/cli/connectTicketSource';
import { loadConfig } from '../../worker/config';
import { startEmbeddedApp } from '../support/embeddedApp';
import { freePort } from '../support/ports';
import { installQuietRuntime } from '../support/temporal';
import { TEST_ENV, testEnv } from '../support/testEnv';

/**
 * The `npm start` path end to end: our own embedded Temporal dev server (not the shared test one),
 * PGlite on disk, the worker and the ingress; then a clean stop and a restart that keeps history.
 */
const logger = pino({ level: 'silent' });

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function processAlive(pid: number): boolean {
  return existsSync(`/proc/${pid}`);
}

describe('startApp in the embedded mode', () => {
  let dataDir: string;
  let app: App | undefined;

  beforeAll(async () => {
    installQuietRuntime();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lb-app-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  async function start(): Promise<App> {
    ({ app } = await startEmbeddedApp({ LEDGERBRIDGE_DATA_DIR: dataDir }, logger));
    return app;
  }

  it('serves health, polls the task queue, runs the start-up check, stops everything, and keeps history', async () => {
    const first = await start();
    expect(first.temporal.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${first.ingress.url}/healthz`);
    expect(health.status).toBe(200);

    const checks = await waitFor(async () => {
      const found = [];
      for await (const wf of first.temporal.client.workflow.list({
        query: `WorkflowType = 'systemCheckWorkflow'`,
      }))
        found.push(wf);
      return found.length > 0 && found.every((wf) => wf.status.name === 'COMPLETED') ? found : undefined;
    });
    expect(checks).toHaveLength(1);
    const pollers = await first.temporal.client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: 'ledgerbridge' },
    });
    expect(pollers.pollers?.length).toBeGreaterThan(0);

    const ui = await fetch(first.temporal.uiUrl as string);
    expect(ui.status).toBe(200);

    // The Xero sandbox is up with the demo organisation.
    const sandboxState = (await (await fetch(`${first.sandbox.xero?.url}/__sandbox/state`)).json()) as {
      counts: { invoices: number };
    };
    expect(sandboxState.counts.invoices).toBe(120);

    const serverPid = first.temporal.devServer?.pid as number;
    expect(processAlive(serverPid)).toBe(true);
    await first.stop();
    app = undefined;
    expect(processAlive(serverPid)).toBe(false);
    await expect(fetch(`${first.ingress.url}/healthz`)).rejects.toThrow();

    // Same data folder: the previous run's workflow history is still there.
    const second = await start();
    const after = await waitFor(async () => {
      const statuses: string[] = [];
      for await (const wf of second.temporal.client.workflow.list({
        query: `WorkflowType = 'systemCheckWorkflow'`,
      })) {
        statuses.push(wf.status.name);
      }
      return statuses.length === 2 && statuses.every((s) => s === 'COMPLETED') ? statuses.length : undefined;
    });
    expect(after).toBe(2);
    const audit = await second.store.db.selectFrom('audit_log').select('action').execute();
    expect(audit.filter((a) => a.action === 'system.check')).toHaveLength(2);
  });

  it('uses the server named by TEMPORAL_ADDRESS and starts none', async () => {
    const config = loadConfig({
      LEDGERBRIDGE_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `remote-${Date.now()}`,
      INGRESS_PORT: String(await freePort()),
      SANDBOX_XERO_PORT: String(await freePort()),
      SANDBOX_STRIPE_PORT: String(await freePort()),
      SANDBOX_ZOHO_PORT: String(await freePort()),
    });
    app = await startApp(config, logger);
    expect(app.temporal.devServer).toBeUndefined();
    expect(app.temporal.uiUrl).toBeUndefined();
    expect(app.temporal.address).toBe(testEnv('temporalAddress'));
    expect((await fetch(`${app.ingress.url}/healthz`)).status).toBe(200);
  });

  it('serves /metrics on the operations listener only, and no route whose secret is not configured', async () => {
    const opsPort = await freePort();
    const config = loadConfig({
      LEDGERBRIDGE_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `routes-${Date.now()}`,
      INGRESS_PORT: String(await freePort()),
      OPS_PORT: String(opsPort),
      SANDBOX_XERO_PORT: String(await freePort()),
      SANDBOX_STRIPE_PORT: String(await freePort()),
      SANDBOX_ZOHO_PORT: String(await freePort()),
      SANDBOX_SALESFORCE_PORT: String(await freePort()),
      SANDBOX_HUBSPOT_PORT: String(await freePort()),
      // Live Xero without XERO_WEBHOOK_KEY: nothing could verify a Xero delivery.
      XERO_CLIENT_ID: 'live-xero-app',
      XERO_CLIENT_SECRET: 'live-xero-app-secret-not-a-sandbox-one',
    });
    app = await startApp(config, logger);
    expect(app.operations.url).toBe(`http://127.0.0.1:${opsPort}`);
    const metrics = await fetch(`${app.operations.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('ledgerbridge_alerts_total');
    expect((await fetch(`${app.ingress.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${app.operations.url}/healthz`)).status).toBe(200);

    const post = (path: string) => fetch(`${app?.ingress.url}${path}`, { method: 'POST', body: '{}' });
    expect((await post('/webhooks/xero')).status).toBe(404);
    // The Salesforce sandbox's generated callout secret is configured: served, and refuses the unsigned.
    expect((await post('/webhooks/salesforce')).status).toBe(401);
  });

  it('npm run connect beside it: the ticket from the operations listener, Xero connected into its installation', async () => {
    const [temporalPort, uiPort, ingressPort, opsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const config = loadConfig({
      LEDGERBRIDGE_DATA_DIR: dataDir,
      TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH ?? process.env[TEST_ENV.temporalCli],
      TEMPORAL_DEV_PORT: String(temporalPort),
      TEMPORAL_DEV_UI_PORT: String(uiPort),
      INGRESS_PORT: String(ingressPort),
      OPS_PORT: String(opsPort),
      SANDBOX_XERO_PORT: String(await freePort()),
      SANDBOX_STRIPE_PORT: String(await freePort()),
      SANDBOX_ZOHO_PORT: String(await freePort()),
    });
    app = await startApp(config, logger);
    const tenantId = app.sandbox.xero?.tenantId;
    expect((await fetch(`${app.ingress.url}/oauth/xero/start`)).status).toBe(401);

    // What the CLI does while the worker holds the PGlite store: ask its operations listener.
    const issued = await operatorConnectTicket(config, { vendor: 'xero', installation: 'embedded-demo' });
    expect(issued.installation).toEqual({ slug: 'embedded-demo', created: true });
    const link = `${config.ingress.publicUrl}/oauth/xero/start?ticket=${issued.ticket}`;
    const page = await followConnectLink(link);
    expect(page).toEqual({ status: 200, text: expect.stringContaining('Connected: ') });
    expect((await followConnectLink(link)).status).toBe(401);

    const owned = await app.store.db
      .selectFrom('connections')
      .innerJoin('installations', 'installations.id', 'connections.installation_id')
      .select(['connections.vendor', 'connections.external_id', 'installations.slug'])
      .execute();
    expect(owned).toEqual([{ vendor: 'xero', external_id: tenantId, slug: 'embedded-demo' }]);
  });
});
