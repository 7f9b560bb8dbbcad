import { loadConfig } from '../config';
import { AuditLog } from '../audit/auditLog';
import { ConnectionStore } from '../connections/connectionStore';
import { loadSecretBox } from '../connections/keyring';
import { findingsCsv } from '../parity/findingsCsv';
import { runParityCheckNow } from '../parity/paritySchedule';
import { ParityStore } from '../parity/parityStore';
import { repairFindings } from '../parity/repairFindings';
import { openStore } from '../store/store';
import { connectClient } from '../temporal/connection';
import { crmDealDispatcher } from '../webhooks/crmDealDispatcher';
import { xeroEventDispatcher } from '../webhooks/xeroEventDispatcher';
import { installationOfAccount } from '../installations/installationOfAccount';

const USAGE = `usage: npm run parity -- <command>
  run <xero tenant id> <crm connection id>   check now and wait for the result
  cutover <xero tenant id> <crm connection id>   the same, plus shadow mode's plans against the old process
  history <xero tenant id> <crm connection id>   the trend: findings per run, newest first
  findings <run id>                           every finding of a run
  export <run id> > findings.csv              the same as CSV, for finance
  repair <run id> [finding key ...]           re-sync the records behind all (or the named) findings`;

/** `npm run parity -- …`: parity checks from the command line (see npm run connections for IDs). */
async function run(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command || !['run', 'cutover', 'history', 'findings', 'export', 'repair'].includes(command))
    throw new Error(USAGE);
  const config = loadConfig();
  const store = await openStore(config.store);
  const parity = new ParityStore(store.db);
  try {
    if (command === 'history') {
      const [tenant, crm] = two(args);
      for (const r of await parity.history(tenant, crm))
        process.stdout.write(
          `${r.started_at.toISOString()}  ${r.run_id}  ${r.pairs_compared} pairs  ${r.findings} findings  ${JSON.stringify(r.by_kind)}\n`,
        );
      return;
    }
    if (command === 'findings' || command === 'export') {
      const [runId] = one(args);
      const findings = await parity.findings(runId);
      if (command === 'export') process.stdout.write(findingsCsv(findings));
      else for (const f of findings) process.stdout.write(`${f.kind.padEnd(15)} ${f.message}\n`);
      return;
    }
    const { client, close } = await connectClient(config.temporal, config.operations).catch(
      (err: unknown) => {
        throw new Error(`cannot reach Temporal (${String(err)}): is npm start running?`);
      },
    );
    try {
      const taskQueue = config.temporal.taskQueue;
      if (command === 'run' || command === 'cutover') {
        const [xeroTenantId, crmConnectionId] = two(args);
        const started = await runParityCheckNow(
          client,
          taskQueue,
          { xeroTenantId, crmConnectionId },
          command === 'cutover' ? 'cutover' : 'check',
        );
        process.stdout.write(`parity check started: ${started.workflowId} (Temporal UI)\n`);
        const result = await started.result;
        process.stdout.write(`${result.summary}\nrun id: ${result.runId}\n`);
        return;
      }
      const [runId, ...findingKeys] = one(args);
      const outcome = await repairFindings(
        {
          parity,
          connections: new ConnectionStore(store.db, await loadSecretBox(config.encryption)),
          audit: new AuditLog(store.db),
          dispatchXeroChanges: xeroEventDispatcher(client, taskQueue, {
            installationOf: installationOfAccount(store.db),
          }),
          dispatchDealChanges: crmDealDispatcher(client, taskQueue, {
            installationOf: installationOfAccount(store.db),
          }),
        },
        { runId, ...(findingKeys.length ? { findingKeys } : {}), actor: `cli:${process.env.USER ?? 'ops'}` },
      );
      for (const r of outcome.resynced) process.stdout.write(`re-synced ${r.findingKey} → ${r.workflowId}\n`);
      for (const n of outcome.needsHuman)
        process.stdout.write(`left for a person: ${n.findingKey}: ${n.reason}\n`);
    } finally {
      await close();
    }
  } finally {
    await store.close();
  }
}

function one(args: string[]): [string, ...string[]] {
  const [first, ...rest] = args;
  if (!first) throw new Error(USAGE);
  return [first, ...rest];
}

function two(args: string[]): [string, string] {
  const [first, second] = args;
  if (!first || !second) throw new Error(USAGE);
  return [first, second];
}

run().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
