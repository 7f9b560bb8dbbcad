import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startDevServer, type DevServer } from '../../worker/temporal/devServer';
import { WORKFLOWS_PATH } from '../../worker/temporal/worker';
import { FAILURE_CONVERTER_PATH } from '../../worker/temporal/dataConverter';
import { LEDGERBRIDGE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { migrate } from '../../worker/store/migrations';
import { PGliteDialect } from '../../worker/store/pgliteDialect';
import type { Database } from '../../worker/store/schema';
import { freePort } from './ports';
import { startTestPostgres, type TestPostgres } from './postgres';
import { TEST_ENV } from './testEnv';

/**
 * Once per jest run: a real Temporal dev server (in memory, headless), a throwaway PostgreSQL, the
 * workflow bundle (built once rather than per test file) and a migrated PGlite snapshot (initdb
 * takes seconds; loading a snapshot a fraction of that).
 */
declare global {
  var __ledgerbridgeTestServices: { temporal: DevServer; postgres?: TestPostgres; dir: string } | undefined;
}

function temporalCliPath(): string {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  return execFileSync('node', [path.resolve(__dirname, '../../scripts/setup.mjs'), '--temporal-path'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-test-'));
  const cliPath = temporalCliPath();
  process.env[TEST_ENV.temporalCli] = cliPath;
  const settled = await Promise.allSettled([
    freePort().then(async (port) =>
      startDevServer({
        cliPath,
        port,
        uiPort: port + 1,
        headless: true,
        searchAttributes: LEDGERBRIDGE_SEARCH_ATTRIBUTES,
        logFile: path.join(dir, 'temporal.log'),
      }),
    ),
    process.env.TEST_DATABASE_URL ? Promise.resolve(undefined) : startTestPostgres(),
    // The workers' failure converter goes into the bundle: errors' text is encrypted like payloads.
    bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      failureConverterPath: FAILURE_CONVERTER_PATH,
      logger: quietLogger,
    }),
    buildPgliteSnapshot(),
  ]);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const [temporal, postgres, bundle, snapshot] = settled.map((r) =>
    r.status === 'fulfilled' ? r.value : undefined,
  ) as [DevServer | undefined, TestPostgres | undefined, { code: string } | undefined, Buffer | undefined];
  if (failed || !temporal || !bundle || !snapshot) {
    // Whatever did start must not outlive a failed setup (jest skips globalTeardown then).
    await temporal?.stop();
    postgres?.stop();
    throw failed?.reason ?? new Error('test services failed to start');
  }
  globalThis.__ledgerbridgeTestServices = { temporal, ...(postgres ? { postgres } : {}), dir };

  const bundlePath = path.join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  const snapshotPath = path.join(dir, 'pglite-snapshot.tar.gz');
  writeFileSync(snapshotPath, snapshot);

  process.env[TEST_ENV.temporalAddress] = temporal.address;
  process.env[TEST_ENV.postgresUrl] = process.env.TEST_DATABASE_URL ?? postgres?.url;
  process.env[TEST_ENV.workflowBundle] = bundlePath;
  process.env[TEST_ENV.pgliteSnapshot] = snapshotPath;
}

async function buildPgliteSnapshot(): Promise<Buffer> {
  const pglite = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  try {
    await migrate(db);
    const dump = await pglite.dumpDataDir('gzip');
    return Buffer.from(await dump.arrayBuffer());
  } finally {
    await db.destroy();
    await pglite.close();
  }
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
