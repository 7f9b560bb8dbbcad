import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Row types of the store, kept in step with migrations/*.sql (the SQL is the source of truth). */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface MigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: ColumnType<Date, never, never>;
}

export type AuditOutcome = 'succeeded' | 'failed' | 'skipped' | 'planned';

export interface AuditLogTable {
  id: Generated<string>;
  occurred_at: ColumnType<Date, Date | undefined, never>;
  action: string;
  outcome: AuditOutcome;
  actor: string;
  workflow_id: string | null;
  run_id: string | null;
  subject: ColumnType<JsonObject, string, string>;
  detail: ColumnType<JsonObject, string, string>;
}

export interface Database {
  ledgerbridge_migrations: MigrationsTable;
  audit_log: AuditLogTable;
}

export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;
