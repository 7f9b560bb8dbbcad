import { z } from 'zod';
import { syncHealthSchema, type SyncHealth } from '../generated/syncHealth';
import type { HubspotFetch } from './settingsClient';

export interface HealthSource {
  load(): Promise<SyncHealth>;
}

const refusalSchema = z.object({ error: z.string(), message: z.string() });

/** The sync health section's data: `GET /hubspot/health` through the same signed `hubspot.fetch`. */
export function workerHealthSource(fetch: HubspotFetch, workerUrl: string): HealthSource {
  return {
    async load() {
      let res: Response;
      try {
        res = await fetch(`${workerUrl}/hubspot/health`, { timeout: 15_000 });
      } catch {
        throw new Error('Ledgerbridge could not be reached. Try again in a moment.');
      }
      const json = (await res.json().catch(() => undefined)) as unknown;
      if (res.status !== 200) {
        const refusal = refusalSchema.safeParse(json);
        throw new Error(refusal.success ? refusal.data.message : `Ledgerbridge answered ${res.status}.`);
      }
      const parsed = syncHealthSchema.safeParse(json);
      if (!parsed.success) throw new Error('Ledgerbridge sent an answer this page does not understand.');
      return parsed.data;
    },
  };
}
