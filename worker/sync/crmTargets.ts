import type { ConnectionStore, Connection } from '../connections/connectionStore';
import type { CrmTarget, CrmTargetsFor } from './crmTarget';

/** Builds the adapter for one CRM connection; one factory per CRM vendor. */
export type CrmTargetFactory = (connection: Connection) => CrmTarget;

/**
 * Every connected CRM is a target of every Xero organisation: the common install is one
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
    return (
      all
        // A CRM that needs re-authorisation stays a target: its writes fail with reauthRequired and
        // the workflow waits for the reconnect, rather than the change being dropped for that CRM.
        .filter((c) => (c.vendor === 'salesforce' || c.vendor === 'hubspot') && c.status !== 'disconnected')
        .map((c) => {
          const cached = adapters.get(c.id);
          if (cached) return cached;
          const factory = factories[c.vendor as 'salesforce' | 'hubspot'];
          if (!factory) throw new Error(`no CRM adapter for ${c.vendor} (connection ${c.id})`);
          const adapter = factory(c);
          adapters.set(c.id, adapter);
          return adapter;
        })
    );
  };
}
