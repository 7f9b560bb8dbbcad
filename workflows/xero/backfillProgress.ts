/** What one backfill page did; summed into the workflow's progress. */
export interface BackfillPageResult {
  fetched: number;
  qualified: number;
  written: number;
  queuedForReview: number;
  failed: number;
  /** Xero's pagination for this kind of record. */
  pageCount: number;
  itemCount: number;
  /** Xero pages this step read. */
  pagesRead: number;
}

export interface BackfillProgress {
  tenantId: string;
  stage: 'CONTACT' | 'INVOICE' | 'done';
  /** The next page to load in this stage. */
  page: number;
  contacts: StageTotals;
  invoices: StageTotals;
  startedAt: string;
}

export interface StageTotals {
  pagesDone: number;
  pageCount: number | null;
  itemCount: number | null;
  fetched: number;
  qualified: number;
  written: number;
  queuedForReview: number;
  failed: number;
}

export const emptyTotals = (): StageTotals => ({
  pagesDone: 0,
  pageCount: null,
  itemCount: null,
  fetched: 0,
  qualified: 0,
  written: 0,
  queuedForReview: 0,
  failed: 0,
});

export function addPage(totals: StageTotals, page: BackfillPageResult): StageTotals {
  return {
    pagesDone: totals.pagesDone + page.pagesRead,
    pageCount: page.pageCount,
    itemCount: page.itemCount,
    fetched: totals.fetched + page.fetched,
    qualified: totals.qualified + page.qualified,
    written: totals.written + page.written,
    queuedForReview: totals.queuedForReview + page.queuedForReview,
    failed: totals.failed + page.failed,
  };
}

/** The backfill in words: the stage, pages against Xero's page count, what was written or not. */
export function backfillStory(progress: BackfillProgress): string {
  const stage = (name: string, t: StageTotals) =>
    `${name}: ${t.pagesDone}${t.pageCount === null ? '' : ` of ${t.pageCount}`} pages, ${t.written} written, ` +
    `${t.queuedForReview} queued for review, ${t.failed} failed`;
  const now =
    progress.stage === 'done'
      ? 'Finished.'
      : `Loading ${progress.stage === 'CONTACT' ? 'contacts' : 'invoices'}, next page ${progress.page}.`;
  return `Initial load of Xero organisation ${progress.tenantId} since ${progress.startedAt}: ${now} ${stage('Contacts', progress.contacts)}. ${stage('Invoices', progress.invoices)}.`;
}
