// GENERATED from worker/hubspotApp/contracts/settingsPage.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';
import { installationSettingsSchema } from './mappingSettings';

/**
 * The HubSpot settings page's contract with the worker (`GET`/`PUT /hubspot/settings`). Generated
 * into hubspot-project/src/app/settings/generated/ next to the generated mapping settings schema,
 * so the page validates with the very schema the worker saves with.
 */
export const settingsPageSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    /** The installation's Xero organisations: each has its own parts, and deals are routed to one. */
    organisations: z.array(z.object({ xeroTenantId: z.string(), name: z.string(), connected: z.boolean() })),
    /** 0 until someone saves: the page sends it back as `expectedVersion`. */
    version: z.number().int().min(0),
    settings: installationSettingsSchema,
    savedBy: z.string().nullable(),
    savedAt: z.iso.datetime().nullable(),
  }),
]);
export type SettingsPage = z.infer<typeof settingsPageSchema>;
export type SettingsOrganisation = Extract<SettingsPage, { status: 'ready' }>['organisations'][number];

export const settingsSaveRequestSchema = z.object({
  expectedVersion: z.number().int().min(0),
  settings: z.unknown(),
});
export type SettingsSaveRequest = z.infer<typeof settingsSaveRequestSchema>;

export const settingsSavedSchema = z.object({
  version: z.number().int().min(1),
  savedAt: z.iso.datetime(),
  settings: installationSettingsSchema,
});
export type SettingsSaved = z.infer<typeof settingsSavedSchema>;

/** 400: field path (as installationSettingsErrors names it) → message, nothing saved. */
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
