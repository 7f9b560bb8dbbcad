import { WorkflowNotFoundError } from '@temporalio/client';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator, signXero, type XeroEmulator } from '../../../sandbox/xero';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { XeroApi } from '../../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../../worker/connectors/xero/xeroEndpoints';
import { registerXeroWebhookRoute } from '../../../worker/ingress/xeroWebhookRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { xeroEventDispatcher } from '../../../worker/webhooks/xeroEventDispatcher';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

const CLIENT = { clientId: 'webhook-test', clientSecret: 'secret' };
const KEY = 'test-webhook-key-0123456789';
const logger = pino({ level: 'silent' });

describe('POST /webhooks/xero → one Temporal workflow per Xero record', () => {
  let emulator: XeroEmulator;
  let xeroServer: SandboxServer;
  let store: Store;
  let temporal: TestTemporal;
  let ingress: Ingress;
  let tenantId: string;
  // The worker is started by the first test that needs it (the durability test shows why).
  let running: Promise<void> | undefined;
  const ensureWorker = () => void (running ??= temporal.worker.run());

  beforeAll(async () => {
    emulator = createXeroEmulator({ webhookBatchMs: 20 });
    // A seed of its own: workflow IDs embed the tenant, and the dev server is shared by all suites.
    ({ tenantId } = emulator.seedDataset({ seed: 5150, contacts: 5, invoices: 80, asOf: '2026-11-01' }));
    xeroServer = await startSandboxServer(emulator);
    emulator.identity.registerClient({ ...CLIENT, redirectUris: [] });
    store = await createTestStore('pglite');
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: xeroServer.url,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const deps = testActivityDeps(store, {
      refresher: new XeroAuth(endpoints, CLIENT),
      xeroApi: (connectionId) =>
        new XeroApi({
          endpoints,
          connections: deps.connections,
          refresh: deps.refresh,
          pacer: new SharedPacer(store.db, () => ({
            limits: [{ name: 'minute', limit: 600, periodMs: 60_000, burst: 50 }],
            concurrency: 5,
          })),
          connectionId,
        }),
    });
    const grant = emulator.identity.issueGrant(CLIENT.clientId, 'offline_access accounting.invoices');
    await deps.connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Webhook test org',
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + grant.expires_in * 1000,
      },
    });
    temporal = await createTestTemporal(deps);
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: {
        temporal: { address: testEnv('temporalAddress'), namespace: 'default', probe: async () => {} },
        store,
      },
      routes: [
        (router) =>
          registerXeroWebhookRoute(router, {
            webhookKey: KEY,
            dispatch: xeroEventDispatcher(temporal.client, temporal.taskQueue),
            logger,
          }),
      ],
    });
    emulator.webhooks.configure({ url: `${ingress.url}/webhooks/xero`, key: KEY });
  });
  afterAll(async () => {
    if (running) {
      temporal.worker.shutdown();
      await running;
    }
    await ingress.close();
    await temporal.close();
    await xeroServer.close();
    await store.close();
  });

  const invoiceIds = () => [...emulator.store.invoices.values()].filter((i) => i.tenantId === tenantId);
  const post = (body: string, signature: string) =>
    fetch(`${ingress.url}/webhooks/xero`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xero-signature': signature },
      body,
    });
  const event = (resourceId: string, category = 'INVOICE') => ({
    resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${resourceId}`,
    resourceId,
    eventDateUtc: '2026-11-23T10:00:00.000',
    eventType: 'UPDATE',
    eventCategory: category,
    tenantId,
    tenantType: 'ORGANISATION',
  });
  const envelope = (events: unknown[]) =>
    JSON.stringify({
      events,
      firstEventSequence: 1,
      lastEventSequence: events.length,
      entropy: 'ABCDEFGHIJ',
    });

  async function auditRowsFor(xeroId: string, atLeast: number) {
    for (let i = 0; i < 200; i++) {
      const rows = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where(({ eb, ref }) =>
          eb(eb.fn('jsonb_extract_path_text', [ref('subject'), eb.val('xeroInvoiceId')]), '=', xeroId),
        )
        .execute();
      if (rows.length >= atLeast) return rows;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no audit row for ${xeroId}`);
  }

  it('passes Xero intent-to-receive: 200 with an empty body when signed, 401 when not', async () => {
    const result = await emulator.webhooks.intentToReceive();
    expect(result).toEqual({
      passed: true,
      correct: { status: 200, bodyEmpty: true },
      incorrect: { status: 401 },
    });
  });

  it('refuses a bad signature with 401 and starts nothing', async () => {
    const id = invoiceIds()[0]!.id;
    const body = envelope([event(id)]);
    const res = await post(body, signXero(body, 'not-the-key'));
    expect(res.status).toBe(401);
    await expect(
      temporal.client.workflow.getHandle(xeroRecordWorkflowId(tenantId, 'INVOICE', id)).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('answers 400 to a signed but malformed payload, and starts nothing', async () => {
    const body = JSON.stringify({ events: [{ resourceId: 'not-a-uuid' }] });
    expect((await post(body, signXero(body, KEY))).status).toBe(400);
    expect((await post('{not json', signXero('{not json', KEY))).status).toBe(400);
  });

  it('an accepted event survives the worker being down: it runs when a worker comes back', async () => {
    // No worker is polling yet, as after a crash right after the 200.
    expect(running).toBeUndefined();
    const invoice = invoiceIds().filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED')[2]!;
    const body = envelope([event(invoice.id)]);
    expect((await post(body, signXero(body, KEY))).status).toBe(200);
    const handle = temporal.client.workflow.getHandle(xeroRecordWorkflowId(tenantId, 'INVOICE', invoice.id));
    expect((await handle.describe()).status.name).toBe('RUNNING');
    await new Promise((r) => setTimeout(r, 500));
    const none = await store.db.selectFrom('audit_log').selectAll().execute();
    expect(none.filter((r) => JSON.stringify(r.subject).includes(invoice.id))).toHaveLength(0);

    ensureWorker();
    const rows = await auditRowsFor(invoice.id, 1);
    expect(rows[0]).toMatchObject({ action: 'upsert_deal', outcome: 'skipped' });
  });

  it('coalesces duplicate events into one workflow that fetches the invoice and audits the outcome', async () => {
    ensureWorker();
    {
      const invoice = invoiceIds().find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED')!;
      const body = envelope([event(invoice.id), event(invoice.id), event(invoice.id)]);
      const res = await post(body, signXero(body, KEY));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      const handle = temporal.client.workflow.getHandle(
        xeroRecordWorkflowId(tenantId, 'INVOICE', invoice.id),
      );
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const rows = await auditRowsFor(invoice.id, 1);
      // No CRM is connected in this suite: the invoice qualified and the skip says why.
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        action: 'upsert_deal',
        outcome: 'skipped',
        workflow_id: xeroRecordWorkflowId(tenantId, 'INVOICE', invoice.id),
        detail: { reason: 'no CRM connected' },
      });
    }
  });

  it('a change made in Xero arrives by webhook and is synced', async () => {
    ensureWorker();
    {
      // Not the invoice of the previous test: this one has no audit row yet.
      const invoice = invoiceIds().filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED')[1]!;
      const res = await fetch(`${xeroServer.url}/__sandbox/invoices/${invoice.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1 }),
      });
      expect(res.status).toBe(200);
      await emulator.webhooks.flush();
      const delivery = emulator.webhooks.deliveries().at(-1);
      expect(delivery?.delivered).toBe(true);
      expect(delivery?.body).toContain(invoice.id);
      const rows = await auditRowsFor(invoice.id, 1);
      expect(rows[0]).toMatchObject({ action: 'upsert_deal', outcome: 'skipped' });
    }
  });

  it('20 record workflows whose Xero calls all get a 401 cause exactly one token refresh', async () => {
    ensureWorker();
    // Every access token the emulator issued is now expired; the store still believes it fresh.
    emulator.clock.advance(31 * 60_000);
    const before = emulator.identity.stats.refreshes;
    const twenty = invoiceIds()
      // Qualifying invoices (the default rules), so each leaves an audit row naming it.
      .filter((i) => i.type === 'ACCREC' && ['AUTHORISED', 'PAID', 'VOIDED'].includes(i.status))
      .slice(2, 22)
      .map((i) => i.id);
    expect(twenty).toHaveLength(20);
    const body = envelope(twenty.map((id) => event(id)));
    expect((await post(body, signXero(body, KEY))).status).toBe(200);
    for (const id of twenty) await auditRowsFor(id, 1);
    expect(emulator.identity.stats.refreshes - before).toBe(1);
  });
});
