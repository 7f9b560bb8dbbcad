import { temporalCli } from './benchTemporal';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { startTestPostgres } from '../test/support/postgres';
import { freePort } from '../test/support/ports';
import { startDevServer } from '../worker/temporal/devServer';
import { LEDGERBRIDGE_SEARCH_ATTRIBUTES } from '../workflows/searchAttributes';

/**
 * What the worker runs on, kept apart from it so it outlives the kills: a Temporal dev server and a
 * PostgreSQL database. Given ones are reused (a test run's shared server: the run gets a database
 * and a task queue of its own), otherwise throwaway ones are started and stopped with the run.
 */
export interface ChaosInfra {
  temporalAddress: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startChaosInfra(options: {
  dir: string;
  temporalAddress?: string | undefined;
  postgresUrl?: string | undefined;
}): Promise<ChaosInfra> {
  const stops: Array<() => Promise<void> | void> = [];
  try {
    let temporalAddress = options.temporalAddress;
    if (!temporalAddress) {
      const port = await freePort();
      const server = await startDevServer({
        // The workflows record these; a server without them refuses their workflow tasks.
        searchAttributes: LEDGERBRIDGE_SEARCH_ATTRIBUTES,
        cliPath: temporalCli(),
        port,
        uiPort: port + 1,
        headless: true,
        logFile: path.join(options.dir, 'temporal.log'),
      });
      stops.push(() => server.stop());
      temporalAddress = server.address;
    }
    let serverUrl = options.postgresUrl;
    if (!serverUrl) {
      const postgres = await startTestPostgres();
      // A bench ended by Ctrl-C must not leave its cluster running (pg_ctl stop is synchronous).
      const stopOnExit = () => postgres.stop();
      process.once('exit', stopOnExit);
      stops.push(() => {
        process.off('exit', stopOnExit);
        postgres.stop();
      });
      serverUrl = postgres.url;
    }
    const databaseUrl = await createDatabase(serverUrl, `chaos_${randomBytes(6).toString('hex')}`);
    return {
      temporalAddress,
      databaseUrl,
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop();
    throw err;
  }
}

/** A fresh, empty database on the server, so the worker's migrations start from nothing. */
async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
