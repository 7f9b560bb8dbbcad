import type { ServerResponse } from 'node:http';
import { ConnectError, type ConnectFlow } from '../connections/connectFlow';
import type { Connection } from '../connections/connectionStore';
import { InvalidGrantError } from '../connections/tokenRefresher';
import type { Logger } from '../logger';
import { VendorError } from '../connectors/errors';
import type { Router } from './router';

export type ConnectFlows = Partial<Record<'xero' | 'salesforce' | 'hubspot', ConnectFlow>>;

/**
 * `GET /oauth/{vendor}/start` sends the browser to the vendor's consent page (Xero, HubSpot OAuth) or
 * connects at once (Salesforce server-side grants, a HubSpot static token); `GET
 * /oauth/{vendor}/callback` finishes a consent. The page names what was connected; errors are shown,
 * never tokens.
 */
export function registerOAuthRoutes(router: Router, deps: { flows: ConnectFlows; logger: Logger }): void {
  const flowFor = (vendor: string | undefined): ConnectFlow | undefined =>
    vendor === 'xero' || vendor === 'salesforce' || vendor === 'hubspot' ? deps.flows[vendor] : undefined;

  const connected = (res: ServerResponse, vendor: string, flow: ConnectFlow, saved: Connection[]) => {
    deps.logger.info({ vendor, connections: saved.map((c) => c.id) }, 'connected');
    page(
      res,
      200,
      `${flow.vendorName} connected`,
      `Connected: ${saved.map((c) => c.displayName).join(', ')}. You can close this page.`,
    );
  };

  const failed = (res: ServerResponse, vendor: string, err: unknown) => {
    // Shown to the person connecting: our own messages and vendor OAuth errors, nothing else.
    if (err instanceof ConnectError || err instanceof VendorError || err instanceof InvalidGrantError) {
      deps.logger.warn({ vendor, reason: (err as Error).message }, 'connect failed');
      return page(res, 400, 'Connection failed', (err as Error).message);
    }
    throw err;
  };

  router.on('GET', '/oauth/:vendor/start', async ({ res, params }) => {
    const vendor = params.vendor ?? '';
    const flow = flowFor(vendor);
    if (!flow) return page(res, 404, 'Unknown connection', `No connect flow for "${vendor}".`);
    try {
      const next = await flow.begin();
      if ('redirectTo' in next) {
        res.writeHead(302, { location: next.redirectTo, 'cache-control': 'no-store' });
        res.end();
        return;
      }
      connected(res, vendor, flow, next.connected);
    } catch (err) {
      failed(res, vendor, err);
    }
  });

  router.on('GET', '/oauth/:vendor/callback', async ({ res, params, url }) => {
    const vendor = params.vendor ?? '';
    const flow = flowFor(vendor);
    if (!flow) return page(res, 404, 'Unknown connection', `No connect flow for "${vendor}".`);
    try {
      const q = url.searchParams;
      const saved = await flow.finish({ code: q.get('code'), state: q.get('state'), error: q.get('error') });
      connected(res, vendor, flow, saved);
    } catch (err) {
      failed(res, vendor, err);
    }
  });
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}
