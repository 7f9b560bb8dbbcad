import { z } from 'zod';
import { dealPipelinesSchema, type DealPipeline } from '../generated/dealPipelines';
import type { HubspotFetch } from './settingsClient';

/** The portal's deal pipelines, for the stage of each invoice status. */
export interface PipelinesSource {
  load(): Promise<DealPipeline[]>;
}

const refusalSchema = z.object({ error: z.string(), message: z.string() });

/** Reads `GET /hubspot/pipelines`; a refusal's code rides on the error (`busy` for the worker's 429). */
export function workerPipelinesSource(fetch: HubspotFetch, workerUrl: string): PipelinesSource {
  return {
    async load() {
      let res: Response;
      try {
        res = await fetch(`${workerUrl}/hubspot/pipelines`, { timeout: 15_000 });
      } catch {
        throw new Error('Ledgerbridge could not be reached. Try again in a moment.');
      }
      const json: unknown = await res.json().catch(() => undefined);
      if (res.status !== 200) {
        const refusal = refusalSchema.safeParse(json);
        if (!refusal.success) throw new Error(`Ledgerbridge answered ${res.status}.`);
        throw Object.assign(new Error(refusal.data.message), { code: refusal.data.error });
      }
      const parsed = dealPipelinesSchema.safeParse(json);
      if (!parsed.success) throw new Error('Ledgerbridge sent an answer this page does not understand.');
      return parsed.data.pipelines;
    },
  };
}
