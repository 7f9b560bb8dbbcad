import { z } from 'zod';
import type { InstallationSettings } from '../generated/mappingSettings';
import {
  settingsInvalidSchema,
  settingsPageSchema,
  settingsSavedSchema,
  settingsStaleSchema,
  type SettingsPage,
} from '../generated/settingsPage';

/** `hubspot.fetch` (or a test's stand-in): HubSpot signs the request; we add no headers. */
export type HubspotFetch = (
  url: string,
  options?: { method?: 'GET' | 'PUT'; body?: Record<string, unknown>; timeout?: number },
) => Promise<Response>;

export type SaveResult =
  | { kind: 'saved'; version: number; settings: InstallationSettings }
  | { kind: 'invalid'; fieldErrors: Record<string, string> }
  | { kind: 'stale'; message: string; currentVersion: number };

export interface SettingsSource {
  load(): Promise<SettingsPage>;
  save(expectedVersion: number, settings: unknown): Promise<SaveResult>;
}

const refusalSchema = z.object({ error: z.string(), message: z.string() });

export function workerSettingsSource(fetch: HubspotFetch, workerUrl: string): SettingsSource {
  const request = async (options?: Parameters<HubspotFetch>[1]) => {
    let res: Response;
    try {
      res = await fetch(`${workerUrl}/hubspot/settings`, { timeout: 15_000, ...options });
    } catch {
      throw new Error('Ledgerbridge could not be reached. Try again in a moment.');
    }
    return { status: res.status, json: (await res.json().catch(() => undefined)) as unknown };
  };
  const understood = <T>(schema: z.ZodType<T>, json: unknown): T => {
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new Error('Ledgerbridge sent an answer this page does not understand.');
    return parsed.data;
  };
  const refusal = (status: number, json: unknown) => {
    const parsed = refusalSchema.safeParse(json);
    return new Error(parsed.success ? parsed.data.message : `Ledgerbridge answered ${status}.`);
  };
  return {
    async load() {
      const { status, json } = await request();
      if (status !== 200) throw refusal(status, json);
      return understood(settingsPageSchema, json);
    },
    async save(expectedVersion, settings) {
      const { status, json } = await request({ method: 'PUT', body: { expectedVersion, settings } });
      if (status === 200) {
        const saved = understood(settingsSavedSchema, json);
        return { kind: 'saved', version: saved.version, settings: saved.settings };
      }
      if (status === 400 && settingsInvalidSchema.safeParse(json).success)
        return { kind: 'invalid', fieldErrors: understood(settingsInvalidSchema, json).fieldErrors };
      if (status === 409 && settingsStaleSchema.safeParse(json).success) {
        const stale = understood(settingsStaleSchema, json);
        return { kind: 'stale', message: stale.message, currentVersion: stale.currentVersion };
      }
      throw refusal(status, json);
    },
  };
}
