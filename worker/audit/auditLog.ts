import type { Kysely } from 'kysely';
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

/** The audit trail: one row per action Ledgerbridge takes, linked to the workflow that took it. */
export class AuditLog {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntry): Promise<string> {
    const row = await this.db
      .insertInto('audit_log')
      .values({
        action: entry.action,
        outcome: entry.outcome,
        actor: entry.actor,
        workflow_id: entry.workflowId ?? null,
        run_id: entry.runId ?? null,
        subject: JSON.stringify(entry.subject ?? {}),
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
