import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConnectError, type ConnectFlow } from '../connections/connectFlow';
import type { Connection } from '../connections/connectionStore';
import { InvalidGrantError } from '../connections/tokenRefresher';
import type { Logger } from '../logger';
import { VendorError } from '../connectors/errors';
import { searchParamsOf } from './requestParts';

export type ConnectFlows = Partial<Record<'xero' | 'salesforce' | 'hubspot', ConnectFlow>>;

/**
 * `GET /oauth/{vendor}/start` sends the browser to the vendor's consent page (Xero, HubSpot OAuth) or
 * connects at once (Salesforce server-side grants, a HubSpot static token); `GET
 * /oauth/{vendor}/callback` finishes a consent. The page names what was connected; errors are shown,
 * never tokens.
 */
export function registerOAuthRoutes(
  app: FastifyInstance,
  deps: { flows: ConnectFlows; logger: Logger },
): void {
  const flowFor = (vendor: string): ConnectFlow | undefined =>
    vendor === 'xero' || vendor === 'salesforce' || vendor === 'hubspot' ? deps.flows[vendor] : undefined;

  const connected = (reply: FastifyReply, vendor: string, flow: ConnectFlow, saved: Connection[]) => {
    deps.logger.info({ vendor, connections: saved.map((c) => c.id) }, 'connected');
    return page(
      reply,
      200,
      `${flow.vendorName} connected`,
      `Connected: ${saved.map((c) => c.displayName).join(', ')}. You can close this page.`,
    );
  };

  const failed = (reply: FastifyReply, vendor: string, err: unknown) => {
    // Shown to the person connecting: our own messages and vendor OAuth errors, nothing else.
    if (err instanceof ConnectError || err instanceof VendorError || err instanceof InvalidGrantError) {
      deps.logger.warn({ vendor, reason: err.message }, 'connect failed');
      return page(reply, 400, 'Connection failed', err.message);
    }
    throw err;
  };

  const options = { config: { rateClass: 'oauth' as const } };

  app.get<{ Params: { vendor: string } }>('/oauth/:vendor/start', options, async (req, reply) => {
    const { vendor } = req.params;
    const flow = flowFor(vendor);
    if (!flow) return page(reply, 404, 'Unknown connection', `No connect flow for "${vendor}".`);
    try {
      const next = await flow.begin();
      if ('redirectTo' in next)
        return reply.code(302).headers({ location: next.redirectTo, 'cache-control': 'no-store' }).send();
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
      const saved = await flow.finish({ code: q.get('code'), state: q.get('state'), error: q.get('error') });
      return connected(reply, vendor, flow, saved);
    } catch (err) {
      return failed(reply, vendor, err);
    }
  });
}

function page(reply: FastifyReply, status: number, title: string, message: string): FastifyReply {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`;
  return reply
    .code(status)
    .headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    .send(html);
}
