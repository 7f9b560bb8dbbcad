import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { hubspotTriggerOf } from '../webhooks/hubspotDealTriggers';
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

/**
 * `POST /webhooks/hubspot`: verify the v3 signature (HMAC-SHA256 with the app's client secret over
 * method, URI, body and timestamp; constant time; older than 5 minutes refused), then hand each
 * deal's change to its workflow before answering 200. A line item's change is its deals' change: they
 * are looked up with the portal's connection (a failure answers 5xx, so HubSpot sends it again).
 * https://developers.hubspot.com/docs/api/webhooks
 */
export function registerHubspotWebhookRoute(
  app: FastifyInstance,
  deps: {
    clientSecret: string;
    publicUrl: string;
    dispatch: CrmDealDispatch;
    logger: Logger;
    /** The deals of a portal's line items; without it line item changes are only logged. */
    dealsOfLineItems?: (portalId: string, lineItemIds: string[]) => Promise<string[]>;
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
      const changes: Array<{ portalId: string; dealId: string; source: string }> = [];
      const lineItems = new Map<string, Array<{ lineItemId: string; source: string }>>();
      for (const e of events) {
        const trigger = hubspotTriggerOf(e);
        const portalId = String(e.portalId);
        const source = `hubspot:${e.subscriptionType}:${e.eventId}`;
        if (trigger?.kind === 'deal') changes.push({ portalId, dealId: trigger.objectId, source });
        if (trigger?.kind === 'lineItem')
          lineItems.set(portalId, [
            ...(lineItems.get(portalId) ?? []),
            { lineItemId: trigger.objectId, source },
          ]);
      }
      for (const [portalId, items] of lineItems) {
        if (!deps.dealsOfLineItems) {
          deps.logger.warn({ portalId, lineItems: items.length }, 'hubspot line item changes not followed');
          continue;
        }
        const deals = await deps.dealsOfLineItems(
          portalId,
          items.map((i) => i.lineItemId),
        );
        const [first] = items;
        for (const dealId of deals) if (first) changes.push({ portalId, dealId, source: first.source });
      }
      if (changes.length === 0) return;
      const workflowIds = await deps.dispatch(
        changes.map((c) => ({
          crm: 'hubspot' as const,
          crmAccount: c.portalId,
          dealId: c.dealId,
          source: c.source,
        })),
      );
      deps.logger.info({ events: events.length, workflows: workflowIds.length }, 'hubspot webhook accepted');
    },
  });
}
