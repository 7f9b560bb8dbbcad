import { proxyActivities } from '@temporalio/workflow';
import type { ReceivablesActivities } from '../../worker/payments/collections/receivablesActivities';
import type { AgedReceivables } from '../domain/stripe/receivables';
import { scheduledPull } from '../activityOptions';

const { computeReceivables, startOverdueCollections } = proxyActivities<ReceivablesActivities>(scheduledPull);

/** Overdue invoices handed to their collection workflows per activity call (keeps each call short). */
const COLLECTION_BATCH = 500;

export interface ReceivablesNightlyResult {
  asOf: string;
  invoices: number;
  accountsWritten: number;
  figures: AgedReceivables[];
  overdue: number;
  collecting: number;
  alreadyClosed: number;
}

/**
 * Started by the Schedule `receivables:<installation id>` each night: the installation's
 * receivables figures (ageing, DSO) on its accounts/companies and in its daily snapshot, and a
 * collection workflow for every overdue invoice (those already collecting are told to look again).
 */
export async function receivablesNightlyWorkflow(input: {
  installationId: string;
}): Promise<ReceivablesNightlyResult> {
  const run = await computeReceivables(input);
  let collecting = 0;
  let alreadyClosed = 0;
  for (let i = 0; i < run.overdue.length; i += COLLECTION_BATCH) {
    const counts = await startOverdueCollections({
      installationId: input.installationId,
      asOf: run.asOf,
      overdue: run.overdue
        .slice(i, i + COLLECTION_BATCH)
        .map(({ xeroTenantId, xeroInvoiceId }) => ({ xeroTenantId, xeroInvoiceId })),
    });
    collecting += counts.collecting;
    alreadyClosed += counts.alreadyClosed;
  }
  return {
    asOf: run.asOf,
    invoices: run.invoices,
    accountsWritten: run.accountsWritten,
    figures: run.figures,
    overdue: run.overdue.length,
    collecting,
    alreadyClosed,
  };
}
