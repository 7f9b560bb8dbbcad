import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { xeroBackfillWorkflow } from '../workflows';
import { openStore } from '../worker/store/store';
import { installationPriority } from '../worker/temporal/fairness';
import type { TenantsOptions } from './tenantsOptions';
import type { PhaseCommand, PhaseResult } from './tenantsLoad';
import type {
  AuditResult,
  SandboxAnswer,
  SandboxCommand,
  SandboxReady,
  TenantsSetup,
} from './tenantsSandboxThread';
import { startTenantsWorker } from './tenantsWorker';

/** What bench:tenants measured; `summary` is its last line. */
export interface TenantsReport {
  summary: {
    installations: number;
    p50_ms: number | null;
    p95_ms: number | null;
    quiet_p95_ms: number | null;
    quiet_alone_p95_ms: number | null;
    lost: number;
    cross_installation_writes: number;
  };
  alone: PhaseResult;
  flood: PhaseResult;
  audit: AuditResult;
  backfillS: number;
}

/**
 * bench:tenants: every installation syncs its own Xero organisation into its own HubSpot portal
 * through one worker. Phase "alone": the quiet installations' events only; phase "flood": the same
 * quiet traffic while the first installation sends floodShare of the total. Then every portal is
 * read for records of another installation's organisation.
 */
export async function runTenants(
  options: TenantsOptions,
  infra: { temporalAddress: string; postgresUrl?: string },
  log: (line: string) => void,
): Promise<TenantsReport> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-tenants-'));
  const quietRate = options.eventsPerSecond * (1 - options.floodShare);
  const floodRate = options.eventsPerSecond * options.floodShare;
  const setup: TenantsSetup = {
    installations: options.installations,
    quietInvoices: options.quietInvoices,
    // A cycle of about 15 s of the flood's payments, of the invoices the seed leaves payable.
    floodInvoices: Math.max(options.quietInvoices, Math.ceil(floodRate * 15 * 4)),
    xeroPerMinute: options.xeroPerMinute,
  };
  // Worker threads do not inherit tsx's loader: register it in the thread, then load the TypeScript.
  const entry = path.join(__dirname, 'tenantsSandboxThread.ts');
  const sandbox = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: setup,
  });
  const ask = <T extends SandboxAnswer>(command?: SandboxCommand) =>
    new Promise<T>((resolve, reject) => {
      sandbox.once('message', (message: SandboxAnswer) =>
        'error' in message ? reject(new Error(message.error)) : resolve(message as T),
      );
      sandbox.once('error', reject);
      if (command) sandbox.postMessage(command);
    });
  const closers: Array<() => Promise<void>> = [];
  try {
    const ready = await ask<SandboxReady>();
    closers.push(() => ask({ kind: 'close' }).then(() => undefined));
    const store = infra.postgresUrl
      ? await openStore({ kind: 'postgres', url: infra.postgresUrl })
      : await openStore({ kind: 'pglite', dataDir: path.join(dir, 'store') });
    closers.push(() => store.close());
    const worker = await startTenantsWorker({
      store,
      temporalAddress: infra.temporalAddress,
      sandbox: ready,
      xeroPerMinute: options.xeroPerMinute,
    });
    closers.push(() => worker.close());

    const backfillStart = performance.now();
    await Promise.all(
      ready.installations.map((each) =>
        worker.client.workflow.execute(xeroBackfillWorkflow, {
          taskQueue: worker.taskQueue,
          workflowId: `xero-backfill:${each.tenantId}`,
          args: [{ tenantId: each.tenantId }],
          ...installationPriority(each.slug),
        }),
      ),
    );
    const backfillS = (performance.now() - backfillStart) / 1000;
    log(
      `${options.installations} installations loaded (Xero organisation -> own HubSpot portal) in ${backfillS.toFixed(1)} s`,
    );
    sandbox.postMessage({ kind: 'webhooks', ...worker.webhook } satisfies SandboxCommand);

    const settleMs = options.settleSeconds * 1000;
    const phase = (command: PhaseCommand) => ask<PhaseResult>({ kind: 'phase', ...command });
    if (options.warmupSeconds > 0)
      await phase({ name: 'warm-up', quietRate, floodRate: 0, seconds: options.warmupSeconds, settleMs });
    log(
      `phase alone: ${quietRate}/s over ${options.installations - 1} quiet installations for ${options.seconds} s`,
    );
    const alone = await phase({ name: 'alone', quietRate, floodRate: 0, seconds: options.seconds, settleMs });
    log(
      `phase flood: the same, and ${floodRate}/s from ${ready.installations[0]?.slug} for ${options.seconds} s`,
    );
    const flood = await phase({ name: 'flood', quietRate, floodRate, seconds: options.seconds, settleMs });
    const audit = await ask<AuditResult>({ kind: 'audit' });

    const floodAll = [...flood.quietLatenciesMs, ...flood.floodLatenciesMs];
    const summary = {
      installations: options.installations,
      p50_ms: quantile(floodAll, 0.5),
      p95_ms: quantile(floodAll, 0.95),
      quiet_p95_ms: quantile(flood.quietLatenciesMs, 0.95),
      quiet_alone_p95_ms: quantile(alone.quietLatenciesMs, 0.95),
      lost: alone.quietLost + flood.quietLost + flood.floodLost,
      cross_installation_writes: audit.crossInstallationWrites,
    };
    return { summary, alone, flood, audit, backfillS };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await sandbox.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}
