import type { ColumnType, Generated } from 'kysely';
import type { JsonObject } from './schema';

/**
 * A Zoho connection's notification channel (migration 0037): its ID, a bigint as the driver returns
 * it (pg: a string; PGlite: a number or bigint; always below 2^53, read with String()), and the
 * callback token, sealed.
 */
export interface ZohoWatchChannelsTable {
  connection_id: string;
  installation_id: string;
  channel_id: ColumnType<string | number | bigint, string, string>;
  token_sealed: ColumnType<JsonObject, string, string>;
  expires_at: Date | null;
  renewed_at: Date | null;
  created_at: Generated<Date>;
}
