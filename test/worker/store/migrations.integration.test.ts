import { mkdtemp, rm, writeFile, readdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { MIGRATIONS_DIR, migrate, MigrationError, readMigrations } from '../../../worker/store/migrations';
import type { Store } from '../../../worker/store/store';
import { createTestStore, STORE_KINDS } from '../../support/stores';

describe.each(STORE_KINDS)('migrations on %s', (kind) => {
  let store: Store;
  let dir: string;

  beforeEach(async () => {
    store = await createTestStore(kind, { migrate: false });
    dir = await mkdtemp(path.join(tmpdir(), 'lb-migrations-'));
    for (const file of await readdir(MIGRATIONS_DIR))
      await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every migration once, then nothing', async () => {
    const versions = (await readMigrations()).map((m) => m.version);
    expect(await migrate(store.db, dir)).toEqual(versions);
    expect(await migrate(store.db, dir)).toEqual([]);
    const rows = await store.db
      .selectFrom('ledgerbridge_migrations')
      .select('version')
      .orderBy('version')
      .execute();
    expect(rows.map((r) => r.version)).toEqual(versions);
  });

  it('creates a working audit log', async () => {
    await migrate(store.db, dir);
    const inserted = await store.db
      .insertInto('audit_log')
      .values({
        action: 'test',
        outcome: 'succeeded',
        actor: 'jest',
        workflow_id: null,
        run_id: null,
        subject: JSON.stringify({ invoice: 'INV-1' }),
        detail: '{}',
      })
      .returning(['id', 'subject', 'occurred_at'])
      .executeTakeFirstOrThrow();
    expect(inserted.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(inserted.subject).toEqual({ invoice: 'INV-1' });
    expect(inserted.occurred_at).toBeInstanceOf(Date);
  });

  it('applies a new migration added later', async () => {
    await migrate(store.db, dir);
    await writeFile(path.join(dir, '9999_later_table.sql'), 'create table later_table (id int primary key);');
    expect(await migrate(store.db, dir)).toEqual([9999]);
    await sql`insert into later_table values (1)`.execute(store.db);
  });

  it('refuses to start when a landed migration was edited', async () => {
    await migrate(store.db, dir);
    const [first] = await readMigrations(dir);
    await writeFile(
      path.join(dir, `${String(first?.version).padStart(4, '0')}_${first?.name}.sql`),
      `${first?.sql}\n-- edited`,
    );
    await expect(migrate(store.db, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(store.db, dir)).rejects.toThrow(/changed after it was applied/);
  });

  it('rolls back a failing migration whole', async () => {
    await migrate(store.db, dir);
    await writeFile(
      path.join(dir, '9998_broken.sql'),
      'create table half_made (id int); select * from no_such_table;',
    );
    await expect(migrate(store.db, dir)).rejects.toThrow(/no_such_table/);
    const half = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name = 'half_made'`.execute(
      store.db,
    );
    expect(half.rows[0]?.n).toBe(0);
    const recorded = await store.db
      .selectFrom('ledgerbridge_migrations')
      .select('version')
      .where('version', '=', 9998)
      .execute();
    expect(recorded).toEqual([]);
  });

  it('serialises concurrent migrators', async () => {
    const results = await Promise.all([
      migrate(store.db, dir),
      migrate(store.db, dir),
      migrate(store.db, dir),
    ]);
    expect(results.flat().sort((a, b) => a - b)).toEqual((await readMigrations(dir)).map((m) => m.version));
  });
});
