import { readFile } from 'node:fs/promises';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection } from '@temporalio/worker';
import { LEDGERBRIDGE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import type { Config } from '../config';
import { ClosableRetries } from './closableRetries';
import { ledgerbridgeDataConverter } from './dataConverter';
import { startDevServer, startDownloadedDevServer, type DevServer } from './devServer';
import { loadPayloadKeys } from './payloadKeys';
import { ensureSearchAttributes } from './searchAttributeRegistry';

/** Where the worker's Temporal lives: a dev server we started, or a server someone else runs. */
export interface TemporalRuntime {
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  client: Client;
  nativeConnection: NativeConnection;
  /** The payload codec and failure converter every worker and client of ours uses. */
  dataConverter: DataConverter;
  /** One RPC with no retries: answers quickly whether the server is reachable now. */
  probe(timeoutMs: number): Promise<void>;
  /** The dev server we started, if any (stopped by close()). */
  devServer: DevServer | undefined;
  close(): Promise<void>;
}

export class TemporalSetupError extends Error {
  override name = 'TemporalSetupError';
}

type RemoteTarget = Extract<Config['temporal']['target'], { kind: 'remote' }>;
type ConnectionTls = { clientCertPair: { crt: Buffer; key: Buffer }; serverNameOverride?: string } | boolean;

/** How to reach a remote server (self-hosted or Temporal Cloud): address, TLS, API key. */
async function remoteOptions(
  target: RemoteTarget,
): Promise<{ address: string; tls: ConnectionTls | undefined; apiKey: string | undefined }> {
  if (target.tls)
    return {
      address: target.address,
      apiKey: target.apiKey,
      tls: {
        clientCertPair: { crt: await readFile(target.tls.certPath), key: await readFile(target.tls.keyPath) },
        ...(target.tls.serverName ? { serverNameOverride: target.tls.serverName } : {}),
      },
    };
  // Temporal Cloud API keys always travel over TLS.
  return { address: target.address, apiKey: target.apiKey, tls: target.apiKey ? true : undefined };
}

/**
 * A client for the server the worker uses, without starting anything: the CLIs talk to the dev
 * server `npm start` runs, or to the remote server of TEMPORAL_ADDRESS.
 */
export async function connectClient(
  config: Config['temporal'],
  operations: Config['operations'],
): Promise<{ client: Client; close(): Promise<void> }> {
  const target = config.target;
  const options =
    target.kind === 'embedded'
      ? { address: `127.0.0.1:${target.port}` }
      : await remoteOptions(target).then(({ address, tls, apiKey }) => ({
          address,
          ...(tls === undefined ? {} : { tls }),
          ...(apiKey ? { apiKey } : {}),
        }));
  const retries = new ClosableRetries();
  const connection = await Connection.connect({
    ...options,
    connectTimeout: 3_000,
    interceptors: retries.interceptors,
  });
  const dataConverter = ledgerbridgeDataConverter(await loadPayloadKeys(operations.payloadKeys));
  return {
    client: new Client({ connection, namespace: config.namespace, dataConverter }),
    close: () => retries.close(connection),
  };
}

export async function connectTemporal(
  config: Config['temporal'],
  operations: Config['operations'],
  /** The embedded dev server's Web UI decodes payloads through this codec server. */
  uiCodecEndpoint?: string,
  /** The client's interceptors: tracing's, when it is on. */
  clientInterceptors?: ClientInterceptors,
): Promise<TemporalRuntime> {
  const target = config.target;
  const dataConverter = ledgerbridgeDataConverter(await loadPayloadKeys(operations.payloadKeys));
  let devServer: DevServer | undefined;
  let address: string;
  let uiUrl: string | undefined;
  let tls: ConnectionTls | undefined;
  let apiKey: string | undefined;

  if (target.kind === 'embedded') {
    const serverOptions = {
      port: target.port,
      uiPort: target.uiPort,
      dbFile: target.dbFile,
      namespace: config.namespace,
      searchAttributes: LEDGERBRIDGE_SEARCH_ATTRIBUTES,
      ...(uiCodecEndpoint ? { uiCodecEndpoint } : {}),
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
    ({ address, tls, apiKey } = await remoteOptions(target));
  }

  try {
    const options = { address, ...(tls === undefined ? {} : { tls }), ...(apiKey ? { apiKey } : {}) };
    const retries = new ClosableRetries();
    const connection = await Connection.connect({ ...options, interceptors: retries.interceptors });
    // The dev server got them at start; a remote server gets whichever are missing (or says how).
    await ensureSearchAttributes(connection, config.namespace).catch(async (err: unknown) => {
      await connection.close();
      throw err;
    });
    const nativeConnection = await NativeConnection.connect(options);
    const probeConnection = Connection.lazy({ ...options, interceptors: [] });
    const client = new Client({
      connection,
      namespace: config.namespace,
      dataConverter,
      ...(clientInterceptors ? { interceptors: clientInterceptors } : {}),
    });
    return {
      address,
      namespace: config.namespace,
      uiUrl,
      client,
      nativeConnection,
      dataConverter,
      devServer,
      probe: (timeoutMs) => probeNamespace(probeConnection, config.namespace, timeoutMs),
      close: async () => {
        await probeConnection.close();
        await retries.close(connection);
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
