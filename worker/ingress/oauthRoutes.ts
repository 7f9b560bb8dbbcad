import type { ServerResponse } from 'node:http';
import type { XeroConnectFlow } from '../connections/connectXero';
import { ConnectError } from '../connections/connectXero';
import type { Logger } from '../logger';
import type { Router } from './router';

/**
 * `GET /oauth/xero/start` redirects to Xero's consent page; `GET /oauth/xero/callback` finishes the
 * connection and shows which organisations were connected. Errors are shown, never the tokens.
 */
export function registerOAuthRoutes(
  router: Router,
  deps: { xero: XeroConnectFlow | undefined; logger: Logger },
): void {
  router.on('GET', '/oauth/:vendor/start', async ({ res, params }) => {
    if (params.vendor !== 'xero' || !deps.xero)
      return page(res, 404, 'Unknown connection', `No connect flow for "${params.vendor}".`);
    res.writeHead(302, { location: await deps.xero.begin(), 'cache-control': 'no-store' });
    res.end();
  });
  router.on('GET', '/oauth/:vendor/callback', async ({ res, params, url }) => {
    if (params.vendor !== 'xero' || !deps.xero)
      return page(res, 404, 'Unknown connection', `No connect flow for "${params.vendor}".`);
    try {
      const q = url.searchParams;
      const saved = await deps.xero.finish({
        code: q.get('code'),
        state: q.get('state'),
        error: q.get('error'),
      });
      deps.logger.info({ vendor: 'xero', connections: saved.map((c) => c.id) }, 'connected');
      page(
        res,
        200,
        'Xero connected',
        `Connected: ${saved.map((c) => c.displayName).join(', ')}. You can close this page.`,
      );
    } catch (err) {
      if (!(err instanceof ConnectError)) throw err;
      page(res, 400, 'Connection failed', err.message);
    }
  });
}

function page(res: ServerResponse, status: number, title: string, message: string): void {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}
