import type { Connection as JsforceConnection, UpsertResult } from 'jsforce';
import type { ConnectionHealth } from '../../sync/connectionHealth';
import type { CrmSyncStatusSink } from '../../sync/crmTarget';
import { VendorError } from '../errors';

/**
 * Connection health onto the package's Ledgerbridge_Sync_Status__c records (upserted by
 * Status_Key__c), which the Ledgerbridge app page's health component reads. One sObject
 * Collections call for all connections.
 */
export class SalesforceSyncStatus implements CrmSyncStatusSink {
  constructor(private readonly deps: { call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T> }) {}

  async write(rows: ConnectionHealth[]): Promise<void> {
    if (rows.length === 0) return;
    const records = rows.slice(0, 200).map((r) => ({
      Status_Key__c: r.key,
      Connection__c: r.connection,
      Status__c: r.status.slice(0, 40),
      Last_Success_At__c: r.lastSuccessAt?.toISOString() ?? null,
      Last_Failure_At__c: r.lastFailureAt?.toISOString() ?? null,
      Last_Error__c: r.lastError,
      Failures_24h__c: r.failures24h,
    }));
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
    const results = await this.deps.call<UpsertResult[]>((conn) =>
      conn.sobject('Ledgerbridge_Sync_Status__c').upsert(records, 'Status_Key__c', { allOrNone: false }),
    );
    const failed = results.filter((r) => !r.success);
    if (failed.length > 0)
      throw new VendorError(
        'validation',
        'salesforce',
        `upsert Ledgerbridge_Sync_Status__c failed: ${JSON.stringify(failed)}`,
      );
  }
}
