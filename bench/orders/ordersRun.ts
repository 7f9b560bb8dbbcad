import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/ports';
import { formatPayloadKeyring, type PayloadKey } from '../../worker/temporal/payloadKeys';
import { connectVendor } from '../chaosConnect';
import { startChaosInfra } from '../chaosInfra';
import { connectChaosTemporal } from '../chaosTemporal';
import { chaosWorker } from '../chaosWorker';
import type { BareOutcome } from './ordersBare';
import type { OrdersOptions } from './ordersOptions';
import { planCustomers, planPosts } from './orderPlan';
import { postOrders, type PostingOutcome } from './orderPoster';
import { forkOrdersSandbox } from './ordersSandboxRpc';
import {
  backdateGatheredOrders,
  issueOrderEndpoint,
  orderWorkflowCounter,
  readStoredOrders,
  runMonthEnd,
} from './ordersStore';
import { tallyOrders, type OrdersTally } from './ordersTally';
import { ordersWorkerEnv, XERO_LIFTED } from './ordersWorkerEnv';

export interface OrdersReport {
  options: OrdersOptions;
  posting: PostingOutcome;
  /** After the last answer: until every order workflow was done (or the deadline). */
  settle: { settled: boolean; seconds: number; completed: number; running: number; failed: number };
  monthEnd: { period: string; backdated: number; seconds: number; invoices: number; orders: number };
  tally: OrdersTally;
  tickedCompanies: { ticked: number; made: number };
  bare: BareOutcome | undefined;
  /** From the first post until every order workflow was done. */
  stackSeconds: number;
  xeroCalls: number;
  workerStarts: number;
  wallS: number;
  keptDir: string | undefined;
}

/** The month before `now`'s, as YYYY-MM (UTC, the installation's default zone). */
export const previousPeriod = (now: Date): string =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

/**
 * One bench:orders run: Temporal and PostgreSQL, Xero and HubSpot (their own process) all outliving
 * the worker (`worker/main.ts`, its own process); Xero and HubSpot connected, monthly billing ticked
 * on the account customers' companies, the order endpoint issued; then the posts with the kill, the
 * wait for every order workflow, the month end, the count from Xero and the store, and the bare
 * baseline.
 */
export async function runOrders(
  options: OrdersOptions,
  shared: { temporalAddress?: string | undefined; postgresUrl?: string | undefined } = {},
  log: (line: string) => void = () => undefined,
): Promise<OrdersReport> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-orders-'));
  const closers: Array<() => Promise<unknown>> = [];
  let keep = false;
  try {
    const infra = await startChaosInfra({ dir, ...shared });
    closers.push(() => infra.stop());
    const sandbox = forkOrdersSandbox();
    closers.push(() => sandbox.close().finally(sandbox.kill));

    const ingressPort = await freePort();
    const ingressUrl = `http://127.0.0.1:${ingressPort}`;
    const xeroWebhookKey = randomBytes(48).toString('base64');
    const encryptionKeys = `bench:${randomBytes(32).toString('base64')}`;
    const payloadKeys: PayloadKey[] = [{ id: 'bench', key: randomBytes(32) }];
    const customers = planCustomers({ account: options.accountCustomers, card: options.cardCustomers });
    const vendors = await sandbox.start({
      ingressUrl,
      xeroWebhookKey,
      customers,
      seed: options.seed,
      xeroPerMinute: XERO_LIFTED.perMinute,
      xeroPerDay: XERO_LIFTED.perDay,
    });
    const taskQueue = `orders-${randomUUID()}`;
    const worker = chaosWorker({
      env: ordersWorkerEnv({
        ...infra,
        dataDir: path.join(dir, 'data'),
        taskQueue,
        ingressPort,
        metricsPort: await freePort(),
        xeroPort: vendors.xeroPort,
        hubspotPort: vendors.hubspotPort,
        unusedPort: await freePort(),
        xeroWebhookKey,
        encryptionKeys,
        payloadKeys: formatPayloadKeyring(payloadKeys),
      }),
      ingressPort,
      logFile: path.join(dir, 'worker.log'),
    });
    closers.push(() => worker.stop());
    const temporal = await connectChaosTemporal(infra.temporalAddress);
    let installationId = '';
    closers.push(async () => {
      await temporal.deleteSchedules(
        [vendors.tenantId, String(vendors.portalId), installationId].filter(Boolean),
      );
      await temporal.close();
    });
    const workflows = await orderWorkflowCounter(infra.temporalAddress, taskQueue);
    closers.push(() => workflows.close());

    await worker.start();
    for (const vendor of ['hubspot', 'xero'] as const)
      await connectVendor(ingressUrl, vendor, infra.databaseUrl);
    await temporal.initialLoadDone(
      { tenantId: vendors.tenantId, crms: [`hubspot:${vendors.portalId}`] },
      300_000,
    );
    const tickedCompanies = await sandbox.tickMonthlyBilling();
    const issued = await issueOrderEndpoint({
      databaseUrl: infra.databaseUrl,
      encryptionKeys,
      xeroTenantId: vendors.tenantId,
    });
    installationId = issued.installationId;
    log(
      `ready after ${((performance.now() - started) / 1000).toFixed(1)} s: Xero and HubSpot connected, ` +
        `monthly billing ticked on ${tickedCompanies.ticked + tickedCompanies.made} companies, order endpoint issued`,
    );

    const placedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const posts = planPosts(customers, {
      posts: options.orders,
      malformedShare: options.malformedShare,
      duplicateShare: options.duplicateShare,
      seed: options.seed,
      placedAt,
    });
    const giveUpAt = Date.now() + (1000 * options.orders) / options.rate + options.waitSeconds * 1000;
    const loadStarted = performance.now();
    const posting = await postOrders(
      posts,
      {
        url: `${ingressUrl}/orders/${installationId}`,
        signingSecret: issued.endpoint.signingSecret,
        rate: options.rate,
        kills: options.kills,
        giveUpAt,
      },
      worker,
      log,
    );
    const accepted = new Set(
      posting.results.filter((r) => r.status === 202 || r.status === 200).map((r) => r.post.orderId),
    ).size;
    const settle = await settleOrders(accepted, giveUpAt, workflows.counts, log);
    const stackSeconds = (performance.now() - loadStarted) / 1000;

    const period = previousPeriod(new Date());
    const backdated = await backdateGatheredOrders(infra.databaseUrl, installationId, period);
    log(
      `month end: ${backdated} gathered orders moved into ${period} in the store, monthEndBillingWorkflow started`,
    );
    const monthEndStarted = performance.now();
    const result = await runMonthEnd({
      address: infra.temporalAddress,
      payloadKeys,
      taskQueue,
      installationId,
      timeoutMs: Math.max(60_000, giveUpAt - Date.now()),
    });
    const monthEnd = { period, backdated, seconds: (performance.now() - monthEndStarted) / 1000, ...result };

    const stored = await readStoredOrders(infra.databaseUrl, installationId);
    const tally = tallyOrders({
      results: posting.results,
      stored: stored.orders,
      invoices: await sandbox.invoices(),
      period,
    });
    const xeroCalls = await sandbox.apiCalls();
    let bare: BareOutcome | undefined;
    const cardOrders = posts.filter((p) => p.kind === 'card' || p.kind === 'card-new').slice(0, options.bare);
    if (cardOrders.length > 0) {
      log(`bare baseline: ${cardOrders.length} card orders straight through xero-node`);
      bare = await sandbox.bare({
        knownCustomers: customers.card,
        orders: cardOrders.map((p) => ({
          orderId: p.orderId,
          customer: p.customer!,
          lines: p.lines ?? [],
          placedOn: placedAt.slice(0, 10),
        })),
      });
    }
    keep = tally.lost + tally.duplicates + tally.monthEndMismatches > 0;
    return {
      options,
      posting,
      settle,
      monthEnd,
      tally,
      tickedCompanies,
      bare,
      stackSeconds,
      xeroCalls,
      workerStarts: worker.starts,
      wallS: (performance.now() - started) / 1000,
      keptDir: keep ? dir : undefined,
    };
  } catch (err) {
    keep = true;
    log(`the run failed; its files are in ${dir}`);
    throw err;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until `orders` order workflows ended and none (nor any rejected post's) runs, or the deadline. */
async function settleOrders(
  orders: number,
  deadline: number,
  counts: () => Promise<{ running: number; completed: number; failed: number }>,
  log: (line: string) => void,
): Promise<OrdersReport['settle']> {
  const started = performance.now();
  let last = { running: 0, completed: 0, failed: 0 };
  let lastLogged = 0;
  for (;;) {
    last = await counts().catch(() => last);
    const settled = last.completed + last.failed >= orders && last.running === 0;
    const seconds = (performance.now() - started) / 1000;
    if (settled || Date.now() > deadline) return { settled, seconds, ...last };
    if (seconds - lastLogged >= 15) {
      lastLogged = seconds;
      log(`  +${seconds.toFixed(0)} s: ${last.completed} order workflows done, ${last.running} running`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
