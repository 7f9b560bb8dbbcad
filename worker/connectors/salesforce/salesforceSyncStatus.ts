import type { Connection as JsforceConnection, UpsertResult } from 'jsforce';
import type { ConnectionHealth } from '../../sync/connectionHealth';
import type { CrmSyncStatusSink } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import { closedWonFlowState, FLOW_INACTIVE_MESSAGE } from './salesforceFlowState';

/** The sync status row that says whether the Closed Won flow is on. */
export const FLOW_STATUS_KEY = 'salesforce-closed-won-flow';

/**
 * Connection health onto the package's Ledgerbridge_Sync_Status__c records (upserted by
 * Status_Ref__c), which the Ledgerbridge app page's health component reads. One sObject
 * Collections call for all connections, with one more row for the org's Closed Won flow: when it is
 * inactive the org sees "flow inactive — only the poll finds won deals".
 */
export class SalesforceSyncStatus implements CrmSyncStatusSink {
  constructor(
    private readonly deps: {
      call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T>;
      namespace?: string;
    },
  ) {}

  async write(rows: ConnectionHealth[]): Promise<void> {
    if (rows.length === 0) return;
    const records = rows.slice(0, 200).map((r) => ({
      Status_Ref__c: r.key,
      Connection__c: r.connection,
      Status__c: r.status.slice(0, 40),
      Last_Success_At__c: r.lastSuccessAt?.toISOString() ?? null,
      Last_Failure_At__c: r.lastFailureAt?.toISOString() ?? null,
      Last_Error__c: r.lastError,
      Failures_24h__c: r.failures24h,
    }));
    const flow = await closedWonFlowState((fn) => this.deps.call(fn), this.deps.namespace);
    if (flow !== 'unknown')
      records.push({
        Status_Ref__c: FLOW_STATUS_KEY,
        Connection__c: 'Closed Won flow',
        Status__c: flow === 'active' ? 'active' : 'flow inactive',
        Last_Success_At__c: null,
        Last_Failure_At__c: null,
        Last_Error__c: flow === 'active' ? null : FLOW_INACTIVE_MESSAGE,
        Failures_24h__c: 0,
      });
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_upsert.htm
    const results = await this.deps.call<UpsertResult[]>((conn) =>
      conn.sobject('Ledgerbridge_Sync_Status__c').upsert(records, 'Status_Ref__c', { allOrNone: false }),
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
