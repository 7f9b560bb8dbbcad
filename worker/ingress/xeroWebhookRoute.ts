import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { verifyXeroSignature } from '../webhooks/xeroSignature';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import { sortXeroEvents, xeroWebhookPayloadSchema } from '../webhooks/xeroWebhookPayload';
import { headerOf } from './requestParts';
import { signedJsonRoute } from './signedJsonRoute';

/**
 * `POST /webhooks/xero`: verify `x-xero-signature` over the raw bytes (constant time), answer Xero's
 * intent-to-receive check exactly as it expects (200 and an empty body when signed correctly, 401
 * otherwise), and hand every event to Temporal before answering 200, so an accepted event survives
 * a crash right after. Events of a type or category Ledgerbridge does not sync are logged and
 * skipped; the rest of their batch is still handed over.
 * https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/
 */
export function registerXeroWebhookRoute(
  app: FastifyInstance,
  deps: { webhookKey: string; dispatch: XeroEventDispatch; logger: Logger },
): void {
  signedJsonRoute(app, {
    path: '/webhooks/xero',
    name: 'xero webhook',
    logger: deps.logger,
    // A refusal is also the "no" half of intent-to-receive.
    verify: (req, raw) =>
      verifyXeroSignature(raw, headerOf(req, 'x-xero-signature'), deps.webhookKey)
        ? { ok: true }
        : { ok: false, reason: 'x-xero-signature does not match' },
    schema: xeroWebhookPayloadSchema,
    handOver: async ({ events }) => {
      const { known, unknown } = sortXeroEvents(events);
      if (unknown.length > 0)
        deps.logger.warn(
          { skipped: unknown.map((e) => ({ eventType: e.eventType, eventCategory: e.eventCategory })) },
          'xero webhook: events of a type or category Ledgerbridge does not sync were skipped',
        );
      if (known.length === 0) return;
      const workflowIds = await deps.dispatch(
        known.map((e) => ({
          tenantId: e.tenantId,
          category: e.eventCategory,
          resourceId: e.resourceId,
          change: { eventType: e.eventType, eventDateUtc: e.eventDateUtc, source: 'webhook' as const },
        })),
      );
      deps.logger.info({ events: known.length, workflows: workflowIds.length }, 'xero webhook accepted');
    },
  });
}
