import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { companyCardData } from '../hubspotApp/companyCard';
import { resyncAnswerSchema } from '../hubspotApp/contracts/cardData';
import { dealCardData } from '../hubspotApp/dealCard';
import {
  extensionRouteOptions,
  recordIdOf,
  refuse,
  refuseVendorFailure,
  verifyHubspotExtension,
  type HubspotExtensionRouteDeps,
} from './hubspotExtensionGuard';
import { searchParamsOf } from './requestParts';

type CompanyParams = { Params: { companyId: string } };

/** `?invoicesPage=2&paymentsPage=1`: which page of each list (Xero pages them; 1 = the newest). */
const pagesSchema = z.object({
  invoicesPage: z.coerce.number().int().min(1).max(1_000).default(1),
  paymentsPage: z.coerce.number().int().min(1).max(1_000).default(1),
});
type DealParams = { Params: { dealId: string } };

/**
 * The record cards' endpoints (`hubspot.fetch` from the company and deal cards). Each request is
 * verified as HubSpot's, for a connected portal; the record is read through that portal's own
 * connection, so an ID from another portal is not found and no other portal's data is returned.
 */
export function registerHubspotCardRoutes(server: FastifyInstance, deps: HubspotExtensionRouteDeps): void {
  const { app } = deps;

  server.get<CompanyParams>(
    '/hubspot/cards/companies/:companyId',
    extensionRouteOptions,
    async (req, reply) => {
      const verified = await verifyHubspotExtension(req, reply, deps);
      const companyId = verified && recordIdOf(reply, req.params, 'companyId');
      if (!verified || !companyId) return reply;
      const pages = pagesSchema.safeParse(Object.fromEntries(searchParamsOf(req)));
      if (!pages.success)
        return refuse(reply, 400, 'invalid_request', 'invoicesPage and paymentsPage are page numbers from 1');
      try {
        const company = await app.recordsOf(verified.portal.id).company(companyId);
        if (!company) return refuse(reply, 404, 'not_found', 'No such company in this HubSpot account.');
        const { invoicesPage, paymentsPage } = pages.data;
        return reply.code(200).send(
          await companyCardData(app, verified.portal, company, deps.logger, {
            invoices: invoicesPage,
            payments: paymentsPage,
          }),
        );
      } catch (err) {
        return refuseVendorFailure(req, reply, err, deps);
      }
    },
  );

  server.get<DealParams>('/hubspot/cards/deals/:dealId', extensionRouteOptions, async (req, reply) => {
    const verified = await verifyHubspotExtension(req, reply, deps);
    const dealId = verified && recordIdOf(reply, req.params, 'dealId');
    if (!verified || !dealId) return reply;
    try {
      const deal = await app.recordsOf(verified.portal.id).deal(dealId);
      if (!deal) return refuse(reply, 404, 'not_found', 'No such deal in this HubSpot account.');
      return reply.code(200).send(await dealCardData(app, verified.portal, deal));
    } catch (err) {
      return refuseVendorFailure(req, reply, err, deps);
    }
  });

  // The re-sync button: the same hand-over as a deal webhook, so the deal's one workflow runs again.
  server.post<DealParams>(
    '/hubspot/cards/deals/:dealId/resync',
    extensionRouteOptions,
    async (req, reply) => {
      const verified = await verifyHubspotExtension(req, reply, deps);
      const dealId = verified && recordIdOf(reply, req.params, 'dealId');
      if (!verified || !dealId) return reply;
      try {
        const deal = await app.recordsOf(verified.portal.id).deal(dealId);
        if (!deal) return refuse(reply, 404, 'not_found', 'No such deal in this HubSpot account.');
      } catch (err) {
        return refuseVendorFailure(req, reply, err, deps);
      }
      const { portalId, userId } = verified.caller;
      // An unreachable Temporal throws TemporalUnavailableError: the error handler answers 503.
      const [workflowId] = await app.dispatchDeal([
        {
          crm: 'hubspot',
          crmAccount: portalId,
          dealId,
          source: `hubspot:card-resync:${userId ?? 'unknown'}`,
        },
      ]);
      await app.audit.record({
        action: 'deal_resync_requested',
        outcome: 'succeeded',
        actor: `hubspot-user:${portalId}:${userId ?? 'unknown'}`,
        ...(workflowId ? { workflowId } : {}),
        subject: { crm: 'hubspot', crmConnectionId: verified.portal.id, crmDealId: dealId },
      });
      return reply
        .code(202)
        .send(resyncAnswerSchema.parse({ workflowId, requestedAt: new Date(app.now()).toISOString() }));
    },
  );
}
