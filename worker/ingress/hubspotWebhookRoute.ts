import { z } from 'zod';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { verifyHubSpotV3 } from '../webhooks/hubspotSignature';
import { describeIssues, readRaw } from './rawBody';
import type { Router } from './router';

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
  router: Router,
  deps: {
    clientSecret: string;
    publicUrl: string;
    dispatch: CrmDealDispatch;
    logger: Logger;
    now?: () => number;
  },
): void {
  router.on('POST', '/webhooks/hubspot', async ({ req, res }) => {
    const raw = await readRaw(req);
    if (raw === 'too_large') {
      res.writeHead(413).end();
      return;
    }
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const verdict = verifyHubSpotV3({
      clientSecret: deps.clientSecret,
      method: 'POST',
      uri: `${deps.publicUrl}${req.url ?? ''}`,
      rawBody: raw,
      signature: header('x-hubspot-signature-v3'),
      timestamp: header('x-hubspot-request-timestamp'),
      now: (deps.now ?? Date.now)(),
    });
    if (!verdict.ok) {
      deps.logger.warn({ reason: verdict.reason }, 'hubspot webhook refused');
      res.writeHead(401).end();
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      deps.logger.warn({ bytes: raw.length }, 'hubspot webhook: body is not JSON');
      res.writeHead(400).end();
      return;
    }
    const parsed = hubspotEventsSchema.safeParse(json);
    if (!parsed.success) {
      deps.logger.warn({ why: describeIssues(parsed.error.issues) }, 'hubspot webhook: malformed payload');
      res.writeHead(400).end();
      return;
    }
    const deals = parsed.data.filter(
      (e) =>
        e.subscriptionType === 'deal.creation' ||
        (e.subscriptionType === 'deal.propertyChange' && DEAL_PROPERTIES.has(e.propertyName ?? '')),
    );
    if (deals.length > 0) {
      const workflowIds = await deps.dispatch(
        deals.map((e) => ({
          crm: 'hubspot' as const,
          crmAccount: String(e.portalId),
          dealId: String(e.objectId),
          source: `hubspot:${e.subscriptionType}:${e.eventId}`,
        })),
      );
      deps.logger.info(
        { events: parsed.data.length, workflows: workflowIds.length },
        'hubspot webhook accepted',
      );
    }
    res.writeHead(200).end();
  });
}
