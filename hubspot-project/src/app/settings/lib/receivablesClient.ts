import { z } from 'zod';
import { receivablesViewSchema, type ReceivablesView } from '../generated/receivables';
import type { HubspotFetch } from './settingsClient';

export interface ReceivablesSource {
  load(): Promise<ReceivablesView>;
}

const refusalSchema = z.object({ error: z.string(), message: z.string() });

/** The receivables tab's data: `GET /hubspot/receivables` through the same signed `hubspot.fetch`. */
export function workerReceivablesSource(fetch: HubspotFetch, workerUrl: string): ReceivablesSource {
  return {
    async load() {
      let res: Response;
      try {
        res = await fetch(`${workerUrl}/hubspot/receivables`, { timeout: 15_000 });
      } catch {
        throw new Error('Ledgerbridge could not be reached. Try again in a moment.');
      }
      const json = (await res.json().catch(() => undefined)) as unknown;
      if (res.status !== 200) {
        const refusal = refusalSchema.safeParse(json);
        throw new Error(refusal.success ? refusal.data.message : `Ledgerbridge answered ${res.status}.`);
      }
      const parsed = receivablesViewSchema.safeParse(json);
      if (!parsed.success) throw new Error('Ledgerbridge sent an answer this page does not understand.');
      return parsed.data;
    },
  };
}
