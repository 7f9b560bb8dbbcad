import type { XeroRecordPlan } from '../../workflows/xero/planXeroRecord';
import type { LinkOutcome } from './accountLinker';

export type UpsertDealPlan = Extract<XeroRecordPlan, { kind: 'upsert_deal' }>;
export type UpsertAccountPlan = Extract<XeroRecordPlan, { kind: 'upsert_account' }>;

/** What one CRM write did: the record, whether it was new, and each field that changed. */
export interface CrmWriteResult {
  recordId: string;
  created: boolean;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/**
 * One connected CRM as a target of the Xero-to-CRM flow. Salesforce and HubSpot each implement it
 * over their SDK; every write is an upsert by the Xero ID, so repeating it changes nothing.
 */
export interface CrmTarget {
  readonly vendor: 'salesforce' | 'hubspot';
  readonly connectionId: string;
  /** The deal / opportunity for an invoice, linked to the contact's account (linked first if need be). */
  upsertDeal(plan: UpsertDealPlan, context: SyncContext): Promise<DealWrite>;
  upsertAccount(plan: UpsertAccountPlan, context: SyncContext): Promise<LinkOutcome>;
}

export interface SyncContext {
  xeroTenantId: string;
}

export interface DealWrite {
  deal: CrmWriteResult;
  /** The accounting record the CRM package shows (Salesforce Xero_Invoice__c), where there is one. */
  invoiceRecord: CrmWriteResult | undefined;
  account: LinkOutcome | undefined;
}

/** The CRM targets a Xero organisation feeds (today: every active CRM connection). */
export type CrmTargetsFor = (xeroTenantId: string) => Promise<CrmTarget[]>;
