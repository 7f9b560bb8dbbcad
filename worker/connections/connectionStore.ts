import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type {
  ConnectionRow,
  ConnectionStatus,
  ConnectionVendor,
  Database,
  JsonObject,
} from '../store/schema';
import { InstallationStore } from '../installations/installationStore';
import { takeRefreshLock } from './refreshLock';
import { sealedSchema, type SecretBox } from './secretBox';

/** What a vendor's token endpoint gave us. Secret: only ever held in memory or sealed. */
export const tokenSetSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  /** Epoch ms. */
  expiresAt: z.number().int().optional(),
  idToken: z.string().optional(),
});
export type TokenSet = z.infer<typeof tokenSetSchema>;

/** A connection as the rest of the worker sees it: no secrets. */
export interface Connection {
  id: string;
  /** The customer this account belongs to; nothing of it reaches another installation. */
  installationId: string;
  vendor: ConnectionVendor;
  externalId: string;
  displayName: string;
  status: ConnectionStatus;
  scopes: string[];
  settings: JsonObject;
  accessExpiresAt: Date | null;
  credentialsVersion: number;
  lastRefreshAt: Date | null;
  lastRefreshError: string | null;
  refreshFailures: number;
  updatedAt: Date;
}

export interface SaveConnectionInput {
  /**
   * The installation connecting the account (a connect ticket's). Absent (the operator's CLI, a
   * single-customer deployment): the account's installation when it is already connected, else the
   * default installation.
   */
  installationId?: string;
  vendor: ConnectionVendor;
  externalId: string;
  displayName: string;
  scopes: string[];
  settings?: JsonObject;
  tokens: TokenSet;
}

/** A save that would move an account connected to one installation into another. */
export class ConnectionOwnedElsewhereError extends Error {
  override name = 'ConnectionOwnedElsewhereError';
}

function toConnection(row: ConnectionRow): Connection {
  return {
    id: row.id,
    installationId: row.installation_id,
    vendor: row.vendor,
    externalId: row.external_id,
    displayName: row.display_name,
    status: row.status,
    scopes: row.scopes,
    settings: row.settings,
    accessExpiresAt: row.access_expires_at,
    credentialsVersion: row.credentials_version,
    lastRefreshAt: row.last_refresh_at,
    lastRefreshError: row.last_refresh_error,
    refreshFailures: row.refresh_failures,
    updatedAt: row.updated_at,
  };
}

/**
 * Connections and their sealed credentials. The additional authenticated data of every sealed token
 * set is `vendor:externalId`, so a credentials blob copied onto another connection will not open.
 */
export interface OpenedTokens {
  tokens: TokenSet;
  version: number;
  connection: Connection;
}

export class ConnectionStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    /** Recently opened tokens, per connection: every vendor call needs them, few need them fresh. */
    private readonly recent = new Map<string, { at: number; value: OpenedTokens }>(),
  ) {}

  /** The same store bound to a transaction (for reads and writes under a lock). */
  withDb(db: Kysely<Database>): ConnectionStore {
    return new ConnectionStore(db, this.box, this.recent);
  }

  /**
   * Connect or reconnect: a reconnect replaces the tokens and makes the connection active again. An
   * account connected to one installation is never taken over by another: that save is refused.
   */
  async save(input: SaveConnectionInput): Promise<Connection> {
    const credentials = this.seal(input.vendor, input.externalId, input.tokens);
    const installationId =
      input.installationId ??
      (await this.find(input.vendor, input.externalId))?.installationId ??
      (await new InstallationStore(this.db).defaultInstallation()).id;
    const row = await this.db
      .insertInto('connections')
      .values({
        installation_id: installationId,
        vendor: input.vendor,
        external_id: input.externalId,
        display_name: input.displayName,
        scopes: input.scopes,
        settings: JSON.stringify(input.settings ?? {}),
        credentials,
        access_expires_at: input.tokens.expiresAt ? new Date(input.tokens.expiresAt) : null,
      })
      .onConflict((oc) =>
        oc
          .columns(['vendor', 'external_id'])
          .doUpdateSet((eb) => ({
            display_name: eb.ref('excluded.display_name'),
            scopes: eb.ref('excluded.scopes'),
            settings: eb.ref('excluded.settings'),
            credentials: eb.ref('excluded.credentials'),
            access_expires_at: eb.ref('excluded.access_expires_at'),
            status: 'active',
            refresh_failures: 0,
            last_refresh_error: null,
            credentials_version: sql<number>`connections.credentials_version + 1`,
            updated_at: new Date(),
          }))
          .where('connections.installation_id', '=', installationId),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row)
      throw new ConnectionOwnedElsewhereError(
        `this ${input.vendor} account (${input.externalId}) is connected to another installation`,
      );
    this.recent.delete(row.id);
    return toConnection(row);
  }

  async get(id: string): Promise<Connection | undefined> {
    const row = await this.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConnection(row);
  }

  async find(vendor: ConnectionVendor, externalId: string): Promise<Connection | undefined> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('vendor', '=', vendor)
      .where('external_id', '=', externalId)
      .executeTakeFirst();
    return row && toConnection(row);
  }

  /** Every connection, or one installation's. */
  /** All connections, or one installation's: by its ID, or as the installation of one account. */
  async list(
    filter: {
      installationId?: string;
      installationOf?: { vendor: ConnectionVendor; externalId: string };
    } = {},
  ): Promise<Connection[]> {
    let query = this.db.selectFrom('connections').selectAll();
    if (filter.installationId) query = query.where('installation_id', '=', filter.installationId);
    const of = filter.installationOf;
    if (of)
      query = query.where('installation_id', '=', (eb) =>
        eb
          .selectFrom('connections as account')
          .select('account.installation_id')
          .where('account.vendor', '=', of.vendor)
          .where('account.external_id', '=', of.externalId),
      );
    const rows = await query.orderBy('vendor').orderBy('display_name').execute();
    return rows.map(toConnection);
  }

  /**
   * The connection's tokens, opened. `maxAgeMs` allows a copy read that recently by this store
   * (a token replaced meanwhile elsewhere is still valid until it expires, and a 401 re-reads).
   * The version is the one a compare-and-set write after a refresh expects.
   */
  async readTokens(id: string, options: { maxAgeMs?: number } = {}): Promise<OpenedTokens> {
    const cached = this.recent.get(id);
    if (cached && options.maxAgeMs && Date.now() - cached.at <= options.maxAgeMs) return cached.value;
    const value = await this.readTokensFromStore(id);
    this.recent.set(id, { at: Date.now(), value });
    return value;
  }

  private async readTokensFromStore(id: string): Promise<OpenedTokens> {
    const row = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const sealed = sealedSchema.parse(row.credentials);
    const tokens = tokenSetSchema.parse(
      JSON.parse(this.box.open(sealed, aadOf(row.vendor, row.external_id))),
    );
    return { tokens, version: row.credentials_version, connection: toConnection(row) };
  }

  /**
   * Writes refreshed tokens only if nobody else wrote since `expectedVersion`; returns false when
   * another writer won (the caller re-reads instead of using its own, now stale, tokens).
   */
  async replaceTokens(
    id: string,
    expectedVersion: number,
    tokens: TokenSet,
    at = new Date(),
  ): Promise<boolean> {
    this.recent.delete(id);
    const connection = await this.get(id);
    if (!connection) return false;
    const result = await this.db
      .updateTable('connections')
      .set({
        credentials: this.seal(connection.vendor, connection.externalId, tokens),
        access_expires_at: tokens.expiresAt ? new Date(tokens.expiresAt) : null,
        credentials_version: expectedVersion + 1,
        last_refresh_at: at,
        last_refresh_error: null,
        refresh_failures: 0,
        updated_at: at,
      })
      .where('id', '=', id)
      .where('credentials_version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Other connections sharing this one's grant (a Xero consent covering several organisations
   * yields one token set for all of them), identified by the grant's authEventId.
   */
  async siblings(connection: Connection): Promise<Connection[]> {
    const grant = connection.settings.authEventId;
    if (typeof grant !== 'string') return [];
    const rows = await this.db
      .selectFrom('connections')
      .selectAll()
      .where('vendor', '=', connection.vendor)
      .where('id', '!=', connection.id)
      .where(sql<string>`settings->>'authEventId'`, '=', grant)
      .execute();
    return rows.map(toConnection);
  }

  async recordRefreshFailure(id: string, error: string): Promise<void> {
    this.recent.delete(id);
    await this.db
      .updateTable('connections')
      .set((eb) => ({
        last_refresh_error: error,
        refresh_failures: eb('refresh_failures', '+', 1),
        updated_at: new Date(),
      }))
      .where('id', '=', id)
      .execute();
  }

  async setStatus(id: string, status: ConnectionStatus, reason?: string): Promise<void> {
    this.recent.delete(id);
    await this.db
      .updateTable('connections')
      .set({ status, ...(reason ? { last_refresh_error: reason } : {}), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Key rotation: re-seals every credential not sealed with the current key; returns how many. Each
   * one is re-sealed under the refresh lock and written only while its credentials version is still
   * the one read, so a token refreshed (or a connection reconnected) meanwhile is never overwritten by
   * the older token re-sealed: the newer one is read again and re-sealed instead.
   */
  async reencryptAll(): Promise<number> {
    const rows = await this.db.selectFrom('connections').select(['id', 'credentials']).execute();
    let count = 0;
    for (const row of rows) {
      if (!this.box.needsRotation(sealedSchema.parse(row.credentials))) continue;
      if (await this.reencrypt(row.id)) count++;
    }
    return count;
  }

  private async reencrypt(id: string, attempts = 3): Promise<boolean> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const outcome = await this.db.transaction().execute(async (trx) => {
        const connection = await this.withDb(trx).get(id);
        if (!connection) return 'gone';
        await takeRefreshLock(trx, connection);
        const row = await trx
          .selectFrom('connections')
          .select(['vendor', 'external_id', 'credentials', 'credentials_version'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        const sealed = sealedSchema.parse(row.credentials);
        if (!this.box.needsRotation(sealed)) return 'current';
        const aad = aadOf(row.vendor, row.external_id);
        const result = await trx
          .updateTable('connections')
          .set({ credentials: JSON.stringify(this.box.seal(this.box.open(sealed, aad), aad)) })
          .where('id', '=', id)
          .where('credentials_version', '=', row.credentials_version)
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1 ? 'resealed' : 'changed';
      });
      if (outcome !== 'changed') return outcome === 'resealed';
    }
    throw new Error(`the credentials of connection ${id} kept changing during re-encryption: run it again`);
  }

  private seal(vendor: ConnectionVendor, externalId: string, tokens: TokenSet): string {
    return JSON.stringify(
      this.box.seal(JSON.stringify(tokenSetSchema.parse(tokens)), aadOf(vendor, externalId)),
    );
  }
}

function aadOf(vendor: string, externalId: string): string {
  return `${vendor}:${externalId}`;
}
