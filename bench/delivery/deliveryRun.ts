import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../test/support/ports';
import { startMailpit } from '../../worker/delivery/mail/mailpitServer';
import { connectVendor } from '../chaosConnect';
import { startChaosInfra } from '../chaosInfra';
import { connectChaosTemporal } from '../chaosTemporal';
import { chaosWorker } from '../chaosWorker';
import type { BareOutcome } from './bareBaseline';
import { runDeliveryLoad, type DeliveryLoadOutcome } from './deliveryLoad';
import type { DeliveryOptions } from './deliveryOptions';
import { forkDeliverySandbox } from './deliverySandboxRpc';
import { prepareInstallation } from './deliverySetup';
import { deliveryWorkerEnv, XERO_LIFTED } from './deliveryWorkerEnv';
import { deliveryWorkflowCounter, type DeliveryWorkflowCounts } from './deliveryWorkflows';
import { mailpitTotal, tallyMailpit, type MailTally } from './mailpitTally';
import { readSendOutcomes, type SendOutcomes } from './sendOutcomes';

export interface DeliveryReport {
  options: DeliveryOptions;
  load: DeliveryLoadOutcome;
  /** After the last invoice: until every delivery workflow completed (or the deadline). */
  settle: { settled: boolean; seconds: number; workflows: DeliveryWorkflowCounts };
  tally: MailTally;
  /** The worker's own account of its sends (audit rows). */
  sends: SendOutcomes;
  bare: BareOutcome | undefined;
  /** From the first invoice to the last delivery workflow's end (or the deadline). */
  stackSeconds: number;
  xeroCalls: number;
  workerStarts: number;
  wallS: number;
  /** Kept when something was missing or doubled: the worker's and Mailpit's logs are there. */
  keptDir: string | undefined;
}

/** The Mailpit binary as `npm start` finds it (MAILPIT_PATH, PATH, the per-user cache, built once). */
export function mailpitBinary(): string {
  const found =
    process.env.MAILPIT_PATH ??
    execFileSync('node', [path.resolve(__dirname, '../../scripts/setup.mjs'), '--mailpit-path'], {
      encoding: 'utf8',
    }).trim();
  if (!found)
    throw new Error('bench:delivery needs Mailpit: set MAILPIT_PATH or install Go for setup to build it');
  return found;
}

/**
 * One bench:delivery run: Temporal and PostgreSQL, Mailpit and the Xero emulator (its own process)
 * all outliving the worker (`worker/main.ts`, its own process); the installation's SMTP account and
 * delivery settings saved, Xero connected; then the invoices with the kills, the wait until every
 * delivery workflow is done, Mailpit's count, and the bare baseline into the same Mailpit.
 */
export async function runDelivery(
  options: DeliveryOptions,
  shared: { temporalAddress?: string | undefined; postgresUrl?: string | undefined } = {},
  log: (line: string) => void = () => undefined,
): Promise<DeliveryReport> {
  const started = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-delivery-'));
  const closers: Array<() => Promise<unknown>> = [];
  let keep = false;
  try {
    const infra = await startChaosInfra({ dir, ...shared });
    closers.push(() => infra.stop());
    const mailpit = await withEnv({ MP_MAX_MESSAGES: '0' }, () =>
      // Mailpit keeps 500 messages by default, deleting the oldest: the count (and the worker's
      // check by Message-ID) needs every one of the run's.
      startMailpit({
        binaryPath: mailpitBinary(),
        smtpPort: 0,
        uiPort: 0,
        logFile: path.join(dir, 'mailpit.log'),
      }),
    );
    closers.push(() => mailpit.stop());
    const sandbox = forkDeliverySandbox();
    closers.push(() => sandbox.close().finally(sandbox.kill));

    const ingressPort = await freePort();
    const ingressUrl = `http://127.0.0.1:${ingressPort}`;
    const xeroWebhookKey = randomBytes(48).toString('base64');
    const encryptionKeys = `bench:${randomBytes(32).toString('base64')}`;
    const xero = await sandbox.start({
      ingressUrl,
      xeroWebhookKey,
      contacts: options.contacts,
      seed: options.seed,
      xeroPerMinute: XERO_LIFTED.perMinute,
      xeroPerDay: XERO_LIFTED.perDay,
    });
    const taskQueue = `delivery-${randomUUID()}`;
    const worker = chaosWorker({
      env: deliveryWorkerEnv({
        ...infra,
        dataDir: path.join(dir, 'data'),
        taskQueue,
        ingressPort,
        metricsPort: await freePort(),
        xeroPort: xero.xeroPort,
        unusedPort: await freePort(),
        xeroWebhookKey,
        encryptionKeys,
        mailpit: { smtpPort: mailpit.smtpPort, uiPort: Number(new URL(mailpit.uiUrl).port) },
        pollSeconds: 30,
      }),
      ingressPort,
      logFile: path.join(dir, 'worker.log'),
    });
    closers.push(() => worker.stop());
    const temporal = await connectChaosTemporal(infra.temporalAddress);
    closers.push(async () => {
      await temporal.deleteSchedules([xero.tenantId]);
      await temporal.close();
    });
    const workflows = await deliveryWorkflowCounter(infra.temporalAddress, taskQueue);
    closers.push(() => workflows.close());

    await worker.start();
    await prepareInstallation({
      databaseUrl: infra.databaseUrl,
      encryptionKeys,
      smtp: { host: mailpit.smtpHost, port: mailpit.smtpPort },
    });
    await connectVendor(ingressUrl, 'xero', infra.databaseUrl);
    await temporal.initialLoadDone({ tenantId: xero.tenantId, crms: [] }, 180_000);
    log(
      `ready after ${((performance.now() - started) / 1000).toFixed(1)} s: Xero connected, Mailpit at ${mailpit.uiUrl}`,
    );

    const loadStarted = performance.now();
    const giveUpAt = Date.now() + (1000 * options.invoices) / options.rate + options.waitSeconds * 1000;
    const load = await runDeliveryLoad(
      { ...options, giveUpAt },
      { sandbox, worker, messagesSoFar: () => mailpitTotal(mailpit.apiUrl) },
      log,
    );
    const settle = await settleDeliveries(
      options.invoices,
      giveUpAt,
      workflows.counts,
      () => mailpitTotal(mailpit.apiUrl),
      log,
    );
    const stackSeconds = (performance.now() - loadStarted) / 1000;
    const tally = await tallyMailpit(
      mailpit.apiUrl,
      load.invoices.map((i) => i.number),
    );
    const xeroCalls = await sandbox.apiCalls();
    const sends = await readSendOutcomes(infra.databaseUrl);
    let bare: BareOutcome | undefined;
    if (options.bare > 0) {
      log(`bare baseline: ${options.bare} messages with their PDFs through nodemailer to the same Mailpit`);
      bare = await sandbox.bare({
        smtpHost: mailpit.smtpHost,
        smtpPort: mailpit.smtpPort,
        count: options.bare,
      });
    }
    keep = tally.missing + tally.duplicates > 0;
    return {
      options,
      load,
      settle,
      tally,
      sends,
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

/** Runs `start` with these variables in the environment its child processes inherit, then restores it. */
async function withEnv<T>(vars: Record<string, string>, start: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await start();
  } finally {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Waits until `invoices` delivery workflows completed and none runs, or the deadline passes. */
async function settleDeliveries(
  invoices: number,
  deadline: number,
  counts: () => Promise<DeliveryWorkflowCounts>,
  messages: () => Promise<number>,
  log: (line: string) => void,
): Promise<DeliveryReport['settle']> {
  const started = performance.now();
  let last: DeliveryWorkflowCounts = { running: 0, completed: 0, ended: 0 };
  let lastLogged = 0;
  for (;;) {
    last = await counts().catch(() => last);
    const settled = last.completed >= invoices && last.running === 0;
    const seconds = (performance.now() - started) / 1000;
    if (settled || Date.now() > deadline) return { settled, seconds, workflows: last };
    if (seconds - lastLogged >= 15) {
      lastLogged = seconds;
      const sent = await messages().catch(() => NaN);
      log(
        `  +${seconds.toFixed(0)} s: ${last.completed} delivery runs completed, ${last.running} running, ${sent} messages in Mailpit`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
