import { bearerToken } from '../core/http';
import type { SandboxContext, SandboxHandler } from '../core/server';
import { httpError } from './errors';
import { normalizeId } from './ids';
import { ORG_PATH, type SalesforceOrg } from './org';

type On = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
  path: string,
  handler: SandboxHandler,
) => void;

/**
 * Sends each request to the org it belongs to. The root plays login.salesforce.com: a JWT bearer
 * assertion goes to the org of its `sub` (usernames are unique across Salesforce), an authorization
 * code, refresh token or access token to the org that issued it, `/id/{orgId}/{userId}` to that
 * org, and `/services/oauth2/authorize` to the org of `login_hint` (Salesforce's parameter that
 * pre-fills the username). Whatever names no org, and `/services/data` at the root, go to the first
 * org (the root is also its My Domain, so client credentials there reach it). `/orgs/{orgId}/...`
 * is an org's own My Domain and instance: only that org answers there.
 */
export function orgRoutes(on: On, orgs: () => SalesforceOrg[]): void {
  const first = () => orgs()[0] as SalesforceOrg;
  const byId = (raw: string) => {
    const id = normalizeId(raw);
    return orgs().find((o) => o.orgId === id);
  };
  const holding = (token: string | null | undefined) =>
    (token ? orgs().find((o) => o.identity.holdsToken(token)) : undefined) ?? first();
  const atRoot = (pick: (ctx: SandboxContext) => SalesforceOrg): SandboxHandler => {
    return (ctx) => pick(ctx).serve(ctx, ctx.url.pathname);
  };
  const form = (ctx: SandboxContext) => (ctx.body ?? {}) as Record<string, string | undefined>;

  on(
    'POST',
    '/services/oauth2/token',
    atRoot((ctx) => {
      const body = form(ctx);
      switch (body.grant_type) {
        case 'urn:ietf:params:oauth:grant-type:jwt-bearer': {
          const sub = assertionSubject(body.assertion);
          return (sub ? orgs().find((o) => o.identity.hasUser(sub)) : undefined) ?? first();
        }
        case 'authorization_code':
          return orgs().find((o) => o.identity.holdsCode(body.code ?? '')) ?? first();
        case 'refresh_token':
          return holding(body.refresh_token);
        default:
          return first();
      }
    }),
  );
  on(
    'GET',
    '/services/oauth2/authorize',
    atRoot((ctx) => {
      const hint = ctx.url.searchParams.get('login_hint');
      return (hint ? orgs().find((o) => o.identity.hasUser(hint)) : undefined) ?? first();
    }),
  );
  for (const method of ['GET', 'POST'] as const) {
    on(
      method,
      '/services/oauth2/userinfo',
      atRoot((ctx) => holding(bearerToken(ctx.req))),
    );
    on(
      method,
      '/services/oauth2/revoke',
      atRoot((ctx) => holding(method === 'GET' ? ctx.url.searchParams.get('token') : form(ctx).token)),
    );
  }
  on(
    'GET',
    '/id/:orgId/:userId',
    atRoot((ctx) => byId(ctx.params.orgId ?? '') ?? first()),
  );
  for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'] as const) {
    on(method, '/services/data(?:/.*)?', atRoot(first));
    on(method, `${ORG_PATH}/:orgId(?:/.*)?`, async (ctx) => {
      const org = byId(ctx.params.orgId ?? '');
      const prefix = `${ORG_PATH}/${encodeURIComponent(ctx.params.orgId ?? '')}`;
      if (!org) throw httpError(404, 'NOT_FOUND', 'The requested resource does not exist');
      await org.serve(ctx, ctx.url.pathname.slice(prefix.length) || '/');
    });
  }
}

/** The `sub` claim of a JWT bearer assertion, unverified: only to pick the org that verifies it. */
function assertionSubject(assertion: string | undefined): string | undefined {
  const payload = assertion?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}
