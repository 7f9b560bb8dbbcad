import type { CrmAccountFacts, CrmDealFacts } from '../../workflows/domain/parity/parityFacts';
import type { ParityFindingRow, ParityRunRow } from './parityStore';

/**
 * A CRM read for a parity check, page by page in the CRM's largest pages: the deals that carry a
 * Xero invoice link or are won, and the accounts that carry a Xero contact link. `next` is the
 * CRM's own continuation (a Salesforce nextRecordsUrl, a HubSpot `after`), opaque to callers.
 */
export interface CrmParitySource {
  dealsPage(next: string | undefined): Promise<{ deals: CrmDealFacts[]; next: string | undefined }>;
  accountsPage(next: string | undefined): Promise<{ accounts: CrmAccountFacts[]; next: string | undefined }>;
  /**
   * Shows a finished run and its findings in the CRM's own sync health view, where the CRM has
   * objects for it (Salesforce); findings of earlier runs that this one no longer has are resolved.
   */
  publish?(run: ParityRunRow, findings: ParityFindingRow[]): Promise<void>;
}
