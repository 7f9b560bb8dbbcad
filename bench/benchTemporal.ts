import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startDevServer, type DevServer, type DevServerOptions } from '../worker/temporal/devServer';
import { LEDGERBRIDGE_SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';

/** The Temporal CLI as `npm start` finds it (TEMPORAL_CLI_PATH, PATH, the per-user cache). */
export function temporalCli(): string {
  return (
    process.env.TEMPORAL_CLI_PATH ??
    execFileSync('node', [path.resolve(__dirname, '../scripts/setup.mjs'), '--temporal-path'], {
      encoding: 'utf8',
    }).trim()
  );
}

/**
 * A benchmark's own Temporal dev server, headless, logging into `dir`, on a random port above
 * `portBase` (each bench its own range, so two can run side by side); the SDK's runtime logs warnings only.
 */
export async function startBenchTemporal(
  dir: string,
  portBase: number,
  dynamicConfig?: DevServerOptions['dynamicConfig'],
): Promise<DevServer> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const port = portBase + Math.floor(Math.random() * 1_000);
  return startDevServer({
    // The workflows record these; a server without them refuses their workflow tasks.
    searchAttributes: LEDGERBRIDGE_SEARCH_ATTRIBUTES,
    cliPath: temporalCli(),
    port,
    uiPort: port + 1,
    headless: true,
    logFile: path.join(dir, 'temporal.log'),
    ...(dynamicConfig ? { dynamicConfig } : {}),
  });
}

/** A bench's client and its worker's native connection to one Temporal server, closed together. */
export async function connectBenchTemporal(
  address: string,
): Promise<{ client: Client; nativeConnection: NativeConnection; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  return {
    client: new Client({ connection }),
    nativeConnection,
    close: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}
