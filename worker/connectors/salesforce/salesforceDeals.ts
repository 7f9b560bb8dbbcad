import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import { crmDealSchema, type CrmDeal } from '../../../workflows/domain/crmDeal';
import type { CrmDealSource } from '../../sync/crmDeals';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { carriesProblemKey, problemKey, withProblemKey } from '../../sync/crmTaskKeys';
import { VendorError } from '../errors';
import { soqlString } from './soql';

/** The package's Ledgerbridge_Sync_Problem__c (LongTextArea) and Task.Description lengths. */
const SYNC_PROBLEM_CHARS = 32_768;
const TASK_DESCRIPTION_CHARS = 32_000;

const opportunitySchema = z.object({
  Id: z.string(),
  Name: z.string().nullable(),
  IsWon: z.boolean(),
  Amount: z.number().nullable(),
  CurrencyIsoCode: z.string().nullish(),
  CloseDate: z.string().nullable(),
  SystemModstamp: z.string(),
  OwnerId: z.string().nullable(),
  Xero_Invoice_ID__c: z.string().nullable(),
  Xero_Invoice_Number__c: z.string().nullable(),
  Xero_Invoice_Status__c: z.string().nullable(),
  Xero_Online_Invoice_URL__c: z.string().nullable(),
  Discount_Approved__c: z.boolean().nullable(),
  Ledgerbridge_Sync_Problem__c: z.string().nullable(),
  AccountId: z.string().nullable(),
  Account: z.object({ Name: z.string().nullable(), Xero_Contact_ID__c: z.string().nullable() }).nullable(),
});
const lineSchema = z.object({
  Description: z.string().nullable(),
  Quantity: z.number(),
  UnitPrice: z.number().nullable(),
  Discount: z.number().nullable(),
  Tax_Code__c: z.string().nullable(),
  Product2: z.object({ ProductCode: z.string().nullable(), Name: z.string().nullable() }).nullable(),
});

/**
 * The Salesforce side of the CRM-to-Xero flow, through jsforce: the Opportunity with its
 * OpportunityLineItems and Account, the Xero fields written back, a Task for the owner on a problem.
 */
export class SalesforceDeals implements CrmDealSource {
  readonly vendor = 'salesforce' as const;

  constructor(
    private readonly deps: {
      connectionId: string;
      call: <T>(fn: (conn: JsforceConnection) => Promise<T>) => Promise<T>;
      isMultiCurrency: () => Promise<boolean>;
    },
  ) {}

  get connectionId(): string {
    return this.deps.connectionId;
  }

  async readDeal(dealId: string): Promise<CrmDeal | undefined> {
    const currency = (await this.deps.isMultiCurrency()) ? 'CurrencyIsoCode, ' : '';
    const [raw] = await this.query(
      `SELECT Id, Name, IsWon, Amount, ${currency}CloseDate, SystemModstamp, OwnerId, Xero_Invoice_ID__c, Xero_Invoice_Number__c, Xero_Invoice_Status__c, Xero_Online_Invoice_URL__c, Discount_Approved__c, Ledgerbridge_Sync_Problem__c, AccountId, Account.Name, Account.Xero_Contact_ID__c FROM Opportunity WHERE Id = ${soqlString(dealId)}`,
    );
    if (!raw) return undefined;
    const opp = opportunitySchema.parse(raw);
    const lines = (
      await this.query(
        `SELECT Description, Quantity, UnitPrice, Discount, Tax_Code__c, Product2.ProductCode, Product2.Name FROM OpportunityLineItem WHERE OpportunityId = ${soqlString(opp.Id)} ORDER BY CreatedDate`,
      )
    ).map((r) => lineSchema.parse(r));
    return crmDealSchema.parse({
      crm: 'salesforce',
      dealId: opp.Id,
      name: opp.Name ?? '',
      isWon: opp.IsWon,
      amount: opp.Amount,
      currency: opp.CurrencyIsoCode ?? null,
      closeDate: opp.CloseDate,
      version: opp.SystemModstamp,
      ownerId: opp.OwnerId,
      xeroInvoiceId: opp.Xero_Invoice_ID__c,
      discountApproved: opp.Discount_Approved__c === true,
      syncProblem: opp.Ledgerbridge_Sync_Problem__c,
      lines: lines.map((l) => ({
        description: l.Description ?? l.Product2?.Name ?? '',
        quantity: l.Quantity,
        unitPrice: l.UnitPrice ?? 0,
        ...(l.Discount ? { discountPercent: l.Discount } : {}),
        ...(l.Product2?.ProductCode ? { productCode: l.Product2.ProductCode } : {}),
        ...(l.Tax_Code__c ? { taxCode: l.Tax_Code__c } : {}),
      })),
      account:
        opp.AccountId && opp.Account
          ? {
              crmId: opp.AccountId,
              name: opp.Account.Name ?? '',
              xeroContactId: opp.Account.Xero_Contact_ID__c,
              email: null,
            }
          : null,
    });
  }

  async readDealFields(dealId: string, fields: readonly string[]): Promise<Record<string, string | null>> {
    // The names go into the SOQL text: Opportunity field API names only.
    const bad = fields.find((f) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(f));
    if (bad)
      throw new VendorError('validation', 'salesforce', `"${bad}" is not an Opportunity field API name`);
    const [raw] = await this.query(
      `SELECT ${['Id', ...fields].join(', ')} FROM Opportunity WHERE Id = ${soqlString(dealId)}`,
    );
    return Object.fromEntries(
      fields.map((f) => {
        const v = raw?.[f];
        return [f, v === null || v === undefined || v === '' ? null : String(v)];
      }),
    );
  }

  async recordInvoice(dealId: string, invoice: CanonicalInvoice): Promise<CrmWriteResult> {
    const wanted = {
      Xero_Invoice_ID__c: invoice.xeroInvoiceId,
      Xero_Invoice_Number__c: invoice.number,
      Xero_Invoice_Status__c: invoice.status,
      Xero_Online_Invoice_URL__c: invoice.onlineUrl ?? null,
      Ledgerbridge_Sync_Problem__c: null,
    };
    const [before] = await this.query(
      `SELECT ${Object.keys(wanted).join(', ')} FROM Opportunity WHERE Id = ${soqlString(dealId)}`,
    );
    const changes: CrmWriteResult['changes'] = {};
    for (const [name, after] of Object.entries(wanted))
      if ((before?.[name] ?? null) !== after) changes[name] = { before: before?.[name] ?? null, after };
    if (Object.keys(changes).length > 0)
      await this.deps.call((conn) => conn.sobject('Opportunity').update({ Id: dealId, ...wanted }));
    return { recordId: dealId, created: false, changes };
  }

  async reportProblem(deal: CrmDeal, problem: string): Promise<{ taskId: string | undefined }> {
    // Compared as stored: a text cut to the field's length must not look new on every run (each
    // write moves SystemModstamp, and the won-deal poll would pick the deal up again).
    const shown = problem.slice(0, SYNC_PROBLEM_CHARS);
    if (deal.syncProblem === shown) return { taskId: undefined };
    // The task first: should the field write fail, the retry finds the problem not shown yet, and
    // the task it made by its key.
    const taskId = await this.openTask(deal.dealId, problem, {
      subject: `Not invoiced in Xero: ${deal.name}`,
      body: problem,
      ownerId: deal.ownerId,
    });
    await this.deps.call((conn) =>
      conn.sobject('Opportunity').update({ Id: deal.dealId, Ledgerbridge_Sync_Problem__c: shown }),
    );
    return { taskId };
  }

  async recordPaymentFailures(
    dealId: string,
    failures: number,
    task: { subject: string; body: string } | undefined,
  ): Promise<void> {
    await this.deps.call((conn) =>
      conn.sobject('Opportunity').update({ Id: dealId, Payment_Retry_Count__c: failures }),
    );
    if (!task) return;
    const [owners] = await this.query(
      `SELECT OwnerId, Account.OwnerId FROM Opportunity WHERE Id = ${soqlString(dealId)}`,
    );
    const parsed = z
      .object({
        OwnerId: z.string().nullable(),
        Account: z.object({ OwnerId: z.string().nullable() }).nullable(),
      })
      .parse(owners);
    const ownerId = parsed.Account?.OwnerId ?? parsed.OwnerId;
    // The subject names the invoice and the count: one problem, one task, however often retried.
    await this.openTask(dealId, task.subject, { ...task, ownerId });
  }

  /**
   * The open Task on the record about this problem: the one made before (found by the problem key
   * in its description), else a new one.
   */
  private async openTask(
    whatId: string,
    problem: string,
    task: { subject: string; body: string; ownerId: string | null },
  ): Promise<string | undefined> {
    const key = problemKey(whatId, problem);
    const open = await this.query(
      `SELECT Id, Description FROM Task WHERE WhatId = ${soqlString(whatId)} AND IsClosed = false`,
    );
    const made = open
      .map((r) => z.object({ Id: z.string(), Description: z.string().nullable() }).parse(r))
      .find((t) => carriesProblemKey(t.Description, key));
    if (made) return made.Id;
    const created = await this.deps.call((conn) =>
      conn.sobject('Task').create({
        WhatId: whatId,
        Subject: task.subject.slice(0, 255),
        Description: withProblemKey(task.body, key, TASK_DESCRIPTION_CHARS),
        Priority: 'High',
        Status: 'Not Started',
        ...(task.ownerId ? { OwnerId: task.ownerId } : {}),
      }),
    );
    return 'id' in created && typeof created.id === 'string' ? created.id : undefined;
  }

  async wonDealsSince(since: Date, limit: number): Promise<Array<{ dealId: string; modifiedAt: Date }>> {
    // SOQL datetime literals are unquoted ISO-8601.
    const rows = await this.query(
      `SELECT Id, SystemModstamp FROM Opportunity WHERE IsWon = true AND Xero_Invoice_ID__c = null AND SystemModstamp > ${since.toISOString()} ORDER BY SystemModstamp LIMIT ${limit}`,
    );
    return rows.map((r) => {
      const row = z.object({ Id: z.string(), SystemModstamp: z.string() }).parse(r);
      return { dealId: row.Id, modifiedAt: new Date(row.SystemModstamp.replace(/\+0000$/, 'Z')) };
    });
  }

  async linkAccount(accountId: string, xeroContactId: string): Promise<void> {
    await this.deps.call((conn) =>
      conn.sobject('Account').update({ Id: accountId, Xero_Contact_ID__c: xeroContactId }),
    );
  }

  private query(soql: string): Promise<Array<Record<string, unknown>>> {
    return this.deps.call((conn) => conn.query<Record<string, unknown>>(soql).then((r) => r.records));
  }
}
