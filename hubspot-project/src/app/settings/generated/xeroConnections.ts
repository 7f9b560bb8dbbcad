// GENERATED from worker/hubspotApp/contracts/xeroConnections.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';

/**
 * The HubSpot settings page's "Xero organisations" section and the worker
 * (`/hubspot/connections/xero…`). Generated into hubspot-project/src/app/settings/generated/ so the
 * page reads the answers with the very schemas the worker wrote them with.
 */

/** One Xero organisation of the portal's installation: what an admin needs to connect, reconnect or disconnect it. */
export const xeroConnectionViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(['active', 'needs_reauth', 'disconnected']),
  /** The newest sync Ledgerbridge recorded for this organisation; null before the first. */
  lastSyncAt: z.iso.datetime().nullable(),
  lastRefreshError: z.string().nullable(),
});
export type XeroConnectionView = z.infer<typeof xeroConnectionViewSchema>;

export const xeroConnectionListSchema = z.object({
  connections: z.array(xeroConnectionViewSchema),
});
export type XeroConnectionList = z.infer<typeof xeroConnectionListSchema>;

/** A connect link: opens Xero's consent for this installation, once, until `expiresAt`. */
export const xeroConnectLinkSchema = z.object({
  url: z.url(),
  expiresAt: z.iso.datetime(),
});
export type XeroConnectLink = z.infer<typeof xeroConnectLinkSchema>;

export const xeroDisconnectedSchema = z.object({
  id: z.uuid(),
  status: z.literal('disconnected'),
});
export type XeroDisconnected = z.infer<typeof xeroDisconnectedSchema>;
