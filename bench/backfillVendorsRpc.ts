import path from 'node:path';
import { forkRpc } from './processRpc';
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

/** Starts the vendors' process (as chaos does its sandbox); its API as promises, and its pid. */
export function forkBackfillVendors(): BackfillVendorsApi & { pid: number; kill(): void } {
  const client = forkRpc<BackfillVendorsApi>(path.join(__dirname, 'backfillVendorsProcess.ts'), 'vendors', [
    'start',
    'mark',
    'served',
    'close',
  ]);
  if (client.pid === undefined) throw new Error("the vendors' process did not start");
  return { ...client, pid: client.pid };
}
