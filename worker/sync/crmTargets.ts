import { isCrmVendor, type CrmVendor } from '../../workflows/domain/crmVendor';
import type { ConnectionStore, Connection } from '../connections/connectionStore';
import type { CrmTarget, CrmTargets } from './crmTarget';

/** Builds the adapter for one CRM connection; one factory per CRM vendor. */
export type CrmTargetFactory = (connection: Connection) => CrmTarget;

function isCrm(connection: Connection): connection is Connection & { vendor: CrmVendor } {
  return isCrmVendor(connection.vendor);
}

/**
 * The CRM adapters, looked up by installation: a Xero organisation feeds the CRMs of its own
 * installation and no other, and a CRM connection's adapter is found by its ID. A CRM connected
 * without an adapter for its vendor fails loudly.
 */
export function crmTargets(
  connections: ConnectionStore,
  factories: Partial<Record<CrmVendor, CrmTargetFactory>>,
): CrmTargets {
  // Adapters cache what they learn about their CRM (schema, stages); tokens are read per call.
  const adapters = new Map<string, CrmTarget>();
  const adapterOf = (c: Connection & { vendor: CrmVendor }): CrmTarget => {
    const cached = adapters.get(c.id);
    if (cached) return cached;
    const factory = factories[c.vendor];
    if (!factory) throw new Error(`no CRM adapter for ${c.vendor} (connection ${c.id})`);
    const adapter = factory(c);
    adapters.set(c.id, adapter);
    return adapter;
  };
  // A CRM that needs re-authorisation stays a target: its writes fail with reauthRequired and the
  // workflow waits for the reconnect, rather than the change being dropped for that CRM.
  const connected = (c: Connection) => isCrm(c) && c.status !== 'disconnected';
  return {
    async forXeroTenant(xeroTenantId) {
      // One statement: the connections of the installation the organisation belongs to (none if unknown).
      const own = await connections.list({ installationOf: { vendor: 'xero', externalId: xeroTenantId } });
      return own.filter(connected).map((c) => adapterOf(c as Connection & { vendor: CrmVendor }));
    },
    async forConnection(connectionId) {
      const connection = await connections.get(connectionId);
      return connection && isCrm(connection) && connected(connection) ? adapterOf(connection) : undefined;
    },
  };
}
