import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import pino from 'pino';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ConnectionStore, type Connection } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { ZohoWatchChannelStore } from '../../../worker/connectors/zoho/zohoWatchChannelStore';
import { registerZohoNotificationRoute } from '../../../worker/ingress/zohoNotificationRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import { holdingDispatchers } from '../../../worker/installations/heldEvents';
import type { Store } from '../../../worker/store/store';
import { crmDealDispatcher, type CrmDealDispatch } from '../../../worker/webhooks/crmDealDispatcher';
import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';
import { testEnv } from '../../support/testEnv';

const ORG = '900000001';

/**
 * Zoho's callbacks at `POST /webhooks/zoho/<connection>`: recognised by the channel's token,
 * validated, and a deal's change handed to its deal workflow (on the run's Temporal dev server)
 * before the 200.
 */
describe('POST /webhooks/zoho/:connectionId', () => {
  let store: Store;
  let temporal: TemporalConnection;
  let client: Client;
  let ingress: Ingress;
  let connection: Connection;
  let token: string;
  let channelId: string;
  const taskQueue = `zoho-route-${randomUUID()}`;
  let deliver: CrmDealDispatch = () => Promise.resolve([]);

  beforeAll(async () => {
    store = await createTestStore('pglite');
    const box = new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`));
    const connections = new ConnectionStore(store.db, box);
    connection = await connections.save({
      vendor: 'zoho',
      externalId: ORG,
      displayName: 'Zoho org',
      scopes: [],
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 3600_000 },
    });
    const channels = new ZohoWatchChannelStore(store.db, box);
    ({ token, channelId } = await channels.ensure(connection));
    temporal = await TemporalConnection.connect({ address: testEnv('temporalAddress') });
    client = new Client({ connection: temporal });
    deliver = crmDealDispatcher(client, taskQueue);
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      health: { store, temporal: { address: 'test', namespace: 'default', probe: () => Promise.resolve() } },
      routes: [
        (app) =>
          registerZohoNotificationRoute(app, {
            channels,
            // As worker/app.ts wires it: paused installations' deals held, the rest delivered.
            dispatch: holdingDispatchers(store.db, {
              xero: () => Promise.reject(new Error('no Xero here')),
              deal: (changes) => deliver(changes),
            }).deal,
            audit: new AuditLog(store.db),
            logger: pino({ level: 'silent' }),
          }),
      ],
    });
  });
  afterAll(async () => {
    await ingress.close();
    await temporal.close();
    await store.close();
  });

  const notification = (overrides: Record<string, unknown> = {}) => ({
    server_time: 1769860800000,
    query_params: {},
    module: 'Deals',
    resource_uri: 'https://www.zohoapis.eu/crm/v8/Deals',
    ids: ['5000000100001'],
    affected_fields: [{ '5000000100001': ['Stage'] }],
    operation: 'update',
    channel_id: channelId,
    token,
    ...overrides,
  });
  const post = (body: unknown, connectionId = connection.id) =>
    fetch(`${ingress.url}/webhooks/zoho/${connectionId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const history = async (workflowId: string) =>
    (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];

  it('starts the deal workflow once for two copies of a notification, each copy a signal', async () => {
    const dealId = '5000000100001';
    const workflowId = crmDealWorkflowId('zoho', ORG, dealId);
    expect((await post(notification())).status).toBe(200);
    const first = await client.workflow.getHandle(workflowId).describe();
    expect((await post(notification())).status).toBe(200);
    const second = await client.workflow.getHandle(workflowId).describe();
    expect(second.runId).toBe(first.runId);
    const events = await history(workflowId);
    expect(events.filter((e) => e.workflowExecutionStartedEventAttributes)).toHaveLength(1);
    expect(events.filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(2);
    await client.workflow.getHandle(workflowId).terminate('test done');
  });

  it("starts nothing for an update of Ledgerbridge's own fields alone (its write-back echoing), but does for a rep's edit in the same notification", async () => {
    const echoed = '5000000200002';
    const edited = '5000000200003';
    expect(
      (
        await post(
          notification({
            server_time: 1769860800001,
            ids: [echoed, edited],
            affected_fields: [
              { [echoed]: ['Xero_Invoice_Status', 'Xero_Amount_Due', 'Modified_Time'] },
              { [edited]: ['Xero_Amount_Due', 'Amount'] },
            ],
          }),
        )
      ).status,
    ).toBe(200);
    await expect(
      client.workflow.getHandle(crmDealWorkflowId('zoho', ORG, echoed)).describe(),
    ).rejects.toThrow();
    const started = client.workflow.getHandle(crmDealWorkflowId('zoho', ORG, edited));
    expect((await started.describe()).status.name).toBe('RUNNING');
    await started.terminate('test done');
  });

  it('refuses a wrong, missing or foreign token with 401 and starts nothing', async () => {
    const dealId = '5000000100002';
    const ids = [dealId];
    const other = randomUUID();
    const answers = await Promise.all([
      post(notification({ ids, token: `${token.slice(0, -1)}x` })),
      post(notification({ ids, token: undefined })),
      post(notification({ ids }), other),
      post('not json'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    await expect(
      client.workflow.getHandle(crmDealWorkflowId('zoho', ORG, dealId)).describe(),
    ).rejects.toThrow(/not found/i);
  });

  it('answers 400 naming the field of a malformed body', async () => {
    const res = await post(notification({ ids: 'x', operation: 'merge' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('invalid_body');
    expect(body.message).toMatch(/^ids: .*; operation: /);
  });

  it('audits an account change and starts nothing for it', async () => {
    const res = await post(notification({ module: 'Accounts', ids: ['4000000100001'] }));
    expect(res.status).toBe(200);
    const rows = await store.db
      .selectFrom('audit_log')
      .select(['action', 'detail'])
      .where('action', '=', 'zoho_accounts_changed')
      .execute();
    expect(rows).toEqual([
      { action: 'zoho_accounts_changed', detail: expect.objectContaining({ ids: ['4000000100001'] }) },
    ]);
  });

  it('holds a paused installation’s deal changes until it is resumed', async () => {
    await store.db
      .updateTable('installations')
      .set({ status: 'paused' })
      .where('id', '=', connection.installationId)
      .execute();
    try {
      const dealId = '5000000100003';
      expect((await post(notification({ ids: [dealId] }))).status).toBe(200);
      const held = await store.db.selectFrom('held_events').select('event').execute();
      expect(held).toEqual([{ event: expect.objectContaining({ crm: 'zoho', crmAccount: ORG, dealId }) }]);
      await expect(
        client.workflow.getHandle(crmDealWorkflowId('zoho', ORG, dealId)).describe(),
      ).rejects.toThrow(/not found/i);
    } finally {
      await store.db
        .updateTable('installations')
        .set({ status: 'active' })
        .where('id', '=', connection.installationId)
        .execute();
    }
  });

  it('answers 503 when Temporal does not take the hand-over, so Zoho sends it again', async () => {
    // Nothing listens on the port: the real dispatcher gives up after its deadline.
    const away = TemporalConnection.lazy({ address: `127.0.0.1:${await freePort()}` });
    const real = deliver;
    deliver = crmDealDispatcher(new Client({ connection: away }), taskQueue, { deadlineMs: 300 });
    try {
      const res = await post(notification({ ids: ['5000000100004'] }));
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ error: 'temporal_unavailable' });
    } finally {
      deliver = real;
      await away.close();
    }
  });
});
