import type { Connection } from '../connections/connectionStore';
import type { HubspotUser } from '../connectors/hubspot/hubspotUsers';
import { VendorError } from '../connectors/errors';
import type { ExtensionCaller } from './extensionRequest';
import type { HubspotAppDeps } from './hubspotAppDeps';

export type SettingsPermission =
  | { allowed: true; user: HubspotUser }
  | { allowed: false; error: 'not_allowed' | 'permission_unknown'; message: string };

const NOT_ALLOWED =
  'Only a super admin of this HubSpot account can change Ledgerbridge’s settings and Xero connections or decide its contact reviews. Ask one to do it, or to make you a super admin.';
const NO_USER = 'HubSpot did not say which user is asking, so Ledgerbridge cannot check their permissions.';
const CANNOT_READ_USERS =
  'Ledgerbridge may not read this account’s users (scope settings.users.read), so it cannot check who may change its settings. Reconnect HubSpot to grant it.';

/**
 * Whether the calling HubSpot user may manage the app's settings (the mapping settings, connecting
 * and disconnecting Xero, deciding contact reviews). HubSpot vouches for the caller's user ID in the signed request; whether
 * that user is a super admin is read from HubSpot's Settings Users API with the portal's own
 * connection, never taken from anything the page sends. Only super admins may: they alone can install
 * and uninstall apps in a HubSpot account, and a role's permissions are not readable through the API.
 * A vendor failure other than a refused scope propagates (the route answers it like any card's).
 */
export async function settingsPermission(
  deps: Pick<HubspotAppDeps, 'usersOf'>,
  portal: Connection,
  caller: ExtensionCaller,
): Promise<SettingsPermission> {
  if (caller.userId === undefined) return { allowed: false, error: 'not_allowed', message: NO_USER };
  let user: HubspotUser | undefined;
  try {
    user = await deps.usersOf(portal.id).user(caller.userId);
  } catch (err) {
    if (err instanceof VendorError && err.kind === 'forbidden')
      return { allowed: false, error: 'permission_unknown', message: CANNOT_READ_USERS };
    throw err;
  }
  if (!user?.superAdmin) return { allowed: false, error: 'not_allowed', message: NOT_ALLOWED };
  return { allowed: true, user };
}
