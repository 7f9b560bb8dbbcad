import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openStore, type Store, type StoreKind } from '../../worker/store/store';
import { testEnv } from './testEnv';

export const STORE_KINDS: StoreKind[] = ['pglite', 'postgres'];

/**
 * A fresh, migrated store of the given kind: PGlite loaded from the run's snapshot, or a new
 * database on the run's PostgreSQL server. Each call is isolated from every other.
 */
export async function createTestStore(kind: StoreKind, options: { migrate?: boolean } = {}): Promise<Store> {
  if (kind === 'pglite') {
    const migrated = options.migrate ?? true;
    const snapshot = migrated ? new Blob([readFileSync(testEnv('pgliteSnapshot'))]) : undefined;
    return openStore(
      { kind: 'pglite', dataDir: 'memory://' },
      { migrate: migrated, ...(snapshot ? { pgliteSnapshot: snapshot } : {}) },
    );
  }
  return openStore({ kind: 'postgres', url: await createTestDatabase() }, options);
}

/** Creates an empty database on the test server and returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = testEnv('postgresUrl');
  const name = `lb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
