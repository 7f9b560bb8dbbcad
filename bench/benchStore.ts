import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestPostgres } from '../test/support/postgres';
import { openStore, type Store } from '../worker/store/store';

export interface BenchStore {
  store: Store;
  /** The PostgreSQL server's postmaster, whose process tree a bench measures; none for PGlite or DATABASE_URL. */
  postmasterPid: number | undefined;
  /** Closes the store, then stops the throwaway cluster if one was started. */
  close(): Promise<void>;
}

/**
 * A bench's store: PostgreSQL as in production (a throwaway cluster unless DATABASE_URL is given), or
 * with BENCH_STORE=pglite the embedded store, in `dir`, sharing the bench process's CPU and memory.
 */
export async function openBenchStore(dir: string): Promise<BenchStore> {
  const postgres =
    process.env.BENCH_STORE === 'pglite' || process.env.DATABASE_URL ? undefined : await startTestPostgres();
  const databaseUrl = process.env.DATABASE_URL ?? postgres?.url;
  const store = databaseUrl
    ? await openStore({ kind: 'postgres', url: databaseUrl })
    : await openStore({ kind: 'pglite', dataDir: path.join(dir, 'store') });
  return {
    store,
    postmasterPid: postgres
      ? Number(readFileSync(path.join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
      : undefined,
    close: async () => {
      await store.close();
      postgres?.stop();
    },
  };
}
