import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
import type { CrmSettingsRecord, CrmSettingsSource } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import { soqlString } from './soql';

/** The one Ledgerbridge_Settings__c record the app page edits (Settings_Ref__c). */
export const SETTINGS_KEY = 'default';

// Salesforce DateTimes come back as 2026-11-01T10:00:00.000+0000.
const sfDateTime = z
  .string()
  .transform((v) => new Date(v.replace(/\+0000$/, 'Z')))
  .refine((d) => !Number.isNaN(d.getTime()), 'must be a Salesforce dateTime');

const rawSettingsRecord = z.object({
  Id: z.string().min(15),
  Settings_JSON__c: z.string().nullable(),
  Worker_Status__c: z.string().nullable(),
  SystemModstamp: sfDateTime,
  LastModifiedById: z.string(),
  LastModifiedBy: z.object({ Username: z.string() }).nullable().optional(),
});

/**
 * The mapping settings admins keep in Salesforce (the Ledgerbridge app page), read by the worker's
 * poll and answered with what it did (Worker_Status__c), so the admin sees it on the same page.
 */
export class SalesforceMappingSettings implements CrmSettingsSource {
  constructor(private readonly deps: { call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T> }) {}

  /** The settings record, or undefined when no admin has saved settings in this org yet. */
  async read(): Promise<CrmSettingsRecord | undefined> {
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
    const rows = await this.deps.call<unknown[]>((conn) =>
      conn
        .query(
          `SELECT Id, Settings_JSON__c, Worker_Status__c, SystemModstamp, LastModifiedById, LastModifiedBy.Username FROM Ledgerbridge_Settings__c WHERE Settings_Ref__c = ${soqlString(SETTINGS_KEY)} LIMIT 1`,
        )
        .then((r) => r.records),
    );
    if (rows.length === 0) return undefined;
    const parsed = rawSettingsRecord.safeParse(rows[0]);
    if (!parsed.success)
      throw new VendorError(
        'validation',
        'salesforce',
        `Ledgerbridge_Settings__c: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    const record = parsed.data;
    return {
      recordId: record.Id,
      settingsJson: record.Settings_JSON__c ?? '',
      modifiedAt: record.SystemModstamp,
      modifiedBy: record.LastModifiedBy?.Username ?? record.LastModifiedById,
      workerStatus: record.Worker_Status__c,
    };
  }

  /** Writes the worker's answer on the record; returns the record as it is afterwards. */
  async report(
    recordId: string,
    status: string,
  ): Promise<Pick<CrmSettingsRecord, 'modifiedAt' | 'settingsJson'>> {
    await this.deps.call((conn) =>
      conn
        .sobject('Ledgerbridge_Settings__c')
        .update({ Id: recordId, Worker_Status__c: status.slice(0, 255) }),
    );
    const rows = await this.deps.call<unknown[]>((conn) =>
      conn
        .query(
          `SELECT Settings_JSON__c, SystemModstamp FROM Ledgerbridge_Settings__c WHERE Id = ${soqlString(recordId)}`,
        )
        .then((r) => r.records),
    );
    const after = z
      .object({ Settings_JSON__c: z.string().nullable(), SystemModstamp: sfDateTime })
      .parse(rows[0]);
    return { modifiedAt: after.SystemModstamp, settingsJson: after.Settings_JSON__c ?? '' };
  }
}
