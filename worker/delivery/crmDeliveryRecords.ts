import { VendorError } from '../connectors/errors';
import type { CrmTarget, CrmTargets } from '../sync/crmTarget';
import type { CrmInvoiceFilesPort } from './crmInvoiceFilesPort';
import type { CrmDealRef } from '../payments/crmPaymentsPort';

/** What happened in one CRM: done (with the record), or skipped and why. */
export type CrmDeliveryOutcome =
  { vendor: string; dealId: string; result: string } | { vendor: string; skipped: string };

/**
 * Runs `write` on the invoice's deal in every CRM of the organisation. A CRM without the ports, an
 * invoice with no deal there (its rules made none), or a portal that declined the optional scope
 * (HubSpot `files`: a 403) is skipped and reported; any other failure throws, so the activity is
 * retried (every write here repeats harmlessly).
 */
export async function onInvoiceDeals(
  crmTargets: Pick<CrmTargets, 'forXeroTenant'>,
  ref: { xeroTenantId: string; xeroInvoiceId: string },
  write: (files: CrmInvoiceFilesPort, deal: CrmDealRef, target: CrmTarget) => Promise<string>,
): Promise<CrmDeliveryOutcome[]> {
  const outcomes: CrmDeliveryOutcome[] = [];
  for (const target of await crmTargets.forXeroTenant(ref.xeroTenantId)) {
    const files = target.invoiceFiles;
    const deals = target.processorPayments;
    if (!files || !deals) {
      outcomes.push({ vendor: target.vendor, skipped: 'no invoice filing in this CRM' });
      continue;
    }
    const deal = await deals.dealForXeroInvoice(ref.xeroInvoiceId);
    if (!deal) {
      outcomes.push({ vendor: target.vendor, skipped: 'no deal holds this invoice' });
      continue;
    }
    try {
      outcomes.push({ vendor: target.vendor, dealId: deal.dealId, result: await write(files, deal, target) });
    } catch (err) {
      if (!(err instanceof VendorError && err.kind === 'forbidden')) throw err;
      outcomes.push({ vendor: target.vendor, skipped: `not permitted: ${err.message}` });
    }
  }
  return outcomes;
}
