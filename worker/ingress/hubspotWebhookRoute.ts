import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { verifyHubSpotV3 } from '../webhooks/hubspotSignature';
import { headerOf } from './requestParts';
import { signedJsonRoute } from './signedJsonRoute';

/** HubSpot's webhook batch (up to 100 events); only what we act on is required. */
const hubspotEventsSchema = z
  .array(
    z.object({
      eventId: z.number(),
      portalId: z.number(),
      occurredAt: z.number(),
      subscriptionType: z.string(),
      objectId: z.number(),
      propertyName: z.string().optional(),
      propertyValue: z.string().optional(),
      changeSource: z.string().optional(),
    }),
  )
  .max(100);

/** Deal changes that can make or change an invoice. */
const DEAL_PROPERTIES = new Set([
  'dealstage',
  'amount',
  'closedate',
  'deal_currency_code',
  'ledgerbridge_discount_approved',
]);

/**
 * `POST /webhooks/hubspot`: verify the v3 signature (HMAC-SHA256 with the app's client secret over
 * method, URI, body and timestamp; constant time; older than 5 minutes refused), then hand each
 * deal's change to its workflow before answering 200. https://developers.hubspot.com/docs/api/webhooks
 */
export function registerHubspotWebhookRoute(
  app: FastifyInstance,
  deps: {
    clientSecret: string;
    publicUrl: string;
    dispatch: CrmDealDispatch;
    logger: Logger;
    now?: () => number;
  },
): void {
  signedJsonRoute(app, {
    path: '/webhooks/hubspot',
    name: 'hubspot webhook',
    logger: deps.logger,
    verify: (req, raw) =>
      verifyHubSpotV3({
        clientSecret: deps.clientSecret,
        method: 'POST',
        uri: `${deps.publicUrl}${req.url}`,
        rawBody: raw,
        signature: headerOf(req, 'x-hubspot-signature-v3'),
        timestamp: headerOf(req, 'x-hubspot-request-timestamp'),
        now: (deps.now ?? Date.now)(),
      }),
    schema: hubspotEventsSchema,
    handOver: async (events) => {
      const deals = events.filter(
        (e) =>
          e.subscriptionType === 'deal.creation' ||
          (e.subscriptionType === 'deal.propertyChange' && DEAL_PROPERTIES.has(e.propertyName ?? '')),
      );
      if (deals.length === 0) return;
      const workflowIds = await deps.dispatch(
        deals.map((e) => ({
          crm: 'hubspot' as const,
          crmAccount: String(e.portalId),
          dealId: String(e.objectId),
          source: `hubspot:${e.subscriptionType}:${e.eventId}`,
        })),
      );
      deps.logger.info({ events: events.length, workflows: workflowIds.length }, 'hubspot webhook accepted');
    },
  });
}
