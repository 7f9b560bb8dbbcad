import type { FastifyInstance } from 'fastify';
import {
  reviewDecideRequestSchema,
  reviewDecidedSchema,
  reviewListSchema,
} from '../hubspotApp/contracts/contactReviews';
import type { ReviewDesk } from '../reviews/reviewDesk';
import { parseJsonBody } from './rawBody';
import {
  extensionRouteOptions,
  refuse,
  verifyHubspotExtension,
  type HubspotExtensionRouteDeps,
} from './hubspotExtensionGuard';
import { allowedToManageSettings } from './settingsManagerGuard';

export interface HubspotReviewRouteDeps extends HubspotExtensionRouteDeps {
  reviews: Pick<ReviewDesk, 'list' | 'decide'>;
}

/**
 * The HubSpot settings page's "Contact reviews" tab (`hubspot.fetch`, signed by HubSpot): the open
 * reviews of the calling portal's CRM connection, and a decision on one. Anyone with the app may
 * look; deciding needs a user who may manage the app's settings (403 otherwise). A review of another
 * portal or installation is not found (404).
 */
export function registerHubspotReviewRoutes(server: FastifyInstance, deps: HubspotReviewRouteDeps): void {
  server.get('/hubspot/reviews', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    const list = await deps.reviews.list({
      installationId: verified.portal.installationId,
      crmConnectionId: verified.portal.id,
    });
    return reply.code(200).header('cache-control', 'no-store').send(reviewListSchema.parse(list));
  });

  server.post('/hubspot/reviews/decide', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    if (!verified) return reply;
    const request = parseJsonBody(verified.body, reviewDecideRequestSchema);
    if (!request.ok) return refuse(reply, 400, 'invalid_request', request.message);
    if (!(await allowedToManageSettings(req, reply, deps, verified))) return reply;
    const { portalId, userId } = verified.caller;
    const answer = await deps.reviews.decide(
      { installationId: verified.portal.installationId, crmConnectionId: verified.portal.id },
      request.value,
      `hubspot-user:${portalId}:${userId ?? 'unknown'}`,
    );
    if (answer.status === 200) return reply.code(200).send(reviewDecidedSchema.parse(answer.body));
    return reply.code(answer.status).send(answer.body);
  });
}
