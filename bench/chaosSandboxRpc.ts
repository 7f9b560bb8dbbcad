import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { WonDeal } from './chaosDeals';
import type { ChaosSandboxSetup } from './chaosSandbox';
import type { ChaosTally } from './chaosTally';
import type { XeroEventKind } from './chaosXeroEvents';

/** What bench:chaos asks of its sandbox process (chaosSandboxProcess.ts), over Node's IPC channel. */
export interface ChaosSandboxApi {
  start(setup: ChaosSandboxSetup): Promise<SandboxInfo>;
  /** Replaces the faults on every vendor API path: `rate` of the calls fail (0: none). */
  faults(params: { rate: number; hangMs: number }): Promise<void>;
  xeroEvent(): Promise<XeroEventKind>;
  wonDeal(): Promise<WonDeal>;
  tally(): Promise<ChaosTally>;
  traffic(): Promise<SandboxTraffic>;
  close(): Promise<void>;
}

export interface SandboxInfo {
  ports: { xero: number; salesforce: number; hubspot: number };
  tenantId: string;
  orgId: string;
  portalId: number;
}

export interface SandboxTraffic {
  xero: VendorTraffic;
  salesforce: VendorTraffic;
  hubspot: VendorTraffic;
  /** Webhooks and callouts to the worker, with the attempts that failed (the worker was down). */
  webhooks: { deliveries: number; undelivered: number; failedAttempts: number };
}

export interface VendorTraffic {
  /** Calls on the vendor API paths, answered or not. */
  apiCalls: number;
  /** Faults injected so far. */
  faults: number;
}

export type SandboxRequest = { id: number; method: keyof ChaosSandboxApi; params: unknown };
export type SandboxResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** Starts the sandbox process; its API as promises. `kill` ends the process, whatever it is doing. */
export function forkChaosSandbox(): ChaosSandboxApi & { kill(): void } {
  const child: ChildProcess = fork(path.join(__dirname, 'chaosSandboxProcess.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  let nextId = 1;
  child.on('message', (message: SandboxResponse) => {
    const call = waiting.get(message.id);
    waiting.delete(message.id);
    if (message.ok) call?.resolve(message.result);
    else call?.reject(new Error(`sandbox: ${message.error}`));
  });
  child.on('exit', (code, signal) => {
    for (const call of waiting.values())
      call.reject(new Error(`the sandbox process ended (${code ?? signal})`));
    waiting.clear();
  });
  const call =
    <M extends keyof ChaosSandboxApi>(method: M) =>
    (params?: Parameters<ChaosSandboxApi[M]>[0]): ReturnType<ChaosSandboxApi[M]> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, method, params } satisfies SandboxRequest);
      }) as ReturnType<ChaosSandboxApi[M]>;
  return {
    start: call('start'),
    faults: call('faults'),
    xeroEvent: call('xeroEvent'),
    wonDeal: call('wonDeal'),
    tally: call('tally'),
    traffic: call('traffic'),
    close: call('close'),
    kill: () => void child.kill('SIGKILL'),
  };
}
