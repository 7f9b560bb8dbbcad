import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { AuditOutcome, Database, JsonObject } from '../store/schema';

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  /** Who or what acted: `worker`, `webhook:xero`, `schedule:xero-poll`, a user's id… */
  actor: string;
  workflowId?: string;
  runId?: string;
  /** The records touched, by system: `{ xeroInvoiceId, salesforceId, … }`. */
  subject?: JsonObject;
  /** Trigger and changed fields before/after; never a token. */
  detail?: JsonObject;
}

type AuditRow = Insertable<Database['audit_log']> & { id: string };

/**
 * The audit trail: one row per action Ledgerbridge takes, linked to the workflow that took it.
 * Rows recorded in the same tick, or while an insert is under way, go in together with the next
 * one (one statement for many concurrent activities); each caller still waits until its row is stored.
 */
export class AuditLog {
  private queue: Array<{ row: AuditRow; done(err?: unknown): void }> = [];
  private flushing = false;

  constructor(private readonly db: Kysely<Database>) {}

  record(entry: AuditEntry): Promise<string> {
    const row: AuditRow = {
      id: randomUUID(),
      action: entry.action,
      outcome: entry.outcome,
      actor: entry.actor,
      workflow_id: entry.workflowId ?? null,
      run_id: entry.runId ?? null,
      subject: JSON.stringify(entry.subject ?? {}),
      detail: JSON.stringify(entry.detail ?? {}),
    };
    const stored = new Promise<string>((resolve, reject) =>
      this.queue.push({ row, done: (err) => (err === undefined ? resolve(row.id) : reject(err)) }),
    );
    if (!this.flushing) {
      // Flushed a tick later, so rows recorded together (Promise.all) share one insert.
      this.flushing = true;
      queueMicrotask(() => void this.flush());
    }
    return stored;
  }

  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        try {
          await this.db
            .insertInto('audit_log')
            .values(group.map((g) => g.row))
            .execute();
          for (const g of group) g.done();
        } catch (err) {
          // One bad row must not fail its neighbours: store them one by one, so only it fails.
          if (group.length === 1) group[0]?.done(err);
          else
            for (const g of group)
              await this.db
                .insertInto('audit_log')
                .values(g.row)
                .execute()
                .then(
                  () => g.done(),
                  (e: unknown) => g.done(e),
                );
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}

const MAX_GROUP = 500;
