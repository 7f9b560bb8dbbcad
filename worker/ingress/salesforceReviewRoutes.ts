import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ConnectionStore } from '../connections/connectionStore';
import {
  reviewDecidedSchema,
  reviewListSchema,
  salesforceReviewDecideRequestSchema,
  salesforceReviewListRequestSchema,
} from '../hubspotApp/contracts/contactReviews';
import type { InstallationStore } from '../installations/installationStore';
import type { Logger } from '../logger';
import type { ReviewDesk, ReviewScope } from '../reviews/reviewDesk';
import { parseJsonBody, rawBodyOf } from './rawBody';
import { verifySalesforceOrgCallout } from './salesforceOrgCallout';

export interface SalesforceReviewRouteDeps {
  connections: Pick<ConnectionStore, 'find'>;
  installations: Pick<InstallationStore, 'get'>;
  reviews: Pick<ReviewDesk, 'list' | 'decide'>;
  /** SALESFORCE_CALLOUT_SECRET: each org signs with its own secret derived from it. */
  deploymentSecret: string;
  logger: Logger;
  now?: () => number;
}

/**
 * The Ledgerbridge app page's contact reviews (LWC ledgerbridgeContactReviews through the package's
 * Apex LedgerbridgeContactReviews, which checks the custom permission Ledgerbridge_Review_Contacts
 * before a decide callout). Each request is signed with the calling org's own secret; the org is
 * resolved to its Salesforce connection, and only that connection's reviews are found.
 * - `POST /salesforce/reviews` `{ userId }`: the open reviews.
 * - `POST /salesforce/reviews/decide` `{ userId, reviewId, decision, crmId?, reason? }`.
 */
export function registerSalesforceReviewRoutes(app: FastifyInstance, deps: SalesforceReviewRouteDeps): void {
  const orgRoute = <T>(
    path: string,
    schema: z.ZodType<T>,
    handle: (scope: ReviewScope & { orgId: string }, body: T, reply: FastifyReply) => Promise<FastifyReply>,
  ) =>
    app.post(path, { config: { rateClass: 'webhook' } }, async (req, reply) => {
      const raw = rawBodyOf(req);
      const verdict = verifySalesforceOrgCallout({
        deploymentSecret: deps.deploymentSecret,
        req,
        rawBody: raw,
        now: (deps.now ?? Date.now)(),
      });
      if (!verdict.ok) {
        deps.logger.warn({ path, reason: verdict.reason }, 'salesforce app callout refused');
        return reply.code(401).send();
      }
      const parsed = parseJsonBody(raw, schema);
      if (!parsed.ok) return reply.code(400).send({ error: parsed.error, message: parsed.message });
      const salesforce = await deps.connections.find('salesforce', verdict.orgId);
      const installation = salesforce && (await deps.installations.get(salesforce.installationId));
      if (!salesforce || !installation || installation.status === 'uninstalled')
        return reply
          .code(404)
          .send({ error: 'not_found', message: 'This Salesforce org is not connected to Ledgerbridge.' });
      return handle(
        { installationId: installation.id, crmConnectionId: salesforce.id, orgId: verdict.orgId },
        parsed.value,
        reply,
      );
    });

  orgRoute('/salesforce/reviews', salesforceReviewListRequestSchema, async (scope, _body, reply) =>
    reply.code(200).send(reviewListSchema.parse(await deps.reviews.list(scope))),
  );

  orgRoute('/salesforce/reviews/decide', salesforceReviewDecideRequestSchema, async (scope, body, reply) => {
    const { userId, ...request } = body;
    const answer = await deps.reviews.decide(scope, request, `salesforce:${scope.orgId}:${userId}`);
    if (answer.status === 200) return reply.code(200).send(reviewDecidedSchema.parse(answer.body));
    return reply.code(answer.status).send(answer.body);
  });
}
