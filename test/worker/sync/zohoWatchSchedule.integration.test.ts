import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pino from 'pino';
import { createZohoWatchActivities } from '../../../worker/activities/zohoWatch';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ConnectionStore, type Connection } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import {
  ZohoWatchKeeper,
  zohoNotifyUrl,
  ZOHO_CHANNEL_LIFETIME_MS,
} from '../../../worker/connectors/zoho/zohoWatchChannel';
import { ZohoWatchChannelStore } from '../../../worker/connectors/zoho/zohoWatchChannelStore';
import { registerZohoNotificationRoute } from '../../../worker/ingress/zohoNotificationRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { ensureZohoWatchSchedule, zohoWatchScheduleId } from '../../../worker/sync/zohoWatchSchedule';
import { FAILURE_CONVERTER_PATH } from '../../../worker/temporal/dataConverter';
import type { CrmDealDispatch } from '../../../worker/webhooks/crmDealDispatcher';
import { createTestStore } from '../../support/stores';
import { testEnv } from '../../support/testEnv';
import {
  startZohoClientHarness,
  type ConnectedOrg,
  type ZohoClientHarness,
} from '../connectors/zoho/zohoClientHarness';

const HOUR = 3600_000;
const silent = () => undefined;
const quiet = { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent };

/**
 * The Schedule `zoho-watch:<connection>` against the Zoho emulator and the run's Temporal dev
 * server: its first run enables the connection's channel, later runs renew it before it lapses and
 * enable it again when Zoho no longer holds it, and the emulator's callbacks reach the route.
 */
describe('Zoho watch channel kept by its Schedule', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let store: Store;
  let connection: Connection;
  let channels: ZohoWatchChannelStore;
  let keeper: ZohoWatchKeeper;
  let ingress: Ingress;
  let temporal: TemporalConnection;
  let native: NativeConnection;
  let client: Client;
  let worker: Worker;
  const taskQueue = `zoho-watch-${randomUUID()}`;
  const handedOver: Parameters<CrmDealDispatch>[0] = [];

  beforeAll(async () => {
    // Workers log state changes at INFO: warnings only (once per process; installed already is fine).
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // installed by an earlier suite in this process
    }
    h = await startZohoClientHarness();
    org = await h.connectOrg('eu');
    store = await createTestStore('pglite');
    const box = new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`));
    const connections = new ConnectionStore(store.db, box);
    connection = await connections.save({
      vendor: 'zoho',
      externalId: org.orgId,
      displayName: 'Zoho org',
      scopes: [],
      settings: { apiDomain: org.grant.apiDomain },
      tokens: org.tokens(),
    });
    channels = new ZohoWatchChannelStore(store.db, box);
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      health: { store, temporal: { address: 'test', namespace: 'default', probe: () => Promise.resolve() } },
      routes: [
        (app) =>
          registerZohoNotificationRoute(app, {
            channels,
            dispatch: (changes) => {
              handedOver.push(...changes);
              return Promise.resolve(changes.map((c) => c.dealId));
            },
            audit: new AuditLog(store.db),
            logger: pino({ level: 'silent' }),
          }),
      ],
    });
    keeper = new ZohoWatchKeeper({
      channels,
      connections,
      clientFor: () => Promise.resolve(org.client),
      publicUrl: ingress.url,
      now: () => h.clock.now(),
    });
    const address = testEnv('temporalAddress');
    temporal = await TemporalConnection.connect({ address });
    native = await NativeConnection.connect({ address });
    client = new Client({ connection: temporal });
    worker = await Worker.create({
      connection: native,
      taskQueue,
      activities: createZohoWatchActivities({ zohoWatch: keeper }),
      workflowBundle: await bundleWorkflowCode({
        workflowsPath: path.resolve(__dirname, '../../../workflows/crm/zohoWatchRenewal.ts'),
        failureConverterPath: FAILURE_CONVERTER_PATH,
        logger: quiet,
      }),
    });
  }, 120_000);
  afterAll(async () => {
    await client?.schedule
      .getHandle(zohoWatchScheduleId(connection.id))
      .delete()
      .catch(() => undefined);
    await native?.close();
    await temporal?.close();
    await ingress?.close();
    await store?.close();
    await h?.close();
  });

  const schedule = () => client.schedule.getHandle(zohoWatchScheduleId(connection.id));

  /** Waits for the Schedule's next run (its `after`-th action) to finish. */
  async function nextRun(after: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
      const actions = (await schedule().describe()).info.recentActions;
      const last = actions[actions.length - 1];
      if (actions.length > after && last) {
        await client.workflow.getHandle(last.action.workflow.workflowId).result();
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the Schedule did not run');
  }
  const runs = async () => (await schedule().describe()).info.recentActions.length;
  const trigger = async () => {
    const before = await runs();
    await schedule().trigger();
    await nextRun(before);
  };
  const held = () => h.emulator.channels(org.orgId);

  it('enables, renews, re-enables the channel, and the emulator’s callbacks reach the route', async () => {
    await worker.runUntil(async () => {
      // The first run, at once: the channel enabled a day ahead with the connection's URL and token.
      await ensureZohoWatchSchedule(client, taskQueue, connection.id);
      await nextRun(0);
      const identity = await channels.identity(connection.id);
      expect(held()).toEqual([
        expect.objectContaining({
          channelId: identity?.channelId,
          events: ['Deals.create', 'Deals.edit', 'Accounts.edit'],
          notifyUrl: zohoNotifyUrl(ingress.url, connection.id),
          token: identity?.token,
          expiresAt: Math.floor((h.clock.now() + ZOHO_CHANNEL_LIFETIME_MS) / 1000) * 1000,
        }),
      ]);
      // Ensuring again (every worker start, every reconnect) keeps the Schedule and runs it once now:
      // the channel is in order, so that run writes nothing.
      await ensureZohoWatchSchedule(client, taskQueue, connection.id);
      await nextRun(1);
      expect(held()).toHaveLength(1);

      // A run soon after writes nothing.
      expect(await keeper.keep(connection.id)).toMatchObject({ outcome: 'unchanged' });

      // Six hours on, twice over, and more: each run moves the expiry a day past the emulator's now.
      h.clock.advance(19 * HOUR);
      await trigger();
      expect(held()[0]?.expiresAt).toBe(Math.floor((h.clock.now() + ZOHO_CHANNEL_LIFETIME_MS) / 1000) * 1000);
      h.clock.advance(10 * HOUR);
      expect(held()).toHaveLength(1);
      expect((await channels.expiryOf(connection.id))?.getTime()).toBeGreaterThan(h.clock.now());

      // Zoho dropped the channel: the next run enables it again, same ID and token.
      await org.client.watch.disable([identity?.channelId ?? '']);
      expect(held()).toEqual([]);
      await trigger();
      expect(held()).toEqual([expect.objectContaining({ channelId: identity?.channelId })]);

      // It lapsed (no run for over a day): enabled again.
      h.clock.advance(25 * HOUR);
      expect(held()).toEqual([]);
      await trigger();
      expect(held()).toHaveLength(1);
    });

    // A deal made and one changed in Zoho: the emulator calls back, the route hands both over.
    const [made] = await org.client.createRecords('Deals', [
      { Deal_Name: 'Watched', Stage: 'Qualification' },
    ]);
    if (!made?.ok) throw new Error('the deal was not made');
    await h.emulator.idle();
    // Zoho delivers at least once (a slow answer is sent again): every hand-over is of that deal.
    expect(new Set(handedOver.map((c) => c.dealId))).toEqual(new Set([made.id]));
    expect(handedOver).toContainEqual(
      expect.objectContaining({
        crm: 'zoho',
        crmAccount: org.orgId,
        dealId: made?.id,
        source: expect.stringMatching(/^zoho:Deals.insert:/),
      }),
    );
    expect(h.emulator.sentNotifications().map((n) => n.delivery.delivered)).toEqual([true]);
  });

  it('drops the channel at Zoho and forgets it; its callbacks are then refused', async () => {
    const identity = await channels.identity(connection.id);
    expect(await keeper.drop(connection.id)).toEqual({ outcome: 'disabled', channelId: identity?.channelId });
    expect(held()).toEqual([]);
    expect(await channels.identity(connection.id)).toBeUndefined();
    expect(await keeper.drop(connection.id)).toEqual({ outcome: 'none' });
    const res = await fetch(zohoNotifyUrl(ingress.url, connection.id), {
      method: 'POST',
      body: JSON.stringify({ token: identity?.token }),
    });
    expect(res.status).toBe(401);
  });
});
