import { HubspotCrm } from '../../../../worker/connectors/hubspot/hubspotCrm';
import { syncActivityDeps } from '../../../support/syncDeps';
import { KEYRING, type ThreeSandboxes } from '../../../support/threeSandboxes';

/** The HubSpot adapter the sync activities build for the three sandboxes' portal. */
export async function hubspotCrmOf(env: ThreeSandboxes): Promise<HubspotCrm> {
  const deps = syncActivityDeps({
    store: env.store,
    keyring: KEYRING,
    urls: {
      xero: env.servers.xero.url,
      salesforce: env.servers.salesforce.url,
      hubspot: env.servers.hubspot.url,
    },
    dispatch: env.dispatch,
  });
  const portal = await env.connections.find('hubspot', '606060');
  const target = await deps.crmTargets.forConnection(portal!.id);
  if (!(target instanceof HubspotCrm)) throw new Error('the portal did not give the HubSpot adapter');
  return target;
}
