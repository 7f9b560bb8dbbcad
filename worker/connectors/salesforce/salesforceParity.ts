import type { Connection as JsforceConnection, QueryResult } from 'jsforce';
import { z } from 'zod';
import type { CrmAccountFacts, CrmDealFacts } from '../../../workflows/domain/parity/parityFacts';
import type { CrmParitySource } from '../../parity/crmParitySource';
import { soqlString } from './soql';
import type { ParityFindingRow, ParityRunRow } from '../../parity/parityStore';

const opportunityRow = z.object({
  Id: z.string(),
  Name: z.string(),
  IsWon: z.boolean(),
  Amount: z.number().nullable(),
  CloseDate: z.string().nullable(),
  CurrencyIsoCode: z.string().nullable().optional(),
  AccountId: z.string().nullable(),
  Xero_Invoice_ID__c: z.string().nullable(),
  Xero_Invoice_Number__c: z.string().nullable(),
  Xero_Invoice_Status__c: z.string().nullable(),
  Xero_Amount_Due__c: z.number().nullable(),
  Xero_Amount_Paid__c: z.number().nullable(),
});
/** sObject Collections take at most 200 records per call. */
const COLLECTION_SIZE = 200;
const accountRow = z.object({ Id: z.string(), Name: z.string(), Xero_Contact_ID__c: z.string().nullable() });

/**
 * Parity reads from Salesforce: SOQL with queryMore, 2,000 records a call.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
 */
export class SalesforceParity implements CrmParitySource {
  constructor(
    private readonly deps: {
      call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T>;
      isMultiCurrency(): Promise<boolean>;
    },
  ) {}

  async dealsPage(next: string | undefined) {
    const currency = (await this.deps.isMultiCurrency()) ? 'CurrencyIsoCode, ' : '';
    const page = await this.page(
      next,
      `SELECT Id, Name, IsWon, Amount, CloseDate, ${currency}AccountId, Xero_Invoice_ID__c, Xero_Invoice_Number__c, Xero_Invoice_Status__c, Xero_Amount_Due__c, Xero_Amount_Paid__c FROM Opportunity WHERE Xero_Invoice_ID__c != null OR Xero_Invoice_Number__c != null OR IsWon = true`,
    );
    const deals = page.records.map((raw): CrmDealFacts => {
      const r = opportunityRow.parse(raw);
      return {
        id: r.Id,
        name: r.Name,
        isWon: r.IsWon,
        amount: r.Amount,
        amountDue: r.Xero_Amount_Due__c,
        amountPaid: r.Xero_Amount_Paid__c,
        ...(r.Xero_Invoice_ID__c ? { xeroInvoiceId: r.Xero_Invoice_ID__c } : {}),
        ...(r.Xero_Invoice_Number__c ? { invoiceNumber: r.Xero_Invoice_Number__c } : {}),
        ...(r.Xero_Invoice_Status__c ? { invoiceStatus: r.Xero_Invoice_Status__c } : {}),
        ...(r.CurrencyIsoCode ? { currency: r.CurrencyIsoCode } : {}),
        ...(r.CloseDate ? { closeDate: r.CloseDate } : {}),
        ...(r.AccountId ? { accountCrmId: r.AccountId } : {}),
      };
    });
    return { deals, next: page.next };
  }

  async accountsPage(next: string | undefined) {
    const page = await this.page(
      next,
      'SELECT Id, Name, Xero_Contact_ID__c FROM Account WHERE Xero_Contact_ID__c != null',
    );
    const accounts = page.records.map((raw): CrmAccountFacts => {
      const r = accountRow.parse(raw);
      return {
        id: r.Id,
        name: r.Name,
        ...(r.Xero_Contact_ID__c ? { xeroContactId: r.Xero_Contact_ID__c } : {}),
      };
    });
    return { accounts, next: page.next };
  }

  /**
   * The run (upserted by Run_Id__c) and its findings (by Finding_Ref__c, stable across runs, so a
   * disagreement seen again stays one record) into the package's objects, 200 a call; an open
   * finding of an earlier run that this run no longer has is marked resolved, never deleted.
   */
  async publish(run: ParityRunRow, findings: ParityFindingRow[]): Promise<void> {
    const text = (v: string | null, max: number) => (v === null ? null : v.slice(0, max));
    await this.deps.call((conn) =>
      conn.upsert(
        'Ledgerbridge_Parity_Run__c',
        [
          {
            Run_Id__c: run.run_id,
            Started_At__c: run.started_at.toISOString(),
            Finished_At__c: run.finished_at?.toISOString() ?? null,
            Pairs_Compared__c: run.pairs_compared,
            Findings__c: run.findings,
            Mode__c: run.mode,
          },
        ],
        'Run_Id__c',
      ),
    );
    const detectedAt = (run.finished_at ?? run.started_at).toISOString();
    for (let i = 0; i < findings.length; i += COLLECTION_SIZE) {
      const records = findings.slice(i, i + COLLECTION_SIZE).map((f) => ({
        Finding_Ref__c: f.finding_key.slice(0, 255),
        Run_Id__c: run.run_id,
        Kind__c: f.kind,
        Field__c: text(f.field, 80),
        Xero_Record_Id__c: text(f.xero_id, 80),
        Xero_Record_Label__c: text(f.xero_label, 255),
        Xero_Value__c: text(f.xero_value, 255),
        CRM_Record_Id__c: text(f.crm_id, 80),
        CRM_Value__c: text(f.crm_value, 255),
        Status__c: 'open',
        Detected_At__c: detectedAt,
        Resolved_At__c: null,
      }));
      await this.deps.call((conn) =>
        conn.upsert('Ledgerbridge_Parity_Finding__c', records, 'Finding_Ref__c'),
      );
    }
    const stale: string[] = [];
    let next: string | undefined;
    do {
      const page = await this.page(
        next,
        `SELECT Id FROM Ledgerbridge_Parity_Finding__c WHERE Status__c = 'open' AND Run_Id__c != ${soqlString(run.run_id)}`,
      );
      stale.push(...page.records.map((r) => z.object({ Id: z.string() }).parse(r).Id));
      next = page.next;
    } while (next);
    for (let i = 0; i < stale.length; i += COLLECTION_SIZE) {
      const updates = stale
        .slice(i, i + COLLECTION_SIZE)
        .map((Id) => ({ Id, Status__c: 'resolved', Resolved_At__c: detectedAt }));
      await this.deps.call((conn) => conn.update('Ledgerbridge_Parity_Finding__c', updates));
    }
  }

  private async page(next: string | undefined, soql: string) {
    const result: QueryResult<Record<string, unknown>> = await this.deps.call((conn) =>
      next
        ? conn.queryMore<Record<string, unknown>>(next).then((r) => r)
        : conn.query<Record<string, unknown>>(soql).then((r) => r),
    );
    return { records: result.records, next: result.done ? undefined : result.nextRecordsUrl };
  }
}
