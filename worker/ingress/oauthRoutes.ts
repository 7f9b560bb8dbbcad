import { isCrmVendor } from '../../workflows/domain/crmVendor';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConnectError, type ConnectFlow } from '../connections/connectFlow';
import { ConnectionOwnedElsewhereError, type Connection } from '../connections/connectionStore';
import { OAUTH_SESSION_TTL_MS } from '../connections/oauthSessions';
import { InvalidGrantError } from '../connections/tokenRefresher';
import type { ConnectTickets, TicketRefusal } from '../installations/connectTickets';
import type { Logger } from '../logger';
import { VendorError } from '../connectors/errors';
import { searchParamsOf } from './requestParts';

type FlowVendor = 'xero' | 'salesforce' | 'hubspot' | 'zoho';
export type ConnectFlows = Partial<Record<FlowVendor, ConnectFlow>>;

export interface OAuthRouteDeps {
  flows: ConnectFlows;
  tickets: Pick<ConnectTickets, 'redeem'>;
  /** The binding cookie is marked Secure behind https. */
  secureCookies: boolean;
  logger: Logger;
}

/** Why a ticket was refused, as the person holding the link reads it. */
const REFUSALS: Record<TicketRefusal, { status: 401 | 403; message: string }> = {
  unknown: { status: 401, message: 'This connect link is not valid. Ask for a new one.' },
  expired: {
    status: 401,
    message: 'This connect link has expired (links are good for 10 minutes). Ask for a new one.',
  },
  used: { status: 401, message: 'This connect link was used already. Ask for a new one.' },
  other_vendor: { status: 403, message: 'This connect link is for connecting another service.' },
};

/**
 * `GET /oauth/{vendor}/start?ticket=…` redeems a connect ticket (issued to a CRM admin or an
 * operator), then sends the browser to the vendor's consent page (Xero, HubSpot OAuth) with a cookie
 * binding the attempt to it, or connects at once (Salesforce server-side grants, a HubSpot static
 * token). `GET /oauth/{vendor}/callback` finishes a consent begun in the same browser, or, for
 * HubSpot, the app's own install link (a code and no state of ours). What is connected joins the
 * ticket's installation; an install (the install link, an install ticket) joins the installation
 * already holding the account, else a new one. The page names what was connected; errors are shown,
 * never tokens.
 */
export function registerOAuthRoutes(app: FastifyInstance, deps: OAuthRouteDeps): void {
  const isFlowVendor = (vendor: string): vendor is FlowVendor => vendor === 'xero' || isCrmVendor(vendor);
  const flowFor = (vendor: string): ConnectFlow | undefined =>
    isFlowVendor(vendor) ? deps.flows[vendor] : undefined;
  const cookieName = (vendor: string) => `ledgerbridge_oauth_${vendor}`;
  const cookieOptions = (vendor: string) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: deps.secureCookies,
    path: `/oauth/${vendor}/callback`,
  });

  const connected = (reply: FastifyReply, vendor: string, flow: ConnectFlow, saved: Connection[]) => {
    deps.logger.info(
      { vendor, connections: saved.map((c) => c.id), installationId: saved[0]?.installationId },
      'connected',
    );
    return page(
      reply,
      200,
      `${flow.vendorName} connected`,
      `Connected: ${saved.map((c) => c.displayName).join(', ')}. You can close this page.`,
      flow.noticesFor?.(saved) ?? [],
    );
  };

  const failed = (reply: FastifyReply, vendor: string, err: unknown) => {
    // Shown to the person connecting: our own messages and vendor OAuth errors, nothing else.
    if (err instanceof ConnectError || err instanceof VendorError || err instanceof InvalidGrantError) {
      deps.logger.warn({ vendor, reason: err.message }, 'connect failed');
      return page(reply, err instanceof ConnectError ? err.status : 400, 'Connection failed', err.message);
    }
    if (err instanceof ConnectionOwnedElsewhereError) {
      deps.logger.warn({ vendor, reason: err.message }, 'connect refused');
      return page(reply, 409, 'Connection refused', `${err.message}: disconnect it there first.`);
    }
    throw err;
  };

  const options = { config: { rateClass: 'oauth' as const } };

  app.get<{ Params: { vendor: string } }>('/oauth/:vendor/start', options, async (req, reply) => {
    const { vendor } = req.params;
    const flow = flowFor(vendor);
    if (!flow || !isFlowVendor(vendor))
      return page(reply, 404, 'Unknown connection', `No connect flow for "${vendor}".`);
    const ticket = searchParamsOf(req).get('ticket');
    if (!ticket)
      return page(
        reply,
        401,
        'Connect ticket required',
        'This link has no connect ticket (the "ticket" parameter is missing). Start connecting from the Ledgerbridge page in your CRM, or ask your operator for a link (npm run connect).',
      );
    const redeemed = await deps.tickets.redeem(ticket, vendor);
    if (!redeemed.ok) {
      const refusal = REFUSALS[redeemed.reason];
      deps.logger.warn({ vendor, reason: redeemed.reason }, 'connect ticket refused');
      return page(reply, refusal.status, 'Connect link refused', refusal.message);
    }
    try {
      const next = await flow.begin({ ...redeemed.target, issuedTo: redeemed.issuedTo });
      if ('redirectTo' in next)
        return reply
          .setCookie(cookieName(vendor), next.browserNonce, {
            ...cookieOptions(vendor),
            maxAge: OAUTH_SESSION_TTL_MS / 1000,
          })
          .code(302)
          .headers({ location: next.redirectTo, 'cache-control': 'no-store' })
          .send();
      return connected(reply, vendor, flow, next.connected);
    } catch (err) {
      return failed(reply, vendor, err);
    }
  });

  app.get<{ Params: { vendor: string } }>('/oauth/:vendor/callback', options, async (req, reply) => {
    const { vendor } = req.params;
    const flow = flowFor(vendor);
    if (!flow) return page(reply, 404, 'Unknown connection', `No connect flow for "${vendor}".`);
    try {
      const q = searchParamsOf(req);
      const saved = await flow.finish({
        code: q.get('code'),
        state: q.get('state'),
        error: q.get('error'),
        accountsServer: q.get('accounts-server'),
        location: q.get('location'),
        browserNonce: req.cookies[cookieName(vendor)] ?? null,
      });
      void reply.clearCookie(cookieName(vendor), cookieOptions(vendor));
      return connected(reply, vendor, flow, saved);
    } catch (err) {
      return failed(reply, vendor, err);
    }
  });
}

function page(
  reply: FastifyReply,
  status: number,
  title: string,
  message: string,
  notices: string[] = [],
): FastifyReply {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const list = notices.length > 0 ? `<ul>${notices.map((n) => `<li>${escape(n)}</li>`).join('')}</ul>` : '';
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p>${list}</body></html>`;
  return reply
    .code(status)
    .headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .send(html);
}
