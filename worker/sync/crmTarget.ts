import type { CrmVendor } from '../../workflows/domain/crmVendor';
import type { XeroRecordPlan } from '../../workflows/xero/planXeroRecord';
import type { CanonicalContact, CanonicalInvoice } from '../../workflows/domain/canonical';
import type { DealFromInvoice } from '../../workflows/domain/invoiceToDeal';
import type { AccountPort, LinkOutcome } from './accountLinker';
import type { ConnectionHealth } from './connectionHealth';
import type { CrmDealSource } from './crmDeals';
import type { CrmParitySource } from '../parity/crmParitySource';
import type { LinkWrite } from './recordLinks';
import type { CrmPaymentsPort } from '../payments/crmPaymentsPort';
import type { CrmInvoiceFilesPort } from '../delivery/crmInvoiceFilesPort';

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
  readonly vendor: CrmVendor;
  readonly connectionId: string;
  /** The deal / opportunity for an invoice, linked to the contact's account (linked first if need be). */
  upsertDeal(plan: UpsertDealPlan, context: SyncContext): Promise<DealWrite>;
  upsertAccount(plan: UpsertAccountPlan, context: SyncContext): Promise<LinkOutcome>;
  /** The accounts a person's link decision writes (worker/sync/personLink.ts), ready to use. */
  personAccounts?(): Promise<AccountPort>;
  /** Bulk writes for the initial load, in the CRM's largest batches. */
  readonly backfill: CrmBackfill;
  /** The CRM as the source of won deals (the CRM-to-Xero flow). */
  readonly deals: CrmDealSource;
  /** The CRM's side of a parity check. */
  readonly parity: CrmParitySource;
  /** Mapping settings kept in the CRM itself (the Salesforce package), where the CRM keeps them. */
  readonly mappingSettings?: CrmSettingsSource;
  /** Where the CRM package shows each connection's health, where it has such a place. */
  readonly syncStatus?: CrmSyncStatusSink;
  /** Stripe payments, collections and subscriptions shown on deals and accounts (issue #22). */
  readonly processorPayments?: CrmPaymentsPort;
  /** Invoice PDFs and delivered e-mails filed on deals and accounts (issue #23). */
  readonly invoiceFiles?: CrmInvoiceFilesPort;
}

export interface CrmSyncStatusSink {
  write(rows: ConnectionHealth[]): Promise<void>;
}

/** A settings record as the CRM holds it: the admin's JSON, when and by whom it was last saved. */
export interface CrmSettingsRecord {
  recordId: string;
  settingsJson: string;
  modifiedAt: Date;
  modifiedBy: string;
  /** What the worker last answered on the record. */
  workerStatus: string | null;
}

export interface CrmSettingsSource {
  read(): Promise<CrmSettingsRecord | undefined>;
  /** Tells the admin what the worker did with the settings; returns the record as it is afterwards. */
  report(recordId: string, status: string): Promise<Pick<CrmSettingsRecord, 'modifiedAt' | 'settingsJson'>>;
}

export interface CrmBackfill {
  /** A page of contacts: linked by the match rules against the CRM's accounts, created or queued. */
  accounts(contacts: CanonicalContact[], owner: 'xero' | 'crm', context: SyncContext): Promise<BatchOutcome>;
  /** A page of qualifying invoices as deals, linked to their contacts' accounts where linked. */
  deals(
    items: Array<{ invoice: CanonicalInvoice; deal: DealFromInvoice }>,
    context: SyncContext,
  ): Promise<BatchOutcome>;
}

export interface BatchOutcome {
  written: number;
  queuedForReview: number;
  /** Per record the CRM refused, with its message; the rest of the batch still counts. */
  failed: Array<{ xeroId: string; error: string }>;
  /** The account links the batch stands at (for record_links), where the adapter reports them. */
  linked?: LinkWrite[];
}

export interface SyncContext {
  xeroTenantId: string;
  /** Set during a backfill: its workflow ID, under which adapters may cache what they read once. */
  backfillId?: string;
  /**
   * The CRM deal this invoice was made from (the CRM-to-Xero flow), if any: the adapter of that CRM
   * links that deal (so no second deal appears, even when Xero's webhook beats our write-back) and
   * updates only its Xero fields; the rep's name, stage and amount stay the rep's.
   */
  originDeal?: { crm: CrmVendor; crmConnectionId: string; dealId: string };
}

export interface DealWrite {
  deal: CrmWriteResult;
  /** The accounting record the CRM package shows (Salesforce Xero_Invoice__c), where there is one. */
  invoiceRecord: CrmWriteResult | undefined;
  account: LinkOutcome | undefined;
  /** The invoice's payment records the CRM package shows (Salesforce Xero_Payment__c), where written. */
  payments?: CrmWriteResult[];
}

/** The CRM adapters, by installation (worker/sync/crmTargets.ts). */
export interface CrmTargets {
  /** The CRMs a Xero organisation feeds: those of its installation (none for an unknown tenant). */
  forXeroTenant(xeroTenantId: string): Promise<CrmTarget[]>;
  /** One CRM connection's adapter; undefined when it is not a connected CRM. */
  forConnection(connectionId: string): Promise<CrmTarget | undefined>;
}
