// GENERATED from worker/hubspotApp/contracts/settingsPage.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';
import { mappingSettingsSchema } from './mappingSettings';

/**
 * The HubSpot settings page's contract with the worker (`GET`/`PUT /hubspot/settings`). Generated
 * into hubspot-project/src/app/settings/generated/ next to the generated mapping settings schema,
 * so the page validates with the very schema the worker saves with.
 */
export const settingsPageSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    xeroTenantId: z.string(),
    xeroOrganisation: z.string(),
    /** 0 until someone saves: the page sends it back as `expectedVersion`. */
    version: z.number().int().min(0),
    settings: mappingSettingsSchema,
    savedBy: z.string().nullable(),
    savedAt: z.iso.datetime().nullable(),
  }),
  /** Settings belong to a Xero organisation: with none connected there is nothing to configure. */
  z.object({ status: z.literal('no_xero_connection'), message: z.string() }),
  /** One Xero organisation per installation today; several would make "which one" ambiguous. */
  z.object({ status: z.literal('several_xero_connections'), message: z.string() }),
]);
export type SettingsPage = z.infer<typeof settingsPageSchema>;

export const settingsSaveRequestSchema = z.object({
  expectedVersion: z.number().int().min(0),
  settings: z.unknown(),
});
export type SettingsSaveRequest = z.infer<typeof settingsSaveRequestSchema>;

export const settingsSavedSchema = z.object({
  version: z.number().int().min(1),
  savedAt: z.iso.datetime(),
  settings: mappingSettingsSchema,
});
export type SettingsSaved = z.infer<typeof settingsSavedSchema>;

/** 400: field path (as mappingSettingsErrors names it) → message, nothing saved. */
export const settingsInvalidSchema = z.object({
  error: z.literal('invalid_settings'),
  message: z.string(),
  fieldErrors: z.record(z.string(), z.string()),
});

/** 409: someone saved since the form was loaded. */
export const settingsStaleSchema = z.object({
  error: z.literal('stale_settings'),
  message: z.string(),
  currentVersion: z.number().int().min(0),
});
