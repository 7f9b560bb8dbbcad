import type { Logger } from '../logger';
import { verifyXeroSignature } from '../webhooks/xeroSignature';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import { xeroWebhookPayloadSchema } from '../webhooks/xeroWebhookPayload';
import { readRaw } from './rawBody';
import type { Router } from './router';

/**
 * `POST /webhooks/xero`: verify `x-xero-signature` over the raw bytes (constant time), answer Xero's
 * intent-to-receive check exactly as it expects (200 and an empty body when signed correctly, 401
 * otherwise), and hand every event to Temporal before answering 200, so an accepted event survives
 * a crash right after. https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/
 */
export function registerXeroWebhookRoute(
  router: Router,
  deps: { webhookKey: string; dispatch: XeroEventDispatch; logger: Logger },
): void {
  router.on('POST', '/webhooks/xero', async ({ req, res }) => {
    const raw = await readRaw(req);
    if (raw === 'too_large') {
      res.writeHead(413).end();
      return;
    }
    const header = req.headers['x-xero-signature'];
    if (!verifyXeroSignature(raw, Array.isArray(header) ? header[0] : header, deps.webhookKey)) {
      // Also the "no" half of intent-to-receive. Nothing is started.
      res.writeHead(401).end();
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      deps.logger.warn({ bytes: raw.length }, 'xero webhook: body is not JSON');
      res.writeHead(400).end();
      return;
    }
    const parsed = xeroWebhookPayloadSchema.safeParse(json);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
      deps.logger.warn({ why }, 'xero webhook: malformed payload');
      res.writeHead(400).end();
      return;
    }
    const events = parsed.data.events;
    if (events.length > 0) {
      const workflowIds = await deps.dispatch(
        events.map((e) => ({
          tenantId: e.tenantId,
          category: e.eventCategory,
          resourceId: e.resourceId,
          change: { eventType: e.eventType, eventDateUtc: e.eventDateUtc, source: 'webhook' as const },
        })),
      );
      deps.logger.info({ events: events.length, workflows: workflowIds.length }, 'xero webhook accepted');
    }
    res.writeHead(200).end();
  });
}
