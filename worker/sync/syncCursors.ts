import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** The incremental-pull cursors (see migration 0006). */
export class SyncCursors {
  constructor(private readonly db: Kysely<Database>) {}

  async get(source: string, account: string, kind: string): Promise<Date | undefined> {
    const row = await this.db
      .selectFrom('sync_cursors')
      .select('cursor')
      .where('source', '=', source)
      .where('account', '=', account)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row?.cursor;
  }

  /** Moves the cursor forward only: a slower, older pull never winds it back. */
  async advance(source: string, account: string, kind: string, to: Date): Promise<void> {
    await this.db
      .insertInto('sync_cursors')
      .values({ source, account, kind, cursor: to })
      .onConflict((oc) =>
        oc.columns(['source', 'account', 'kind']).doUpdateSet({
          cursor: sql`greatest(sync_cursors.cursor, excluded.cursor)`,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  }
}
