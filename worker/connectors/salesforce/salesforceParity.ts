import type { Connection as JsforceConnection, QueryResult } from 'jsforce';
import { z } from 'zod';
import type { CrmAccountFacts, CrmDealFacts } from '../../../workflows/domain/parity/parityFacts';
import type { CrmParitySource } from '../../parity/crmParitySource';

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

  private async page(next: string | undefined, soql: string) {
    const result: QueryResult<Record<string, unknown>> = await this.deps.call((conn) =>
      next
        ? conn.queryMore<Record<string, unknown>>(next).then((r) => r)
        : conn.query<Record<string, unknown>>(soql).then((r) => r),
    );
    return { records: result.records, next: result.done ? undefined : result.nextRecordsUrl };
  }
}
