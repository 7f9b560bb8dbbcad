import type { Store } from '../store/store';
import type { AuditEntry, AuditLog } from '../audit/auditLog';

export interface StoreDescription {
  kind: string;
  migrationVersion: number;
}

export function createSystemActivities(deps: { store: Store; audit: AuditLog }) {
  const { db } = deps.store;
  const { audit } = deps;
  return {
    /** Inserts one audit row and returns its id. */
    async recordAudit(entry: AuditEntry): Promise<string> {
      return audit.record(entry);
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
