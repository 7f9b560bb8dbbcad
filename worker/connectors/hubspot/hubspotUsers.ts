import { z } from 'zod';
import type { ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { authorizedCall } from '../authorizedCall';
import { VendorError } from '../errors';
import { hubspotClient } from './hubspotApi';
import { classifyHubspotError } from './hubspotErrors';

/** What Ledgerbridge needs of a HubSpot user: whether they may administer the account. */
const publicUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  superAdmin: z.boolean().optional(),
  roleIds: z.array(z.string()).optional(),
  roleId: z.string().optional(),
});

export interface HubspotUser {
  id: string;
  email: string;
  superAdmin: boolean;
  roleIds: string[];
}

/**
 * Reads a portal's users through that portal's own connection (Settings Users API, `GET
 * /settings/v3/users/{userId}`, the SDK's `settings.users.usersApi.getById`). Interactive: one 429
 * is waited out at most.
 * https://developers.hubspot.com/docs/api-reference/settings-user-provisioning-v3/users/get-settings-v3-users-userId
 */
export class HubspotUserReader {
  constructor(
    private readonly deps: {
      connectionId: string;
      apiBase: string;
      connections: ConnectionStore;
      refresh: RefreshService;
      pacer: SharedPacer;
    },
  ) {}

  /** The user, or undefined when the portal has no such user. */
  async user(userId: string): Promise<HubspotUser | undefined> {
    try {
      const raw: unknown = await authorizedCall(
        {
          vendor: 'hubspot',
          connectionId: this.deps.connectionId,
          connections: this.deps.connections,
          refresh: this.deps.refresh,
          pacer: this.deps.pacer,
          classify: (err) => classifyHubspotError(err),
          maxRateLimitWaits: 1,
        },
        (accessToken) =>
          hubspotClient(this.deps.apiBase, accessToken).settings.users.usersApi.getById(userId),
      );
      const user = publicUserSchema.parse(raw);
      const roleIds = new Set([...(user.roleIds ?? []), ...(user.roleId ? [user.roleId] : [])]);
      return { id: user.id, email: user.email, superAdmin: user.superAdmin === true, roleIds: [...roleIds] };
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }
}
