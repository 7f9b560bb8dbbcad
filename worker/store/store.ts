import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config';
import { migrate } from './migrations';
import { PGliteDialect } from './pgliteDialect';
import type { Database } from './schema';

export type StoreKind = 'pglite' | 'postgres';

/** The embedded PGlite store or a real PostgreSQL, behind one typed Kysely handle. */
export interface Store {
  kind: StoreKind;
  db: Kysely<Database>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** For tests: a PGlite data-dir snapshot to start from instead of running initdb. */
  pgliteSnapshot?: Blob;
}

export async function openStore(config: Config['store'], options: OpenStoreOptions = {}): Promise<Store> {
  const store =
    config.kind === 'pglite' ? await openPglite(config.dataDir, options) : openPostgres(config.url);
  if (options.migrate ?? true) {
    try {
      await migrate(store.db);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

async function openPglite(dataDir: string, options: OpenStoreOptions): Promise<Store> {
  let pglite: PGlite;
  if (dataDir === 'memory://') {
    pglite = await PGlite.create(options.pgliteSnapshot ? { loadDataDir: options.pgliteSnapshot } : {});
  } else {
    await mkdir(dataDir, { recursive: true });
    pglite = await PGlite.create(dataDir);
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: 'pglite',
    db,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the worker; the next query reports it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    close: () => db.destroy(),
  };
}
