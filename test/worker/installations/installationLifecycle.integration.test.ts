import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError, WorkflowNotFoundError } from '@temporalio/client';
import { Connection as JsforceConnection } from 'jsforce';
import { sql } from 'kysely';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { AuditLog } from '../../../worker/audit/auditLog';
import type { Connection } from '../../../worker/connections/connectionStore';
import { ensureRefreshWorkflow } from '../../../worker/temporal/connectionWork';
import { HUBSPOT_SCOPES, hubspotEndpoints } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { SALESFORCE_API_VERSION } from '../../../worker/connectors/salesforce/salesforceApi';
import { SalesforceAuth } from '../../../worker/connectors/salesforce/salesforceAuth';
import { xeroEndpoints } from '../../../worker/connectors/xero/xeroEndpoints';
import { zohoAuthFor } from '../../../worker/connectors/zoho/zohoAuthFor';
import { disconnectConnection } from '../../../worker/installations/disconnectConnection';
import { holdingDispatchers } from '../../../worker/installations/heldEvents';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import type { LifecycleDeps } from '../../../worker/installations/lifecycleDeps';
import { pauseInstallation, resumeInstallation } from '../../../worker/installations/pauseInstallation';
import { purgeInstallations } from '../../../worker/installations/purgeInstallations';
import {
  hubspotTokenRevoker,
  salesforceTokenRevoker,
  zohoTokenRevoker,
  xeroTokenRevoker,
} from '../../../worker/installations/tokenRevocation';
import { uninstallInstallation } from '../../../worker/installations/uninstallInstallation';
import {
  ensureReceivablesSchedule,
  receivablesScheduleId,
} from '../../../worker/payments/collections/receivablesSchedule';
import { collectionWorkflowId } from '../../../workflows/stripe/collectionSignals';
import { ensureParitySchedule } from '../../../worker/parity/paritySchedule';
import { ensureCrmWonPollSchedule } from '../../../worker/sync/crmWonPollSchedule';
import { ensureXeroPollSchedule } from '../../../worker/sync/xeroPollSchedule';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import { SF_APP, XERO_CLIENT } from '../../support/syncDeps';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * Two customers on one worker: A (the harness's Xero organisation, Salesforce org and HubSpot
 * portal) and B (a second Xero organisation and an OAuth-connected HubSpot portal). Disconnecting B
 * revokes its grants at the vendors and leaves nothing of B running in Temporal while A goes on;
 * pausing A holds a webhook until A is resumed; uninstalling B and purging after the retention period
 * (on an injected clock) removes B's rows and keeps A's; every step is in the audit trail.
 */
const PORTAL_B = 717171;
const HS_APP = { clientId: 'lifecycle-hubspot-app', clientSecret: 'lifecycle-secret' };
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('installation lifecycle', () => {
  let env: ThreeSandboxes;
  let deps: LifecycleDeps;
  let a: Installation;
  let b: Installation;
  let tenantB: string;
  let xeroB: Connection;
  let hubspotB: Connection;
  let xeroTokensB: { access_token: string; refresh_token: string };
  let hubspotTokensB: { access_token: string; refresh_token: string };
  const clock = { now: new Date(Date.UTC(2031, 0, 15, 9)) };

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 1851, contacts: 4, invoices: 10 });
    const installations = new InstallationStore(env.store.db);
    a = await installations.defaultInstallation();
    b = await installations.ensure({ slug: `lifecycle-b-${randomUUID().slice(0, 8)}`, name: 'Customer B' });
    tenantB = env.xero.seedDataset({
      asOf: '2026-11-01',
      tenantId: randomUUID(),
      seed: 1852,
      contacts: 3,
      invoices: 4,
    }).tenantId;
    xeroTokensB = env.xero.identity.issueGrant(XERO_CLIENT.clientId, 'offline_access accounting.invoices', [
      tenantB,
    ]);
    xeroB = await env.connections.save({
      installationId: b.id,
      vendor: 'xero',
      externalId: tenantB,
      displayName: 'Xero org B',
      scopes: ['offline_access', 'accounting.invoices'],
      tokens: {
        accessToken: xeroTokensB.access_token,
        refreshToken: xeroTokensB.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    env.hubspot.registerClient({ ...HS_APP, redirectUris: [] });
    hubspotTokensB = env.hubspot.oauth.issueTokens(HS_APP.clientId, PORTAL_B, HUBSPOT_SCOPES) as {
      access_token: string;
      refresh_token: string;
    };
    hubspotB = await env.connections.save({
      installationId: b.id,
      vendor: 'hubspot',
      externalId: String(PORTAL_B),
      displayName: 'HubSpot portal B',
      scopes: HUBSPOT_SCOPES,
      tokens: {
        accessToken: hubspotTokensB.access_token,
        refreshToken: hubspotTokensB.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    const { client, taskQueue } = env.temporal;
    const sandboxXero = { mode: 'sandbox' as const, baseUrl: env.servers.xero.url, webhookKey: undefined };
    deps = {
      db: env.store.db,
      connections: env.connections,
      audit: new AuditLog(env.store.db),
      client,
      revokers: {
        xero: xeroTokenRevoker(xeroEndpoints({ ...sandboxXero, pollEveryMs: HOUR }), XERO_CLIENT),
        hubspot: hubspotTokenRevoker(
          hubspotEndpoints({ mode: 'sandbox', baseUrl: env.servers.hubspot.url }),
          HS_APP,
        ),
        salesforce: salesforceTokenRevoker(),
        // No Zoho org in this installation: nothing to revoke there.
        zoho: zohoTokenRevoker(zohoAuthFor({ mode: 'sandbox', baseUrl: 'http://127.0.0.1:9' })),
      },
      dispatch: { xero: env.dispatch, deal: crmDealDispatcher(client, taskQueue) },
      stopGraceMs: 3_000,
      now: () => clock.now,
    };
    // What startConnectionWork gives every connection: its refresh workflow, its pull Schedule and
    // the nightly parity Schedule of each pair in its installation (an hour apart: none fires here).
    for (const connection of await env.connections.list()) {
      await ensureRefreshWorkflow(client, taskQueue, connection);
      if (connection.vendor === 'xero')
        await ensureXeroPollSchedule(client, taskQueue, connection.externalId, HOUR);
      else
        await ensureCrmWonPollSchedule(
          client,
          taskQueue,
          { crm: connection.vendor, crmAccount: connection.externalId },
          HOUR,
        );
    }
    await ensureParitySchedule(
      client,
      taskQueue,
      { xeroTenantId: tenantB, crmConnectionId: hubspotB.id },
      '0 3 * * *',
    );
  });
  afterAll(() => env.close());

  const invoicesOf = (tenantId: string) =>
    [...env.xero.store.invoices.values()].filter(
      (i) => i.tenantId === tenantId && i.type === 'ACCREC' && i.status === 'AUTHORISED',
    );
  const change = () => ({
    eventType: 'UPDATE' as const,
    eventDateUtc: new Date().toISOString(),
    source: 'webhook' as const,
  });
  const holding = () => holdingDispatchers(env.store.db, deps.dispatch!);

  async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 400; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`gave up waiting for ${what}`);
  }
  const synced = (workflowId: string) =>
    until(`${workflowId} to sync`, async () => {
      const state = await env.temporal.client.workflow
        .getHandle(workflowId)
        .query(xeroRecordStateQuery)
        .catch(() => undefined);
      if (state?.lastError) throw new Error(`sync failed: ${state.lastError}`);
      return state && state.syncs > 0 ? state : undefined;
    });
  const running = async (query: string) => {
    const ids: string[] = [];
    for await (const info of env.temporal.client.workflow.list({
      query: `ExecutionStatus = "Running" AND ${query}`,
    }))
      ids.push(info.workflowId);
    return ids;
  };
  const auditActions = async (connectionId: string) =>
    (
      await env.store.db
        .selectFrom('audit_log')
        .select(['action', 'outcome', 'actor'])
        .where(sql<boolean>`subject @> ${JSON.stringify({ connectionId })}::jsonb`)
        .execute()
    ).map((r) => `${r.action}:${r.outcome}:${r.actor}`);

  it('pausing holds a webhook in the store, and resuming delivers it', async () => {
    const [invoice] = invoicesOf(env.tenantId);
    const workflowId = xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoice!.id);
    await ensureReceivablesSchedule(env.temporal.client, env.temporal.taskQueue, a.id, { timeZone: 'UTC' });
    const paused = await pauseInstallation(deps, a.id, 'test:ops');
    expect(paused.schedulesPaused).toContain(`xero-poll:${env.tenantId}`);
    expect(paused.schedulesPaused).toContain(receivablesScheduleId(a.id));
    expect(
      (await env.temporal.client.schedule.getHandle(`xero-poll:${env.tenantId}`).describe()).state.paused,
    ).toBe(true);

    const handedTo = await holding().xero([
      { tenantId: env.tenantId, category: 'INVOICE', resourceId: invoice!.id, change: change() },
    ]);
    expect(handedTo).toEqual([workflowId]);
    expect(await env.store.db.selectFrom('held_events').selectAll().execute()).toHaveLength(1);
    await expect(env.temporal.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );

    const resumed = await resumeInstallation(deps, a.id, 'test:ops');
    expect(resumed.heldEventsDelivered).toBe(1);
    expect(
      (await env.temporal.client.schedule.getHandle(`xero-poll:${env.tenantId}`).describe()).state.paused,
    ).toBe(false);
    await synced(workflowId);
    const portalA = Number(
      (await env.connections.list({ installationId: a.id })).find((c) => c.vendor === 'hubspot')?.externalId,
    );
    const deals = env.hubspot
      .portal(portalA)
      .live('deals')
      .filter((d) => d.properties.xero_invoice_id === invoice!.id);
    expect(deals).toHaveLength(1);
    expect(await env.store.db.selectFrom('held_events').selectAll().execute()).toHaveLength(0);
    const actions = (
      await env.store.db
        .selectFrom('audit_log')
        .select('action')
        .where(sql<boolean>`subject @> ${JSON.stringify({ installationId: a.id })}::jsonb`)
        .execute()
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'installation_paused',
        'installation_schedules_paused',
        'installation_resumed',
        'installation_schedules_resumed',
        'installation_held_events_delivered',
      ]),
    );
  });

  it("disconnecting B's accounts revokes their grants and leaves nothing of B running; A goes on", async () => {
    // Something of B running: a record workflow (it idles for minutes after its sync).
    const [invoiceB] = invoicesOf(tenantB);
    await env.dispatch([
      { tenantId: tenantB, category: 'INVOICE', resourceId: invoiceB!.id, change: change() },
    ]);
    const recordB = xeroRecordWorkflowId(tenantB, 'INVOICE', invoiceB!.id);
    await until('B record workflow', async () =>
      (await running(`WorkflowId = "${recordB}"`)).length > 0 ? true : undefined,
    );

    for (const connection of [xeroB, hubspotB]) {
      const outcome = await disconnectConnection(deps, connection.id, 'test:ops');
      expect(outcome.revocation).toMatchObject({ outcome: 'revoked' });
      expect(await auditActions(connection.id)).toEqual(
        expect.arrayContaining([
          'connection_disconnected:succeeded:test:ops',
          'connection_tokens_revoked:succeeded:test:ops',
          'connection_schedules_deleted:succeeded:test:ops',
          'connection_workflows_stopped:succeeded:test:ops',
        ]),
      );
      expect((await env.connections.get(connection.id))?.status).toBe('disconnected');
    }

    for (const id of [
      `xero-poll:${tenantB}`,
      `crm-won-poll:hubspot:${PORTAL_B}`,
      `parity:${tenantB}:${hubspotB.id}`,
    ])
      await expect(env.temporal.client.schedule.getHandle(id).describe()).rejects.toBeInstanceOf(
        ScheduleNotFoundError,
      );
    await until('nothing of B running', async () => {
      const left = [
        ...(await running(`SyncAccount = "${tenantB}"`)),
        ...(await running(`SyncAccount = "${PORTAL_B}"`)),
        ...(await running(`WorkflowId = "connection:${xeroB.id}:refresh"`)),
        ...(await running(`WorkflowId = "connection:${hubspotB.id}:refresh"`)),
      ];
      return left.length === 0 ? true : undefined;
    });

    // The vendors refuse B's revoked tokens.
    const xeroRefresh = await fetch(`${env.servers.xero.url}/connect/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${XERO_CLIENT.clientId}:${XERO_CLIENT.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: xeroTokensB.refresh_token }),
    });
    expect(xeroRefresh.status).toBe(400);
    const xeroCall = await fetch(`${env.servers.xero.url}/connections`, {
      headers: { authorization: `Bearer ${xeroTokensB.access_token}` },
    });
    expect(xeroCall.status).toBe(401);
    const hubspotRefresh = await fetch(`${env.servers.hubspot.url}/oauth/2026-03/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: hubspotTokensB.refresh_token,
        client_id: HS_APP.clientId,
        client_secret: HS_APP.clientSecret,
      }),
    });
    expect(hubspotRefresh.status).toBe(400);
    const hubspotCall = await fetch(`${env.servers.hubspot.url}/crm/v3/objects/deals`, {
      headers: { authorization: `Bearer ${hubspotTokensB.access_token}` },
    });
    expect(hubspotCall.status).toBe(401);

    // A webhook for a disconnected account is dropped, not started.
    expect(
      await holding().xero([
        { tenantId: tenantB, category: 'INVOICE', resourceId: invoiceB!.id, change: change() },
      ]),
    ).toEqual([]);

    // A goes on: its Schedule and refresh workflow are there, and its invoices still sync.
    const xeroA = await env.connections.find('xero', env.tenantId);
    expect(
      (await env.temporal.client.schedule.getHandle(`xero-poll:${env.tenantId}`).describe()).state.paused,
    ).toBe(false);
    expect(await running(`WorkflowId = "connection:${xeroA!.id}:refresh"`)).toHaveLength(1);
    const invoiceA = invoicesOf(env.tenantId)[1]!;
    await holding().xero([
      { tenantId: env.tenantId, category: 'INVOICE', resourceId: invoiceA.id, change: change() },
    ]);
    await synced(xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoiceA.id));
  });

  it('a revoked Salesforce session is refused', async () => {
    const auth = new SalesforceAuth({
      loginUrl: env.servers.salesforce.url,
      clientId: SF_APP.consumerKey,
      flow: 'client_credentials',
      clientSecret: SF_APP.consumerSecret,
    });
    const session = await auth.authorize();
    const connection = {
      ...(await env.connections.find('salesforce', session.orgId))!,
      settings: { instanceUrl: session.instanceUrl },
    };
    const result = await deps.revokers.salesforce.revoke(connection, session.tokens, {
      grantStillUsed: false,
    });
    expect(result).toEqual({ outcome: 'revoked', detail: 'session revoked' });
    const sf = new JsforceConnection({
      instanceUrl: session.instanceUrl,
      accessToken: session.tokens.accessToken,
      version: SALESFORCE_API_VERSION,
    });
    await expect(sf.query('SELECT Id FROM Account')).rejects.toThrow(/INVALID_SESSION_ID|Session expired/);
  });

  it("uninstalling B and purging after the retention period removes B's rows and keeps A's", async () => {
    const cursor = (account: string) => ({ source: 'xero', account, kind: 'invoices', cursor: clock.now });
    await env.store.db
      .insertInto('sync_cursors')
      .values([cursor(tenantB), cursor(env.tenantId)])
      .execute();

    // B's payments work: its nightly receivables Schedule and an invoice's collection, running.
    const { client, taskQueue } = env.temporal;
    await ensureReceivablesSchedule(client, taskQueue, b.id, { timeZone: 'UTC' });
    const collection = await client.workflow.start('collectionWorkflow', {
      taskQueue,
      workflowId: collectionWorkflowId(b.id, randomUUID()),
      args: [{ installationId: b.id, xeroTenantId: tenantB, xeroInvoiceId: randomUUID() }],
    });

    const uninstalled = await uninstallInstallation(deps, b.id, 'test:ops', { retentionDays: 30 });
    await expect(client.schedule.getHandle(receivablesScheduleId(b.id)).describe()).rejects.toBeInstanceOf(
      ScheduleNotFoundError,
    );
    expect(['CANCELLED', 'TERMINATED']).toContain((await collection.describe()).status.name);
    expect(uninstalled.purgeAfter).toEqual(new Date(clock.now.getTime() + 30 * DAY));
    const row = await env.store.db
      .selectFrom('installations')
      .select(['status', 'purge_after'])
      .where('id', '=', b.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'uninstalled', purge_after: uninstalled.purgeAfter });

    const start = clock.now;
    clock.now = new Date(start.getTime() + 30 * DAY - 1);
    expect(await purgeInstallations(deps, 'test:ops')).toEqual([]);
    expect(await env.connections.list({ installationId: b.id })).toHaveLength(2);

    clock.now = new Date(start.getTime() + 30 * DAY);
    const purged = await purgeInstallations(deps, 'test:ops');
    expect(purged).toEqual([expect.objectContaining({ installationId: b.id, slug: b.slug })]);
    expect(await env.connections.list({ installationId: b.id })).toEqual([]);
    expect(await new InstallationStore(env.store.db).get(b.id)).toBeUndefined();
    const cursors = await env.store.db.selectFrom('sync_cursors').select('account').execute();
    expect(cursors.map((c) => c.account)).toContain(env.tenantId);
    expect(cursors.map((c) => c.account)).not.toContain(tenantB);
    expect(await env.connections.list({ installationId: a.id })).toHaveLength(3);

    const trail = (
      await env.store.db
        .selectFrom('audit_log')
        .select('action')
        .where(sql<boolean>`subject @> ${JSON.stringify({ installationId: b.id })}::jsonb`)
        .execute()
    ).map((r) => r.action);
    expect(trail).toEqual(expect.arrayContaining(['installation_uninstalled', 'installation_purged']));
  });
});
