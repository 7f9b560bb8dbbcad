import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { RefreshService } from '../connections/refreshService';
import type { SecretBox } from '../connections/secretBox';
import { createZohoWatchActivities } from '../activities/zohoWatch';
import { zohoConnectionClient } from '../connectors/zoho/zohoConnectionClient';
import { ZohoWatchKeeper } from '../connectors/zoho/zohoWatchChannel';
import { ZohoWatchChannelStore } from '../connectors/zoho/zohoWatchChannelStore';
import { VendorError } from '../connectors/errors';
import type { SharedPacer } from '../pacing/sharedPacer';
import type { Database } from '../store/schema';

/**
 * Zoho's change notifications, composed once (worker/app.ts): the channels' sealed store, the
 * keeper the Schedule `zoho-watch:<connection>` runs (and a disconnect drops), its activity, and
 * what the notification route needs.
 */
export function zohoWatchServicesFrom(deps: {
  db: Kysely<Database>;
  box: SecretBox;
  connections: ConnectionStore;
  refresh: RefreshService;
  pacer: SharedPacer;
  audit: AuditLog;
  publicUrl: string;
}) {
  const channels = new ZohoWatchChannelStore(deps.db, deps.box);
  const keeper = new ZohoWatchKeeper({
    channels,
    connections: deps.connections,
    clientFor: async (connectionId) => {
      const connection = await deps.connections.get(connectionId);
      if (!connection) throw new VendorError('notFound', 'zoho', `no connection ${connectionId}`);
      return zohoConnectionClient({
        connection,
        connections: deps.connections,
        refresh: deps.refresh,
        pacer: deps.pacer,
      });
    },
    publicUrl: deps.publicUrl,
  });
  return {
    keeper,
    activities: createZohoWatchActivities({ zohoWatch: keeper }),
    route: { channels, audit: deps.audit },
  };
}
