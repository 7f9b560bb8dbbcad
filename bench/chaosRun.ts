import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/ports';
import { watchClock } from './chaosClockWatch';
import { connectVendor } from './chaosConnect';
import { startChaosInfra } from './chaosInfra';
import { runLoad, type LoadOutcome } from './chaosLoad';
import type { ChaosOptions } from './chaosOptions';
import { forkChaosSandbox, type SandboxTraffic } from './chaosSandboxRpc';
import { settle, type SettleOutcome } from './chaosSettle';
import type { ChaosTally } from './chaosTally';
import { connectChaosTemporal } from './chaosTemporal';
import { chaosWorker } from './chaosWorker';
import { chaosWorkerEnv } from './chaosWorkerEnv';

/**
 * One chaos run end to end: Temporal and PostgreSQL, the vendors in their own process, the worker
 * (`worker/main.ts`) in its own, connected through its ingress and loaded; then faults on, the load
 * with its kills, faults off, the wait until everything arrived (or the deadline), and the count
 * from the vendors' state.
 */
export interface ChaosReport {
  options: ChaosOptions;
  tally: ChaosTally;
  baseline: ChaosTally;
  load: LoadOutcome;
  /** With faults on, after the changes: until nothing was missing (or the catch-up deadline). */
  catchUp: SettleOutcome;
  /** With faults off: until nothing was missing for a quiet spell (or the settle deadline). */
  settle: SettleOutcome;
  traffic: SandboxTraffic;
  workerStarts: number;
  wallS: number;
  /** Jumps of the machine's clock during the run, in ms (none: the figures stand). */
  clockJumpsMs: number[];
  /** Kept when something was lost or doubled: the worker's log is there. */
  keptDir: string | undefined;
}

export async function runChaos(
  options: ChaosOptions,
  shared: { temporalAddress?: string | undefined; postgresUrl?: string | undefined } = {},
  log: (line: string) => void = () => undefined,
): Promise<ChaosReport> {
  const started = performance.now();
  const clock = watchClock();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-chaos-'));
  const infra = await startChaosInfra({ dir, ...shared });
  const sandbox = forkChaosSandbox();
  const closers: Array<() => Promise<unknown>> = [
    () => infra.stop(),
    () => sandbox.close().finally(sandbox.kill),
  ];
  let keep = false;
  try {
    const ingressPort = await freePort();
    const ingressUrl = `http://127.0.0.1:${ingressPort}`;
    const secrets = {
      xeroWebhookKey: randomBytes(48).toString('base64'),
      salesforceCalloutSecret: randomBytes(32).toString('base64url'),
    };
    const vendors = await sandbox.start({
      ingressUrl,
      ...secrets,
      seedContacts: options.seedContacts,
      seedInvoices: options.seedInvoices,
      seed: options.seed,
    });
    const worker = chaosWorker({
      env: chaosWorkerEnv({
        ...infra,
        ...secrets,
        dataDir: path.join(dir, 'data'),
        taskQueue: `chaos-${randomUUID()}`,
        ingressPort,
        metricsPort: await freePort(),
        sandboxPorts: vendors.ports,
        pollSeconds: options.pollSeconds,
      }),
      ingressPort,
      logFile: path.join(dir, 'worker.log'),
    });
    closers.push(() => worker.stop());
    const temporal = await connectChaosTemporal(infra.temporalAddress);
    const accounts = [vendors.tenantId, vendors.orgId, String(vendors.portalId)];
    closers.push(async () => {
      await temporal.deleteSchedules(accounts);
      await temporal.close();
    });

    await worker.start();
    for (const vendor of ['salesforce', 'hubspot', 'xero'] as const)
      await connectVendor(ingressUrl, vendor, infra.databaseUrl);
    await temporal.initialLoadDone(
      { tenantId: vendors.tenantId, crms: [`salesforce:${vendors.orgId}`, `hubspot:${vendors.portalId}`] },
      300_000,
    );
    const baseline = await sandbox.tally();
    log(
      `loaded: ${baseline.xeroContacts} contacts and ${baseline.xeroInvoices} invoices in both CRMs (${baseline.lost} missing) after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    await sandbox.faults({ rate: options.faultRate, hangMs: options.hangMs });
    log(`faults on: ${Math.round(options.faultRate * 100)}% of vendor API calls; load starts`);
    const load = await runLoad(options, sandbox, worker, log);
    log(`changes made in ${load.seconds.toFixed(1)} s; the worker catches up, faults still on`);
    const caughtUp = await settle(sandbox, { deadlineS: options.catchUpSeconds, quietS: 0 }, log);
    await sandbox.faults({ rate: 0, hangMs: options.hangMs });
    log('faults off, waiting for everything to arrive');
    const settled = await settle(
      sandbox,
      { deadlineS: options.settleSeconds, quietS: 2 * options.pollSeconds },
      log,
    );
    const tally = await sandbox.tally();
    const traffic = await sandbox.traffic();
    keep = tally.lost + tally.duplicateCrmRecords + tally.duplicateInvoices > 0;
    return {
      options,
      tally,
      baseline,
      load,
      catchUp: caughtUp,
      settle: settled,
      traffic,
      workerStarts: worker.starts,
      wallS: (performance.now() - started) / 1000,
      clockJumpsMs: clock.stop(),
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
