import { createStuckRecordActivities, type StuckRecordDeps } from '../alerts/stuckRecords';
import { linkedCrmRecords, type LinkedCrmRecord } from './linkedCrmRecords';

/**
 * The activities behind operations: stuck records (audit, CRM problem, alert) and the lookups that
 * keep search attributes current. Registered next to the sync activities by every worker (app.ts,
 * test/support/temporal.ts).
 */
export function createOperationsActivities(deps: StuckRecordDeps) {
  return {
    ...createStuckRecordActivities(deps),
    async linkedCrmRecords(input: { xeroInvoiceId: string }): Promise<LinkedCrmRecord[]> {
      return linkedCrmRecords(deps.db, input.xeroInvoiceId);
    },
  };
}

export type OperationsActivities = ReturnType<typeof createOperationsActivities>;
