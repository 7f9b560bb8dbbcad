import type { CrmVendor } from '../../workflows/domain/crmVendor';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { CrmDeal } from '../../workflows/domain/crmDeal';
import type { CrmWriteResult } from './crmTarget';

/**
 * One connected CRM as the source of the CRM-to-Xero flow: read a deal with its lines and account,
 * record the invoice made for it, or report why none was made. Salesforce and HubSpot each implement
 * it over their SDK (SalesforceDeals, HubspotDeals).
 */
export interface CrmDealSource {
  readonly vendor: CrmVendor;
  readonly connectionId: string;
  /** The deal as it is now, or undefined when it was deleted. */
  readDeal(dealId: string): Promise<CrmDeal | undefined>;
  /** The deal's values of these CRM fields (null when empty), for the mapping settings' routing rules. */
  readDealFields(dealId: string, fields: readonly string[]): Promise<Record<string, string | null>>;
  /** Xero's invoice ID, number, status and online link on the deal; clears any earlier problem. */
  recordInvoice(dealId: string, invoice: CanonicalInvoice): Promise<CrmWriteResult>;
  /**
   * Why the deal was not invoiced, on the deal, plus a task for its owner. A problem already shown
   * on the deal is not reported twice (no second task).
   */
  reportProblem(deal: CrmDeal, problem: string): Promise<{ taskId: string | undefined }>;
  /**
   * The count of the invoice's failed (deleted or reversed) payments on the deal, and when it has
   * just reached the threshold, a task for the account's owner.
   */
  recordPaymentFailures(
    dealId: string,
    failures: number,
    task: { subject: string; body: string } | undefined,
  ): Promise<void>;
  /**
   * Won deals without a Xero invoice modified after `since` (oldest first, up to `limit`): the
   * safety-net poll's query, for notices that never arrived.
   */
  wonDealsSince(since: Date, limit: number): Promise<Array<{ dealId: string; modifiedAt: Date }>>;
  /** Stores the Xero contact's ID on the deal's account (the link of the ID mapping). */
  linkAccount(accountId: string, xeroContactId: string): Promise<void>;
}

/** The CRM's source for a connection ID, if it is an active CRM connection. */
export type CrmDealSourceFor = (crmConnectionId: string) => Promise<CrmDealSource | undefined>;
