import { api, sendJson, type ApiDeps, type Route } from './api';
import { hubspotError } from './errors';

/** A user as `@hubspot/api-client`'s `PublicUser` model has it (settings/users). */
export interface SandboxUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  superAdmin: boolean;
  roleIds: string[];
  roleId?: string;
}

/** The role every portal's seeded non-admin user holds. */
export const SALES_ROLE_ID = '7001';

/**
 * Every portal has the same two users: a super admin and a member of a sales role, by the IDs the
 * tests' `hubspot.fetch` callers carry. HubSpot's user IDs are global, so the e-mail names the portal.
 */
export const SEEDED_USERS = {
  admin: { id: '4242', firstName: 'Ada', lastName: 'Admin', superAdmin: true, roleIds: [] },
  member: {
    id: '4343',
    firstName: 'Sam',
    lastName: 'Seller',
    superAdmin: false,
    roleIds: [SALES_ROLE_ID],
    roleId: SALES_ROLE_ID,
  },
} as const;

export function seededUsers(portalId: number): SandboxUser[] {
  return Object.entries(SEEDED_USERS).map(([kind, user]) => ({
    ...user,
    roleIds: [...user.roleIds],
    email: `${kind}@portal-${portalId}.example.com`,
  }));
}

/**
 * `GET /settings/v3/users/{userId}` (UsersApi.getById), by ID or with `idProperty=EMAIL` by e-mail;
 * scope `settings.users.read` (or `.write`). An unknown user is HubSpot's 404.
 * https://developers.hubspot.com/docs/api-reference/settings-user-provisioning-v3/users/get-settings-v3-users-userId
 */
export function userRoutes(on: Route, deps: ApiDeps): void {
  on(
    'GET',
    '/settings/v3/users/:userId',
    api(
      deps,
      () => ['settings.users.read', 'settings.users.write'],
      ({ ctx, grant }) => {
        const wanted = ctx.params.userId ?? '';
        const byEmail = ctx.url.searchParams.get('idProperty') === 'EMAIL';
        const user = seededUsers(grant.portalId).find((u) =>
          byEmail ? u.email === wanted.toLowerCase() : u.id === wanted,
        );
        if (!user) throw hubspotError(deps.ids, 404, 'OBJECT_NOT_FOUND', `User ${wanted} not found`);
        sendJson(ctx, 200, user);
      },
    ),
  );
}
