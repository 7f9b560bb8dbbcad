import type { Kysely } from 'kysely';
import type { AuditRow, Database } from '../store/schema';

export interface PendingSheetRow {
  audit: AuditRow;
  /** An append carrying this row was made and its answer never came: it may be in the sheet. */
  attempted: boolean;
}

/** The audit rows still bound for an installation's sheet, oldest first, and their progress. */
export class AuditSheetOutbox {
  constructor(private readonly db: Kysely<Database>) {}

  async pending(installationId: string, limit: number): Promise<PendingSheetRow[]> {
    const rows = await this.db
      .selectFrom('audit_sheet_outbox as o')
      .innerJoin('audit_log as a', 'a.id', 'o.audit_id')
      .selectAll('a')
      .select('o.attempted_at')
      .where('o.installation_id', '=', installationId)
      .where('o.sent_at', 'is', null)
      .orderBy('o.seq')
      .limit(limit)
      .execute();
    return rows.map(({ attempted_at, ...audit }) => ({ audit, attempted: attempted_at !== null }));
  }

  async countPending(installationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('audit_sheet_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('installation_id', '=', installationId)
      .where('sent_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  markAttempted(auditIds: string[], at: Date): Promise<unknown> {
    return this.update(auditIds, { attempted_at: at });
  }

  /** The append was refused or throttled: nothing of it was written. */
  clearAttempted(auditIds: string[]): Promise<unknown> {
    return this.update(auditIds, { attempted_at: null });
  }

  markSent(auditIds: string[], at: Date): Promise<unknown> {
    return this.update(auditIds, { sent_at: at });
  }

  private async update(
    auditIds: string[],
    set: { attempted_at?: Date | null; sent_at?: Date },
  ): Promise<unknown> {
    if (auditIds.length === 0) return;
    return this.db
      .updateTable('audit_sheet_outbox')
      .set(set)
      .where('audit_id', 'in', auditIds)
      .where('sent_at', 'is', null)
      .execute();
  }
}
