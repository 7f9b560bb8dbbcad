import { send } from '../core/http';
import type { SandboxContext, SandboxHandler } from '../core/server';
import { isDataCentre, sandboxAccountsServer } from './dataCentres';
import type { ZohoOAuth } from './oauth';
import type { ZohoOrg } from './org';

/**
 * Zoho Accounts at each DC (`<origin>/accounts/<dc>` stands for `https://accounts.zoho.<tld>`):
 * the consent step redirects to the app with `code`, `location` and `accounts-server`, the
 * org's DC and its accounts server, as Zoho's multi-DC flow does
 * (https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html); the token
 * endpoint exchanges the code (at that accounts server only) and refreshes; revoke ends a
 * refresh token. The consenting org is `sandbox_org` if given (a sandbox-only parameter standing
 * for the user who signs in), else the one `consentOrg()` names.
 */
export function accountsRoutes(
  oauth: ZohoOAuth,
  orgOf: (orgId: string | undefined) => ZohoOrg | undefined,
): Array<{ method: 'GET' | 'POST'; path: string; handler: SandboxHandler }> {
  const origin = (ctx: SandboxContext) => `http://${ctx.req.headers.host ?? '127.0.0.1'}`;
  const params = (ctx: SandboxContext): Record<string, string | undefined> => ({
    ...Object.fromEntries(ctx.url.searchParams),
    ...(typeof ctx.body === 'object' && ctx.body !== null ? (ctx.body as Record<string, string>) : {}),
  });
  return [
    {
      method: 'GET',
      path: '/accounts/:dc/oauth/v2/auth',
      handler: (ctx) => {
        const q = ctx.url.searchParams;
        if (!isDataCentre(ctx.params.dc)) return send(ctx.res, 404, 'Unknown accounts server');
        const client = oauth.client(q.get('client_id') ?? '');
        if (!client) return send(ctx.res, 400, 'Invalid Client');
        const redirectUri = q.get('redirect_uri') ?? '';
        if (!client.redirectUris.includes(redirectUri)) return send(ctx.res, 400, 'Invalid Redirect Uri');
        if (q.get('response_type') !== 'code') return send(ctx.res, 400, 'Invalid response_type');
        const org = orgOf(q.get('sandbox_org') ?? undefined);
        if (!org)
          return send(ctx.res, 400, 'No Zoho CRM org to consent for: create one, or pass sandbox_org');
        const code = oauth.issueCode({
          clientId: client.clientId,
          orgId: org.id,
          dc: org.dc,
          scopes: (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean),
          redirectUri,
          offline: q.get('access_type') === 'offline',
        });
        const target = new URL(redirectUri);
        const state = q.get('state');
        if (state !== null) target.searchParams.set('state', state);
        target.searchParams.set('code', code);
        target.searchParams.set('location', org.dc);
        target.searchParams.set('accounts-server', sandboxAccountsServer(origin(ctx), org.dc));
        ctx.res.writeHead(302, { location: target.toString() }).end();
      },
    },
    {
      method: 'POST',
      path: '/accounts/:dc/oauth/v2/token',
      handler: (ctx) => {
        const dc = ctx.params.dc;
        if (!isDataCentre(dc)) return send(ctx.res, 404, { error: 'invalid_accounts_server' });
        const answer = oauth.token(params(ctx), dc, origin(ctx));
        send(ctx.res, answer.status, answer.body);
      },
    },
    {
      method: 'POST',
      path: '/accounts/:dc/oauth/v2/token/revoke',
      handler: (ctx) => {
        const revoked = oauth.revoke(params(ctx).token ?? '');
        send(
          ctx.res,
          revoked ? 200 : 400,
          revoked ? { status: 'success' } : { status: 'failure', error: 'invalid_token' },
        );
      },
    },
  ];
}
