import type { Store } from '../store/store';
import type { AuditOutcome, JsonObject } from '../store/schema';

export interface AuditEntry {
  action: string;
  outcome: AuditOutcome;
  actor: string;
  workflowId?: string;
  runId?: string;
  subject?: JsonObject;
  detail?: JsonObject;
}

export interface StoreDescription {
  kind: string;
  migrationVersion: number;
}

export function createSystemActivities(deps: { store: Store }) {
  const { db } = deps.store;
  return {
    /** Inserts one audit row and returns its id. */
    async recordAudit(entry: AuditEntry): Promise<string> {
      const row = await db
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
    },

    async describeStore(): Promise<StoreDescription> {
      const row = await db
        .selectFrom('ledgerbridge_migrations')
        .select((eb) => eb.fn.max('version').as('version'))
        .executeTakeFirst();
      return { kind: deps.store.kind, migrationVersion: Number(row?.version ?? 0) };
    },
  };
}

export type SystemActivities = ReturnType<typeof createSystemActivities>;
