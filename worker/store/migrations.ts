import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

export interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads `NNNN_name.sql` files in version order. */
export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return Promise.all(
    files.map(async (file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match?.[1] || !match[2]) {
        throw new MigrationError(`migration file "${file}" must be named NNNN_snake_name.sql`);
      }
      const text = await readFile(path.join(dir, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2],
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    }),
  );
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that several
 * workers starting together apply each migration once. A landed migration whose file changed
 * afterwards stops start-up: migrations are never edited once applied, only added.
 */
export async function migrate(db: Kysely<Database>, dir = MIGRATIONS_DIR): Promise<number[]> {
  const files = await readMigrations(dir);
  await db.transaction().execute(async (trx) => {
    await lockMigrations(trx);
    await sql`create table if not exists ledgerbridge_migrations (
      version integer primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`.execute(trx);
  });

  const applied: number[] = [];
  for (const file of files) {
    const didApply = await db.transaction().execute(async (trx) => {
      await lockMigrations(trx);
      const existing = await trx
        .selectFrom('ledgerbridge_migrations')
        .select(['checksum', 'name'])
        .where('version', '=', file.version)
        .executeTakeFirst();
      if (existing) {
        if (existing.checksum !== file.checksum) {
          throw new MigrationError(
            `migration ${file.version} (${file.name}) changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await sql.raw(file.sql).execute(trx);
      await trx
        .insertInto('ledgerbridge_migrations')
        .values({ version: file.version, name: file.name, checksum: file.checksum })
        .execute();
      return true;
    });
    if (didApply) applied.push(file.version);
  }
  return applied;
}

function lockMigrations(trx: Kysely<Database>): Promise<unknown> {
  return sql`select pg_advisory_xact_lock(hashtext('ledgerbridge_migrations'))`.execute(trx);
}
