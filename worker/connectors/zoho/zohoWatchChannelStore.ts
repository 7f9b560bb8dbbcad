import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sealedSchema, type SecretBox } from '../../connections/secretBox';
import type { ConnectionStatus, Database, InstallationStatus } from '../../store/schema';

/** Bound to the connection: a token moved to another row does not open. */
const aadOf = (connectionId: string) => `zoho-watch:${connectionId}:token`;

/** What a Zoho connection's channel is: its ID (digits) and the token Zoho echoes in callbacks. */
export interface ZohoChannelIdentity {
  channelId: string;
  token: string;
}

/** What the notification route needs to know about the connection a callback names. */
export interface ZohoChannelOfConnection extends ZohoChannelIdentity {
  connectionId: string;
  installationId: string;
  /** The Zoho org ID: the connection's account, the deal workflows' `crmAccount`. */
  orgId: string;
  connectionStatus: ConnectionStatus;
  installationStatus: InstallationStatus;
}

/**
 * Each Zoho connection's notification channel, kept in `zoho_watch_channels` with the token sealed
 * at rest. The channel ID and token are made once per connection and kept across renewals and
 * re-enables, so callbacks of a channel Zoho still holds from before keep being recognised.
 */
export class ZohoWatchChannelStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  /** The connection's channel, made (ID and token) the first time; concurrent callers get the same one. */
  async ensure(connection: { id: string; installationId: string }): Promise<ZohoChannelIdentity> {
    const existing = await this.identity(connection.id);
    if (existing) return existing;
    // 15 digits from 1e14: a long to Zoho, and exact as a JavaScript number.
    const channelId = String(randomInt(100_000_000_000_000, 281_474_976_710_655));
    // 32 base64url characters (Zoho allows 50).
    const token = randomBytes(24).toString('base64url');
    await this.db
      .insertInto('zoho_watch_channels')
      .values({
        connection_id: connection.id,
        installation_id: connection.installationId,
        channel_id: channelId,
        token_sealed: JSON.stringify(this.box.seal(token, aadOf(connection.id))),
      })
      .onConflict((oc) => oc.column('connection_id').doNothing())
      .execute();
    const stored = await this.identity(connection.id);
    if (!stored) throw new Error(`the Zoho channel of connection ${connection.id} was not stored`);
    return stored;
  }

  /** The channel and its connection, for a callback to `/webhooks/zoho/<connection id>`. */
  async forCallback(connectionId: string): Promise<ZohoChannelOfConnection | undefined> {
    const row = await this.db
      .selectFrom('zoho_watch_channels as w')
      .innerJoin('connections as c', 'c.id', 'w.connection_id')
      .innerJoin('installations as i', 'i.id', 'c.installation_id')
      .select([
        'w.channel_id',
        'w.token_sealed',
        'c.external_id',
        'c.status as connectionStatus',
        'c.installation_id',
        'i.status as installationStatus',
      ])
      .where('w.connection_id', '=', connectionId)
      .where('c.vendor', '=', 'zoho')
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      connectionId,
      installationId: row.installation_id,
      orgId: row.external_id,
      connectionStatus: row.connectionStatus,
      installationStatus: row.installationStatus,
      channelId: String(row.channel_id),
      token: this.box.open(sealedSchema.parse(row.token_sealed), aadOf(connectionId)),
    };
  }

  /** The channel's ID and token, undefined when the connection has none. */
  async identity(connectionId: string): Promise<ZohoChannelIdentity | undefined> {
    const row = await this.db
      .selectFrom('zoho_watch_channels')
      .select(['channel_id', 'token_sealed'])
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      channelId: String(row.channel_id),
      token: this.box.open(sealedSchema.parse(row.token_sealed), aadOf(connectionId)),
    };
  }

  /** The expiry Zoho confirmed, when it did. */
  async confirmed(connectionId: string, expiresAt: Date, at: Date): Promise<void> {
    await this.db
      .updateTable('zoho_watch_channels')
      .set({ expires_at: expiresAt, renewed_at: at })
      .where('connection_id', '=', connectionId)
      .execute();
  }

  async expiryOf(connectionId: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('zoho_watch_channels')
      .select('expires_at')
      .where('connection_id', '=', connectionId)
      .executeTakeFirst();
    return row?.expires_at ?? undefined;
  }

  /** Forgets the channel (after Zoho was told to drop it): its callbacks are refused from here on. */
  async remove(connectionId: string): Promise<void> {
    await this.db.deleteFrom('zoho_watch_channels').where('connection_id', '=', connectionId).execute();
  }
}
