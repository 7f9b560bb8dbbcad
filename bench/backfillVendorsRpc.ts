import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BackfillVendorsInfo, BackfillVendorsSetup } from './backfillVendors';

export type BackfillVendor = 'xero' | 'salesforce' | 'hubspot';

/** One API call a vendor answered (OAuth and connect routes left out), `at` when its answer was sent. */
export interface ServedCall {
  method: string;
  path: string;
  status: number;
  at: number;
}

/** What bench:backfill asks of its vendors' process (backfillVendorsProcess.ts), over Node's IPC. */
export interface BackfillVendorsApi {
  start(setup: BackfillVendorsSetup): Promise<BackfillVendorsInfo>;
  /** Starts counting: served() returns the calls answered from here on. */
  mark(): Promise<void>;
  served(): Promise<Record<BackfillVendor, ServedCall[]>>;
  close(): Promise<void>;
}

export type VendorsRequest = { id: number; method: keyof BackfillVendorsApi; params: unknown };
export type VendorsResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Starts the vendors' process (as chaos does its sandbox); its API as promises, and its pid. */
export function forkBackfillVendors(): BackfillVendorsApi & { pid: number; kill(): void } {
  const child: ChildProcess = fork(path.join(__dirname, 'backfillVendorsProcess.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 1;
  child.on('message', (message: VendorsResponse) => {
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) call?.resolve(message.result);
    else call?.reject(new Error(`vendors: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const call of waiting.values())
      call.reject(new Error(`the vendors' process ended (${code ?? signal})`));
    waiting.clear();
  });
  const call =
    <M extends keyof BackfillVendorsApi>(method: M) =>
    (params?: Parameters<BackfillVendorsApi[M]>[0]): ReturnType<BackfillVendorsApi[M]> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, method, params } satisfies VendorsRequest);
      }) as ReturnType<BackfillVendorsApi[M]>;
  if (child.pid === undefined) throw new Error("the vendors' process did not start");
  return {
    pid: child.pid,
    start: call('start'),
    mark: call('mark'),
    served: call('served'),
    close: call('close'),
    kill: () => void child.kill('SIGKILL'),
  };
}
