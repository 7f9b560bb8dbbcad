import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import { startDevServer, startDownloadedDevServer, type DevServer } from './devServer';

/** Where the worker's Temporal lives: a dev server we started, or a server someone else runs. */
export interface TemporalRuntime {
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  client: Client;
  nativeConnection: NativeConnection;
  /** One RPC with no retries: answers quickly whether the server is reachable now. */
  probe(timeoutMs: number): Promise<void>;
  /** The dev server we started, if any (stopped by close()). */
  devServer: DevServer | undefined;
  close(): Promise<void>;
}

export class TemporalSetupError extends Error {
  override name = 'TemporalSetupError';
}

export async function connectTemporal(config: Config['temporal']): Promise<TemporalRuntime> {
  const target = config.target;
  let devServer: DevServer | undefined;
  let address: string;
  let uiUrl: string | undefined;
  let tls:
    { clientCertPair: { crt: Buffer; key: Buffer }; serverNameOverride?: string } | boolean | undefined;
  let apiKey: string | undefined;

  if (target.kind === 'embedded') {
    const serverOptions = {
      port: target.port,
      uiPort: target.uiPort,
      dbFile: target.dbFile,
      namespace: config.namespace,
    };
    devServer = target.cliPath
      ? await startDevServer({ cliPath: target.cliPath, ...serverOptions })
      : await startDownloadedDevServer(serverOptions).catch((err: unknown) => {
          throw new TemporalSetupError(
            `No Temporal CLI was found and the SDK could not download one (${String(err)}). ` +
              'Run through `npm start` (which builds it with Go), set TEMPORAL_CLI_PATH, or set TEMPORAL_ADDRESS.',
          );
        });
    address = devServer.address;
    uiUrl = devServer.uiUrl;
  } else {
    address = target.address;
    apiKey = target.apiKey;
    if (target.tls) {
      tls = {
        clientCertPair: { crt: await readFile(target.tls.certPath), key: await readFile(target.tls.keyPath) },
        ...(target.tls.serverName ? { serverNameOverride: target.tls.serverName } : {}),
      };
    } else if (apiKey) {
      tls = true; // Temporal Cloud API keys always travel over TLS.
    }
  }

  try {
    const options = { address, ...(tls === undefined ? {} : { tls }), ...(apiKey ? { apiKey } : {}) };
    const connection = await Connection.connect(options);
    const nativeConnection = await NativeConnection.connect(options);
    const probeConnection = Connection.lazy({ ...options, interceptors: [] });
    const client = new Client({ connection, namespace: config.namespace });
    return {
      address,
      namespace: config.namespace,
      uiUrl,
      client,
      nativeConnection,
      devServer,
      probe: (timeoutMs) => probeNamespace(probeConnection, config.namespace, timeoutMs),
      close: async () => {
        await probeConnection.close();
        await connection.close();
        await nativeConnection.close();
        await devServer?.stop();
      },
    };
  } catch (err) {
    await devServer?.stop();
    throw err;
  }
}

/**
 * The client's default connection retries UNAVAILABLE with backoff, which is right for work but
 * wrong for a health check; the probe connection has no interceptors, so no retries.
 */
export function createProbe(
  address: string,
  namespace: string,
): { probe(timeoutMs: number): Promise<void>; close(): Promise<void> } {
  const connection = Connection.lazy({ address, interceptors: [] });
  return {
    probe: (timeoutMs) => probeNamespace(connection, namespace, timeoutMs),
    close: () => connection.close(),
  };
}

async function probeNamespace(connection: Connection, namespace: string, timeoutMs: number): Promise<void> {
  await connection.withDeadline(Date.now() + timeoutMs, () =>
    connection.workflowService.describeNamespace({ namespace }),
  );
}
