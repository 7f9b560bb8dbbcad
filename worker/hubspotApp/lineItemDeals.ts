import type { HubspotAppDeps } from './hubspotAppDeps';
import { activePortalConnection } from './portalAccess';

/**
 * The deals a portal's changed line items belong to, read with that portal's own connection. A
 * portal with no active connection has nothing of ours to re-invoice: none.
 */
export function lineItemDealsOf(
  app: Pick<HubspotAppDeps, 'connections' | 'recordsOf'>,
): (portalId: string, lineItemIds: string[]) => Promise<string[]> {
  return async (portalId, lineItemIds) => {
    const portal = await activePortalConnection(app.connections, portalId);
    if (!portal) return [];
    return app.recordsOf(portal.id).dealsOfLineItems(lineItemIds);
  };
}
