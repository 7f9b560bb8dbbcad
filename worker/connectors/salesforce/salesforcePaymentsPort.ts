import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
import type {
  AccountFigures,
  CrmAccountRef,
  CrmDealRef,
  CrmPaymentsPort,
  CrmTaskRequest,
  DealPaymentState,
  RenewalDealRequest,
  SubscriptionState,
} from '../../payments/crmPaymentsPort';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { carriesProblemKey, problemKey, withProblemKey } from '../../sync/crmTaskKeys';
import { VendorError } from '../errors';
import { diffFields } from './salesforceDiff';
import type { Fields } from './salesforceFields';
import { soqlString } from './soql';

/** Task.Description's length. */
const TASK_DESCRIPTION_CHARS = 32_000;
/** Account.Last_Order__c's length. */
const LAST_ORDER_CHARS = 255;

const idRow = z.object({ Id: z.string() }).loose();
const refRow = z.object({
  Id: z.string(),
  Name: z.string().nullable(),
  OwnerId: z.string().nullable(),
});

/**
 * Stripe payments shown in Salesforce (issue #22) through jsforce: the Opportunity's payment and
 * subscription fields, the Account's subscription totals and receivables, Tasks made once per key
 * and renewal Opportunities made once per Ledgerbridge_Renewal_Key__c. Every write reads the record
 * first and writes only the fields that differ, so a replay costs one query and no write.
 */
export class SalesforcePaymentsPort implements CrmPaymentsPort {
  constructor(
    private readonly deps: {
      call: <T>(fn: (conn: JsforceConnection) => Promise<T>) => Promise<T>;
      isMultiCurrency: () => Promise<boolean>;
    },
  ) {}

  async dealForXeroInvoice(xeroInvoiceId: string): Promise<CrmDealRef | undefined> {
    const [raw] = await this.query(
      `SELECT Id, Name, OwnerId, AccountId FROM Opportunity WHERE Xero_Invoice_ID__c = ${soqlString(xeroInvoiceId)} LIMIT 1`,
    );
    if (!raw) return undefined;
    const row = refRow.extend({ AccountId: z.string().nullable() }).parse(raw);
    return { dealId: row.Id, name: row.Name ?? '', accountId: row.AccountId, ownerId: row.OwnerId };
  }

  async accountForXeroContact(xeroContactId: string): Promise<CrmAccountRef | undefined> {
    const [raw] = await this.query(
      `SELECT Id, Name, OwnerId, Monthly_Billing__c FROM Account WHERE Xero_Contact_ID__c = ${soqlString(xeroContactId)} LIMIT 1`,
    );
    if (!raw) return undefined;
    const row = refRow.extend({ Monthly_Billing__c: z.boolean().nullable() }).parse(raw);
    return {
      accountId: row.Id,
      name: row.Name ?? '',
      ownerId: row.OwnerId,
      monthlyBilling: row.Monthly_Billing__c === true,
    };
  }

  writeDealPayment(dealId: string, state: DealPaymentState): Promise<CrmWriteResult> {
    const { dispute } = state;
    return this.writeDiff('Opportunity', dealId, {
      Payment_Status__c: state.status,
      Payment_Retry_Count__c: state.failedAttempts,
      Next_Payment_Attempt__c: state.nextAttemptAt,
      Last_Decline_Code__c: state.lastDeclineCode,
      Refunded_Amount__c: state.refundedAmount,
      Dispute_Status__c: dispute
        ? `${dispute.status}: ${dispute.reason} (${dispute.amount.toFixed(2)})`
        : null,
      Stripe_Reference__c: state.stripeReference,
    });
  }

  writeDealSubscription(dealId: string, state: SubscriptionState): Promise<CrmWriteResult> {
    return this.writeDiff('Opportunity', dealId, {
      Subscription_ARR__c: state.arr,
      Subscription_MRR__c: state.mrr,
      Renewal_Date__c: state.renewalDate,
      Subscription_Status__c: state.status,
      Stripe_Subscription_ID__c: state.stripeSubscriptionId,
    });
  }

  writeAccountFigures(accountId: string, figures: AccountFigures): Promise<CrmWriteResult> {
    const { subscriptions: subs, receivables: r, orders } = figures;
    return this.writeDiff('Account', accountId, {
      ...(subs ? { Subscription_ARR__c: subs.arr, Subscription_MRR__c: subs.mrr } : {}),
      ...(r
        ? {
            Receivables_As_Of__c: r.asOf,
            Days_Sales_Outstanding__c:
              r.daysSalesOutstanding === null ? null : Math.round(r.daysSalesOutstanding * 10) / 10,
            Receivables_Current__c: r.current,
            Receivables_1_30__c: r.days1to30,
            Receivables_31_60__c: r.days31to60,
            Receivables_61_90__c: r.days61to90,
            Receivables_Over_90__c: r.over90,
          }
        : {}),
      ...(orders
        ? {
            Orders_Awaiting_Billing__c: orders.awaitingCount,
            Orders_Awaiting_Amount__c: Math.round(orders.awaitingAmount * 100) / 100,
            // Salesforce keeps an empty text as null: compare like with like, or a replay writes again.
            Last_Order__c: orders.lastOrder.slice(0, LAST_ORDER_CHARS) || null,
          }
        : {}),
    });
  }

  async openTask(recordId: string, task: CrmTaskRequest): Promise<{ taskId: string; created: boolean }> {
    const key = problemKey(recordId, task.key);
    const open = await this.query(
      `SELECT Id, Description FROM Task WHERE WhatId = ${soqlString(recordId)} AND IsClosed = false`,
    );
    const made = open
      .map((r) => z.object({ Id: z.string(), Description: z.string().nullable() }).parse(r))
      .find((t) => carriesProblemKey(t.Description, key));
    if (made) return { taskId: made.Id, created: false };
    const ownerId = task.ownerId ?? (await this.ownerOf(recordId));
    const result = await this.deps.call((conn) =>
      conn.sobject('Task').create({
        WhatId: recordId,
        Subject: task.subject.slice(0, 255),
        Description: withProblemKey(task.body, key, TASK_DESCRIPTION_CHARS),
        ActivityDate: task.dueDate,
        Priority: task.priority === 'high' ? 'High' : 'Normal',
        Status: 'Not Started',
        ...(ownerId ? { OwnerId: ownerId } : {}),
      }),
    );
    if (!result.success || typeof result.id !== 'string')
      throw new VendorError('validation', 'salesforce', `create Task failed: ${JSON.stringify(result)}`);
    return { taskId: result.id, created: true };
  }

  /**
   * Made once: when the key's Opportunity exists it is returned untouched (from then on the rep's:
   * stage, amount and date are theirs). The upsert by the unique key keeps two racing calls to one.
   */
  async ensureRenewalDeal(request: RenewalDealRequest): Promise<CrmWriteResult> {
    const [existing] = await this.query(
      `SELECT Id FROM Opportunity WHERE Ledgerbridge_Renewal_Key__c = ${soqlString(request.renewalKey)} LIMIT 1`,
    );
    if (existing) return { recordId: idRow.parse(existing).Id, created: false, changes: {} };
    const fields: Fields = {
      Name: request.name.slice(0, 120),
      StageName: await this.firstStage(),
      CloseDate: request.closeDate,
      Amount: request.amount,
      ...(request.accountId ? { AccountId: request.accountId } : {}),
      ...(request.ownerId ? { OwnerId: request.ownerId } : {}),
      ...((await this.deps.isMultiCurrency()) ? { CurrencyIsoCode: request.currency } : {}),
    };
    const result = await this.deps.call((conn) =>
      conn
        .sobject('Opportunity')
        .upsert(
          { ...fields, Ledgerbridge_Renewal_Key__c: request.renewalKey },
          'Ledgerbridge_Renewal_Key__c',
        ),
    );
    if (!result.success || typeof result.id !== 'string')
      throw new VendorError('validation', 'salesforce', `upsert renewal failed: ${JSON.stringify(result)}`);
    const changes = diffFields(undefined, { ...fields, Ledgerbridge_Renewal_Key__c: request.renewalKey });
    return { recordId: result.id, created: true, changes };
  }

  /** The org's default stage, else its first active one (a new renewal is at the pipeline's start). */
  private async firstStage(): Promise<string> {
    const describe = await this.deps.call((conn) => conn.sobject('Opportunity').describe());
    const values = describe.fields.find((f) => f.name === 'StageName')?.picklistValues ?? [];
    const active = values.filter((v) => v.active);
    const stage = (active.find((v) => v.defaultValue) ?? active[0])?.value;
    if (!stage) throw new VendorError('validation', 'salesforce', 'the org has no active opportunity stage');
    return stage;
  }

  /** The owner of the Account or Opportunity a task goes on (a Task without OwnerId goes to us). */
  private async ownerOf(recordId: string): Promise<string | null> {
    const sobject = recordId.startsWith('006')
      ? 'Opportunity'
      : recordId.startsWith('001')
        ? 'Account'
        : null;
    if (!sobject) return null;
    const [raw] = await this.query(`SELECT OwnerId FROM ${sobject} WHERE Id = ${soqlString(recordId)}`);
    return raw ? z.object({ OwnerId: z.string().nullable() }).parse(raw).OwnerId : null;
  }

  private async writeDiff(sobject: string, id: string, fields: Fields): Promise<CrmWriteResult> {
    if (Object.keys(fields).length === 0) return { recordId: id, created: false, changes: {} };
    const [existing] = await this.query(
      `SELECT Id, ${Object.keys(fields).join(', ')} FROM ${sobject} WHERE Id = ${soqlString(id)}`,
    );
    if (!existing) throw new VendorError('notFound', 'salesforce', `${sobject} ${id} not found`);
    const changes = diffFields(existing, fields);
    if (Object.keys(changes).length > 0) {
      const result = await this.deps.call((conn) => conn.sobject(sobject).update({ Id: id, ...fields }));
      if (!result.success)
        throw new VendorError(
          'validation',
          'salesforce',
          `update ${sobject} failed: ${JSON.stringify(result)}`,
        );
    }
    return { recordId: id, created: false, changes };
  }

  private query(soql: string): Promise<Array<Record<string, unknown>>> {
    return this.deps.call((conn) => conn.query<Record<string, unknown>>(soql).then((r) => r.records));
  }
}
