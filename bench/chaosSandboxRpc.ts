import path from 'node:path';
import { forkRpc } from './processRpc';
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

/** Starts the sandbox process; its API as promises. `kill` ends the process, whatever it is doing. */
export function forkChaosSandbox(): ChaosSandboxApi & { kill(): void } {
  return forkRpc<ChaosSandboxApi>(path.join(__dirname, 'chaosSandboxProcess.ts'), 'sandbox', [
    'start',
    'faults',
    'xeroEvent',
    'wonDeal',
    'tally',
    'traffic',
    'close',
  ]);
}
