import { companyCardData } from '../hubspotApp/companyCard';
import { resyncAnswerSchema } from '../hubspotApp/contracts/cardData';
import { dealCardData } from '../hubspotApp/dealCard';
import {
  recordIdOf,
  refuse,
  refuseVendorFailure,
  verifyHubspotExtension,
  type HubspotExtensionRouteDeps,
} from './hubspotExtensionGuard';
import { sendJson, type Router } from './router';

/**
 * The record cards' endpoints (`hubspot.fetch` from the company and deal cards). Each request is
 * verified as HubSpot's, for a connected portal; the record is read through that portal's own
 * connection, so an ID from another portal is not found and no other portal's data is returned.
 */
export function registerHubspotCardRoutes(router: Router, deps: HubspotExtensionRouteDeps): void {
  const { app } = deps;

  router.on('GET', '/hubspot/cards/companies/:companyId', async (ctx) => {
    const verified = await verifyHubspotExtension(ctx, deps);
    const companyId = verified && recordIdOf(ctx, 'companyId');
    if (!verified || !companyId) return;
    try {
      const company = await app.recordsOf(verified.portal.id).company(companyId);
      if (!company) return refuse(ctx, 404, 'not_found', 'No such company in this HubSpot account.');
      sendJson(ctx.res, 200, await companyCardData(app, verified.portal, company, deps.logger));
    } catch (err) {
      refuseVendorFailure(ctx, err, deps);
    }
  });

  router.on('GET', '/hubspot/cards/deals/:dealId', async (ctx) => {
    const verified = await verifyHubspotExtension(ctx, deps);
    const dealId = verified && recordIdOf(ctx, 'dealId');
    if (!verified || !dealId) return;
    try {
      const deal = await app.recordsOf(verified.portal.id).deal(dealId);
      if (!deal) return refuse(ctx, 404, 'not_found', 'No such deal in this HubSpot account.');
      sendJson(ctx.res, 200, await dealCardData(app, verified.portal, deal));
    } catch (err) {
      refuseVendorFailure(ctx, err, deps);
    }
  });

  // The re-sync button: the same hand-over as a deal webhook, so the deal's one workflow runs again.
  router.on('POST', '/hubspot/cards/deals/:dealId/resync', async (ctx) => {
    const verified = await verifyHubspotExtension(ctx, deps);
    const dealId = verified && recordIdOf(ctx, 'dealId');
    if (!verified || !dealId) return;
    try {
      const deal = await app.recordsOf(verified.portal.id).deal(dealId);
      if (!deal) return refuse(ctx, 404, 'not_found', 'No such deal in this HubSpot account.');
    } catch (err) {
      return refuseVendorFailure(ctx, err, deps);
    }
    const { portalId, userId } = verified.caller;
    const [workflowId] = await app.dispatchDeal([
      { crm: 'hubspot', crmAccount: portalId, dealId, source: `hubspot:card-resync:${userId ?? 'unknown'}` },
    ]);
    await app.audit.record({
      action: 'deal_resync_requested',
      outcome: 'succeeded',
      actor: `hubspot-user:${portalId}:${userId ?? 'unknown'}`,
      ...(workflowId ? { workflowId } : {}),
      subject: { crm: 'hubspot', crmConnectionId: verified.portal.id, crmDealId: dealId },
    });
    sendJson(
      ctx.res,
      202,
      resyncAnswerSchema.parse({ workflowId, requestedAt: new Date(app.now()).toISOString() }),
    );
  });
}
