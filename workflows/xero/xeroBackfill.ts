import { defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { BackfillActivities } from '../../worker/activities/backfill';
import { backfillPage } from '../activityOptions';
import { handOver, historyIsLong, type HistoryBoundInput } from '../historyBound';
import { publish, storyQuery } from '../story';
import { addPage, backfillStory, emptyTotals, type BackfillProgress } from './backfillProgress';

const { backfillXeroPage } = proxyActivities<BackfillActivities>(backfillPage);

export const backfillProgressQuery = defineQuery<BackfillProgress>('progress');

/** Start a new run (continue-as-new) after this many pages, keeping the history small. */
const PAGES_PER_RUN = 25;
const PAGE_SIZE = 1_000;

/**
 * The initial load of one Xero organisation into every connected CRM (ID `xero-backfill:<tenant>`):
 * all contacts, then all invoices, a page of 1,000 at a time, each page's writes batched. Resumable:
 * the position travels through continue-as-new, and a page retried after a crash rewrites the same
 * end state. `npm run backfill` shows the progress query as a bar.
 */
export async function xeroBackfillWorkflow(
  input: { tenantId: string; progress?: BackfillProgress } & HistoryBoundInput,
): Promise<BackfillProgress> {
  let progress: BackfillProgress = input.progress ?? {
    tenantId: input.tenantId,
    stage: 'CONTACT',
    page: 1,
    contacts: emptyTotals(),
    invoices: emptyTotals(),
    startedAt: new Date().toISOString(),
  };
  setHandler(backfillProgressQuery, () => progress);
  setHandler(storyQuery, () => backfillStory(progress));
  publish(backfillStory(progress), { flow: 'xero_backfill', accounts: [input.tenantId], outcome: 'running' });
  let pagesThisRun = 0;
  while (progress.stage !== 'done') {
    if (pagesThisRun >= PAGES_PER_RUN || historyIsLong(input))
      await handOver<typeof xeroBackfillWorkflow>(() => [{ ...input, progress }]);
    const stage = progress.stage;
    const result = await backfillXeroPage({
      tenantId: input.tenantId,
      kind: stage,
      page: progress.page,
      workflowId: workflowInfo().workflowId,
      // Stable across continue-as-new, new for every backfill: what adapters key their caches by.
      backfillId: `${workflowInfo().workflowId}/${workflowInfo().firstExecutionRunId}`,
    });
    pagesThisRun++;
    const key = stage === 'CONTACT' ? 'contacts' : 'invoices';
    const totals = addPage(progress[key], result);
    // Xero's pagination says how many pages there are: no empty page is ever fetched.
    const lastPageRead = progress.page + result.pagesRead - 1;
    const last = result.fetched < result.pagesRead * PAGE_SIZE || lastPageRead >= result.pageCount;
    progress = {
      ...progress,
      [key]: totals,
      stage: last ? (stage === 'CONTACT' ? 'INVOICE' : 'done') : stage,
      page: last ? 1 : lastPageRead + 1,
    };
    publish(backfillStory(progress));
  }
  publish(backfillStory(progress), { flow: 'xero_backfill', accounts: [input.tenantId], outcome: 'synced' });
  return progress;
}
