import type { FastifyReply, FastifyRequest } from 'fastify';
import { settingsPermission } from '../hubspotApp/settingsPermission';
import {
  refuse,
  refuseVendorFailure,
  type HubspotExtensionRouteDeps,
  type VerifiedExtensionRequest,
} from './hubspotExtensionGuard';

/**
 * What a settings-changing request from HubSpot (saving the mapping settings, connecting or
 * disconnecting Xero) passes after the signature: the calling user may manage the app's settings.
 * Answers the refusal itself (403 with the sentence the page shows, audited) and returns false.
 */
export async function allowedToManageSettings(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: HubspotExtensionRouteDeps,
  verified: VerifiedExtensionRequest,
): Promise<boolean> {
  const { portalId, userId } = verified.caller;
  try {
    const permission = await settingsPermission(deps.app, verified.portal, verified.caller);
    if (permission.allowed) return true;
    await deps.app.audit.record({
      action: 'settings_change_refused',
      outcome: 'failed',
      actor: `hubspot-user:${portalId}:${userId ?? 'unknown'}`,
      subject: { crm: 'hubspot', crmConnectionId: verified.portal.id },
      detail: { reason: permission.error, method: req.method, path: req.routeOptions.url ?? req.url },
    });
    refuse(reply, 403, permission.error, permission.message);
    return false;
  } catch (err) {
    refuseVendorFailure(req, reply, err, deps);
    return false;
  }
}
