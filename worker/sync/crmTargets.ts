import type { ConnectionStore, Connection } from '../connections/connectionStore';
import type { CrmTarget, CrmTargetsFor } from './crmTarget';

/** Builds the adapter for one CRM connection; one factory per CRM vendor. */
export type CrmTargetFactory = (connection: Connection) => CrmTarget;

/**
 * Every active CRM connection is a target of every Xero organisation: the common install is one
 * Xero organisation with one CRM. (Pairing several organisations with several CRMs is a setting
 * still to come.) A CRM connected without an adapter for its vendor fails loudly.
 */
export function crmTargets(
  connections: ConnectionStore,
  factories: Partial<Record<'salesforce' | 'hubspot', CrmTargetFactory>>,
): CrmTargetsFor {
  // Adapters cache what they learn about their CRM (schema, stages); tokens are read per call.
  const adapters = new Map<string, CrmTarget>();
  return async () => {
    const all = await connections.list();
    return all
      .filter((c) => (c.vendor === 'salesforce' || c.vendor === 'hubspot') && c.status === 'active')
      .map((c) => {
        const cached = adapters.get(c.id);
        if (cached) return cached;
        const factory = factories[c.vendor as 'salesforce' | 'hubspot'];
        if (!factory) throw new Error(`no CRM adapter for ${c.vendor} (connection ${c.id})`);
        const adapter = factory(c);
        adapters.set(c.id, adapter);
        return adapter;
      });
  };
}
