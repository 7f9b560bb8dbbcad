import path from 'node:path';
import { forkRpc } from './processRpc';

/** What bench:latency asks of its vendors' process (latencySandboxProcess.ts), over Node's IPC channel. */
export interface LatencySandboxApi {
  start(params: { hsPortal: number }): Promise<SandboxReady>;
  /** Where the Xero sandbox sends its signed webhooks from now on. */
  webhooks(params: { url: string; key: string }): Promise<void>;
  /** Pays invoices at `rate` a second for `seconds` and watches both CRMs until each payment shows. */
  run(params: LoadStep): Promise<LoadResult>;
  close(): Promise<void>;
}

export interface SandboxReady {
  urls: { xero: string; salesforce: string; hubspot: string };
  tenantId: string;
  xeroGrant: { access_token: string; refresh_token: string; scope: string };
}

export interface LoadStep {
  rate: number;
  seconds: number;
  /** An event not in both CRMs after this long without any other event completing counts as lost. */
  stallMs: number;
  /**
   * Give up on the step (stop paying, stop waiting) once more than 5% of its events have waited
   * longer than this: its p95 cannot come in under it. Absent: every event is waited for.
   */
  giveUpAfterMs?: number;
}

export interface LoadResult {
  /** Completed events' latencies, ms; unfinished events are not in it. */
  latenciesMs: number[];
  /** Payments made (fewer than rate × seconds when the step gave up). */
  events: number;
  /** Events never seen in both CRMs. */
  lost: number;
  gaveUp: boolean;
  duplicates: number;
  sendingS: number;
  webhookBatches: number;
  /** Vendor API calls served during the step by kind, e.g. `xero GET /Invoices/:id` → count. */
  calls: Record<string, number>;
  /** Record syncs: GETs of one Xero invoice (a burst of events on one record collapses into one). */
  syncs: number;
}

/** Starts the vendors' process; its API as promises, and its pid (its memory is reported apart). */
export function forkLatencySandbox(): LatencySandboxApi & { pid: number | undefined; kill(): void } {
  return forkRpc<LatencySandboxApi>(path.join(__dirname, 'latencySandboxProcess.ts'), 'sandbox', [
    'start',
    'webhooks',
    'run',
    'close',
  ]);
}
