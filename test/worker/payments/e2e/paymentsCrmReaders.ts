import type { Client as HubspotClient } from '@hubspot/api-client';
import type { Connection as JsforceConnection } from 'jsforce';

/** A deal as the CRM shows its Stripe payment and subscription (read back through the CRM's SDK). */
export interface DealView {
  id: string;
  paymentStatus: string | null;
  retryCount: number | null;
  refundedAmount: number | null;
  disputeStatus: string | null;
  stripeReference: string | null;
  arr: number | null;
  mrr: number | null;
  renewalDate: string | null;
}

/** What the tests read of one CRM, the same questions asked of HubSpot and Salesforce. */
export interface CrmReader {
  /** Xero invoice IDs the CRM holds a deal for. */
  dealInvoiceIds(): Promise<string[]>;
  deal(xeroInvoiceId: string): Promise<DealView | undefined>;
  /** The subscription ARR total on the account/company linked to the Xero contact. */
  accountArr(xeroContactId: string): Promise<number | null | undefined>;
  /** Subjects of the tasks on the deal. */
  dealTaskSubjects(dealId: string): Promise<string[]>;
}

const num = (v: unknown): number | null => (v === null || v === undefined || v === '' ? null : Number(v));
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** HubSpot answers a date property as midnight UTC, Salesforce as the day. */
const day = (v: unknown): string | null => str(v)?.slice(0, 10) ?? null;

const DEAL_PROPERTIES = [
  'xero_invoice_id',
  'ledgerbridge_payment_status',
  'ledgerbridge_payment_retry_count',
  'ledgerbridge_refunded_amount',
  'ledgerbridge_dispute_status',
  'stripe_reference',
  'ledgerbridge_subscription_arr',
  'ledgerbridge_subscription_mrr',
  'ledgerbridge_renewal_date',
];

export function hubspotReader(hs: HubspotClient): CrmReader {
  const searchOne = async (type: 'deals' | 'companies', property: string, value: string, props: string[]) => {
    const api = type === 'deals' ? hs.crm.deals.searchApi : hs.crm.companies.searchApi;
    const found = await api.doSearch({
      filterGroups: [{ filters: [{ propertyName: property, operator: 'EQ', value }] }],
      properties: props,
      limit: 1,
    } as Parameters<typeof api.doSearch>[0]);
    return found.results[0];
  };
  return {
    async dealInvoiceIds() {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await hs.crm.deals.basicApi.getPage(100, after, ['xero_invoice_id']);
        for (const d of page.results)
          if (d.properties.xero_invoice_id) ids.push(d.properties.xero_invoice_id);
        after = page.paging?.next?.after;
      } while (after);
      return ids;
    },
    async deal(xeroInvoiceId) {
      const d = await searchOne('deals', 'xero_invoice_id', xeroInvoiceId, DEAL_PROPERTIES);
      if (!d) return undefined;
      const p = d.properties;
      return {
        id: d.id,
        paymentStatus: str(p.ledgerbridge_payment_status),
        retryCount: num(p.ledgerbridge_payment_retry_count),
        refundedAmount: num(p.ledgerbridge_refunded_amount),
        disputeStatus: str(p.ledgerbridge_dispute_status),
        stripeReference: str(p.stripe_reference),
        arr: num(p.ledgerbridge_subscription_arr),
        mrr: num(p.ledgerbridge_subscription_mrr),
        renewalDate: day(p.ledgerbridge_renewal_date),
      };
    },
    async accountArr(xeroContactId) {
      const c = await searchOne('companies', 'xero_contact_id', xeroContactId, [
        'ledgerbridge_subscription_arr',
      ]);
      return c ? num(c.properties.ledgerbridge_subscription_arr) : undefined;
    },
    async dealTaskSubjects(dealId) {
      const deal = await hs.crm.deals.basicApi.getById(dealId, undefined, undefined, ['tasks']);
      const ids = (deal.associations?.tasks?.results ?? []).map((r) => r.id);
      const subjects: string[] = [];
      for (const id of ids) {
        const task = await hs.crm.objects.tasks.basicApi.getById(id, ['hs_task_subject']);
        subjects.push(task.properties.hs_task_subject ?? '');
      }
      return subjects;
    },
  };
}

interface OpportunityRow {
  Id: string;
  Payment_Status__c: string | null;
  Payment_Retry_Count__c: number | null;
  Refunded_Amount__c: number | null;
  Dispute_Status__c: string | null;
  Stripe_Reference__c: string | null;
  Subscription_ARR__c: number | null;
  Subscription_MRR__c: number | null;
  Renewal_Date__c: string | null;
}

const soql = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function salesforceReader(connect: () => Promise<JsforceConnection>): CrmReader {
  return {
    async dealInvoiceIds() {
      const sf = await connect();
      const rows = await sf.query<{ Xero_Invoice_ID__c: string }>(
        'SELECT Xero_Invoice_ID__c FROM Opportunity WHERE Xero_Invoice_ID__c != null',
      );
      return rows.records.map((r) => r.Xero_Invoice_ID__c);
    },
    async deal(xeroInvoiceId) {
      const sf = await connect();
      const rows = await sf.query<OpportunityRow>(
        'SELECT Id, Payment_Status__c, Payment_Retry_Count__c, Refunded_Amount__c, Dispute_Status__c, ' +
          'Stripe_Reference__c, Subscription_ARR__c, Subscription_MRR__c, Renewal_Date__c FROM Opportunity ' +
          `WHERE Xero_Invoice_ID__c = ${soql(xeroInvoiceId)} LIMIT 1`,
      );
      const o = rows.records[0];
      if (!o) return undefined;
      return {
        id: o.Id,
        paymentStatus: str(o.Payment_Status__c),
        retryCount: num(o.Payment_Retry_Count__c),
        refundedAmount: num(o.Refunded_Amount__c),
        disputeStatus: str(o.Dispute_Status__c),
        stripeReference: str(o.Stripe_Reference__c),
        arr: num(o.Subscription_ARR__c),
        mrr: num(o.Subscription_MRR__c),
        renewalDate: day(o.Renewal_Date__c),
      };
    },
    async accountArr(xeroContactId) {
      const sf = await connect();
      const rows = await sf.query<{ Subscription_ARR__c: number | null }>(
        `SELECT Subscription_ARR__c FROM Account WHERE Xero_Contact_ID__c = ${soql(xeroContactId)} LIMIT 1`,
      );
      const a = rows.records[0];
      return a ? num(a.Subscription_ARR__c) : undefined;
    },
    async dealTaskSubjects(dealId) {
      const sf = await connect();
      const rows = await sf.query<{ Subject: string | null }>(
        `SELECT Subject FROM Task WHERE WhatId = ${soql(dealId)}`,
      );
      return rows.records.map((r) => r.Subject ?? '');
    },
  };
}
