import { z } from 'zod';
import { loadConfig, type Config } from '../config';
import { redactSecretValues } from '../configSecrets';
import { buildConnectionServices } from '../connections/services';
import { disconnectConnection, type DisconnectOutcome } from '../installations/disconnectConnection';
import { installationOfAccount } from '../installations/installationOfAccount';
import { formatInstallationReport, installationReport } from '../installations/installationReport';
import { InstallationStore, installationSlugSchema } from '../installations/installationStore';
import { lifecycleDepsFrom } from '../installations/lifecycleDeps';
import { pauseInstallation, resumeInstallation } from '../installations/pauseInstallation';
import { purgeInstallations } from '../installations/purgeInstallations';
import { retentionDaysFrom, uninstallInstallation } from '../installations/uninstallInstallation';
import { createLogger } from '../logger';
import { openStore, type Store } from '../store/store';
import { connectClient } from '../temporal/connection';
import { crmDealDispatcher } from '../webhooks/crmDealDispatcher';
import { stripeEventDispatcher } from '../webhooks/stripeEventDispatcher';
import { xeroEventDispatcher } from '../webhooks/xeroEventDispatcher';

const USAGE = `usage: npm run installations -- [command]
  (none) [--json]                       every installation with its accounts and status
  create <slug> [--name "Customer"]     make one (or find it)
  pause <slug>                          pause its Schedules; its webhooks are held until resume
  resume <slug>                         unpause, and hand the held webhooks to their workflows
  disconnect <slug> [--connection <id>] revoke at the vendor, delete Schedules, stop workflows
                                        (every connection of the installation without --connection)
  uninstall <slug>                      disconnect everything; purge after INSTALLATION_RETENTION_DAYS
  purge                                 delete the rows of installations past their retention date`;

const createArgs = z.object({ slug: installationSlugSchema, name: z.string().max(200).optional() });
const ACTOR = 'cli';

async function run(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  const store = await openStore(config.store);
  try {
    if (command === 'create') {
      const nameAt = args.indexOf('--name');
      const parsed = createArgs.safeParse({
        slug: args[0],
        ...(nameAt >= 0 ? { name: args[nameAt + 1] } : {}),
      });
      if (!parsed.success)
        throw new Error(
          `${USAGE}\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`,
        );
      const installation = await new InstallationStore(store.db).ensure(parsed.data);
      return print(`Installation ${installation.slug} (${installation.status}).`);
    }
    if (!command || command.startsWith('--')) {
      const rows = await installationReport(store.db);
      return print(
        args.includes('--json') || command === '--json'
          ? JSON.stringify(rows, null, 2)
          : formatInstallationReport(rows),
      );
    }
    if (!['pause', 'resume', 'disconnect', 'uninstall', 'purge'].includes(command))
      throw new Error(`unknown command "${command}"\n${USAGE}`);
    await withTemporal(config, store, command, args);
  } finally {
    await store.close();
  }
}

/** The commands that act in Temporal (Schedules, workflows) as well as in the store. */
async function withTemporal(config: Config, store: Store, command: string, args: string[]): Promise<void> {
  const { client, close } = await connectClient(config.temporal, config.operations).catch((err: unknown) => {
    throw new Error(`cannot reach Temporal (${String(err)}): is npm start running?`);
  });
  try {
    const services = await buildConnectionServices(config, store, createLogger('warn'));
    const taskQueue = config.temporal.taskQueue;
    const installationOf = installationOfAccount(store.db);
    const deps = lifecycleDepsFrom({
      config,
      store,
      services,
      client,
      dispatch: {
        xero: xeroEventDispatcher(client, taskQueue, { installationOf }),
        deal: crmDealDispatcher(client, taskQueue, { installationOf }),
        stripe: stripeEventDispatcher(client, taskQueue),
      },
    });
    if (command === 'purge') {
      const purged = await purgeInstallations(deps, ACTOR);
      return print(
        purged.length === 0
          ? 'No installation is past its retention date.'
          : purged.map((p) => `Purged ${p.slug}: ${p.rowsDeleted} rows.`).join('\n'),
      );
    }
    const slug = installationSlugSchema.safeParse(args[0]);
    if (!slug.success) throw new Error(`${command} needs an installation slug\n${USAGE}`);
    const installation = await services.shared.installations.requireBySlug(slug.data);
    if (command === 'pause') {
      const { schedulesPaused } = await pauseInstallation(deps, installation.id, ACTOR);
      return print(
        `Paused ${installation.slug}: ${schedulesPaused.length} Schedules paused; webhooks are held.`,
      );
    }
    if (command === 'resume') {
      const r = await resumeInstallation(deps, installation.id, ACTOR);
      return print(
        `Resumed ${installation.slug}: ${r.schedulesResumed.length} Schedules, ${r.heldEventsDelivered} held events delivered.`,
      );
    }
    if (command === 'uninstall') {
      const r = await uninstallInstallation(deps, installation.id, ACTOR, {
        retentionDays: retentionDaysFrom(process.env),
      });
      r.disconnected.forEach(report);
      print(
        `Uninstalled ${installation.slug}: its data is purged after ${r.purgeAfter.toISOString()} (npm run installations -- purge).`,
      );
      return failIfUnrevoked(r.disconnected);
    }
    const at = args.indexOf('--connection');
    const own = await services.connections.list({ installationId: installation.id });
    const chosen = at >= 0 ? own.filter((c) => c.id === args[at + 1]) : own;
    if (at >= 0 && chosen.length === 0)
      throw new Error(
        `--connection: ${args[at + 1] ?? '(missing)'} is not a connection of ${installation.slug}`,
      );
    const outcomes: DisconnectOutcome[] = [];
    for (const connection of chosen) outcomes.push(await disconnectConnection(deps, connection.id, ACTOR));
    outcomes.forEach(report);
    failIfUnrevoked(outcomes);
  } finally {
    await close();
  }
}

function report(d: DisconnectOutcome): void {
  const revoked =
    d.revocation.outcome === 'revoked'
      ? `revoked (${d.revocation.detail})`
      : d.revocation.outcome === 'skipped'
        ? `not revoked: ${d.revocation.reason}`
        : `revocation FAILED: ${d.revocation.error}`;
  print(
    `Disconnected ${d.vendor} ${d.account}: ${revoked}; ${d.schedulesDeleted.length} Schedules deleted; ${d.workflows.cancelled.length} workflows cancelled, ${d.workflows.terminated.length} terminated.`,
  );
}

function failIfUnrevoked(outcomes: DisconnectOutcome[]): void {
  if (outcomes.some((d) => d.revocation.outcome === 'failed'))
    throw new Error('a vendor did not take the revocation: run the same command again');
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

run().catch((err: unknown) => {
  console.error(redactSecretValues(err instanceof Error ? err.message : String(err), process.env));
  process.exit(1);
});
