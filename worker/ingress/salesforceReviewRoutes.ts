import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import {
  reviewDecidedSchema,
  reviewListSchema,
  salesforceReviewDecideRequestSchema,
  salesforceReviewListRequestSchema,
} from '../hubspotApp/contracts/contactReviews';
import type { ReviewDesk, ReviewScope } from '../reviews/reviewDesk';
import { salesforceOrgRoute, type SalesforceOrgRouteDeps } from './salesforceOrgRoute';

export interface SalesforceReviewRouteDeps extends SalesforceOrgRouteDeps {
  reviews: Pick<ReviewDesk, 'list' | 'decide'>;
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
    salesforceOrgRoute(app, deps, path, schema, (caller, body, reply) =>
      handle(
        {
          installationId: caller.installation.id,
          crmConnectionId: caller.salesforce.id,
          orgId: caller.orgId,
        },
        body,
        reply,
      ),
    );

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
