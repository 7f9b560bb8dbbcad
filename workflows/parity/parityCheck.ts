import { defineQuery, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ParityActivities, ParitySource } from '../../worker/activities/parity';
import type { CompareCursor } from '../../worker/parity/compareRun';
import { parityReport, parityStep } from '../activityOptions';

const parity = proxyActivities<ParityActivities>(parityStep);
const publish = proxyActivities<ParityActivities>(parityReport);

export interface ParityCheckInput {
  xeroTenantId: string;
  crmConnectionId: string;
  trigger: 'schedule' | 'manual';
  /**
   * `cutover`: also hold shadow mode's recorded plans against what the old process wrote, and
   * report the agreement per flow (the cutover report).
   */
  mode?: 'check' | 'cutover';
}

export interface ParityCheckProgress {
  runId: string;
  step: 'starting' | 'collecting' | 'comparing' | 'finishing' | 'done';
  /** In words, for the Temporal UI. */
  summary: string;
  collected: Record<ParitySource, number>;
  pairsCompared: number;
  findings: number;
  byKind: Record<string, number>;
  /** Cutover runs: per flow, how many recorded plans the old process's records agree with. */
  agreement?: Record<string, { plans: number; agreeing: number }>;
  /** Why the run could not be shown in the CRM's sync health view, if it could not. */
  publishError?: string;
}

export const parityProgressQuery = defineQuery<ParityCheckProgress>('parityProgress');

/**
 * One parity check of a Xero organisation against one CRM connection: snapshot both sides page
 * by page, compare them by Xero ID in bounded pages, keep the findings. The result (and the
 * `parityProgress` query while it runs) says what was found, by kind.
 */
export async function parityCheckWorkflow(input: ParityCheckInput): Promise<ParityCheckProgress> {
  const { workflowId, runId: temporalRunId } = workflowInfo();
  // The parity run is the workflow run: stable across replays, unique per run of a schedule.
  const runId = temporalRunId;
  const progress: ParityCheckProgress = {
    runId,
    step: 'starting',
    summary: 'Starting',
    collected: { xero_contacts: 0, xero_invoices: 0, crm_accounts: 0, crm_deals: 0 },
    pairsCompared: 0,
    findings: 0,
    byKind: {},
  };
  setHandler(parityProgressQuery, () => progress);

  const facts = await parity.parityBegin({ runId, ...input, workflowId });
  try {
    progress.step = 'collecting';
    // Xero and the CRM are read side by side (each within its own rate limits); within a side the
    // order matters: contacts before invoices, accounts before the deals that take their links.
    const collect = async (sources: ParitySource[]) => {
      for (const source of sources) {
        let cursor: string | null = null;
        do {
          const page: { cursor: string | null; records: number } = await parity.parityCollect({
            runId,
            xeroTenantId: input.xeroTenantId,
            crmConnectionId: input.crmConnectionId,
            source,
            cursor,
          });
          progress.collected[source] += page.records;
          progress.summary = `Reading: ${Object.entries(progress.collected)
            .map(([s, n]) => `${n} ${s.replace('_', ' ')}`)
            .join(', ')}`;
          cursor = page.cursor;
        } while (cursor !== null);
      }
    };
    // Both sides settle before a failure is raised, so nothing still reading writes into a run
    // that is being abandoned.
    const sides = await Promise.allSettled([
      collect(['xero_contacts', 'xero_invoices']),
      collect(['crm_accounts', 'crm_deals']),
    ]);
    const failed = sides.find((side): side is PromiseRejectedResult => side.status === 'rejected');
    if (failed) throw failed.reason;

    progress.step = 'comparing';
    let cursor: CompareCursor = { phase: 'invoices', after: '' };
    while (cursor.phase !== 'done') {
      progress.summary = `Comparing (${cursor.phase}): ${progress.pairsCompared} pairs, ${progress.findings} findings so far`;
      const step = await parity.parityCompare({
        runId,
        xeroTenantId: input.xeroTenantId,
        wonSince: facts.wonSince,
        cursor,
      });
      cursor = step.cursor;
      progress.pairsCompared += step.pairsCompared;
      progress.findings += step.findings;
    }

    if (input.mode === 'cutover') {
      progress.summary = 'Holding shadow plans against what the old process wrote';
      progress.agreement = await parity.parityCutover({
        runId,
        crm: facts.crm,
        crmAccount: facts.crmAccount,
        crmConnectionId: input.crmConnectionId,
      });
    }
  } catch (err) {
    // A run that cannot finish drops its snapshot and never shows in the history; the failure is audited.
    await publish.parityAbandon({ runId, reason: rootMessage(err) });
    throw err;
  }

  progress.step = 'finishing';
  const totals = await parity.parityFinish({
    runId,
    pairsCompared: progress.pairsCompared,
    workflowId,
    temporalRunId,
  });
  progress.findings = totals.findings;
  progress.byKind = totals.byKind;
  // Best effort: the run is kept either way; the CRM view catches up with the next run.
  await publish.parityPublish({ runId, crmConnectionId: input.crmConnectionId }).catch((err: unknown) => {
    progress.publishError = err instanceof Error ? err.message : String(err);
    log.warn('parity run not shown in the CRM', { runId, error: progress.publishError });
  });
  progress.step = 'done';
  const agreement = progress.agreement
    ? `; cutover agreement ${Object.entries(progress.agreement)
        .map(([flow, t]) => `${flow.replace(/_/g, ' ')} ${t.agreeing}/${t.plans}`)
        .join(', ')}`
    : '';
  progress.summary =
    totals.findings === 0
      ? `Xero and ${facts.crm} agree: ${progress.pairsCompared} pairs compared, no findings`
      : `${totals.findings} findings in ${progress.pairsCompared} pairs: ${Object.entries(totals.byKind)
          .map(([kind, n]) => `${n} ${kind.replace(/_/g, ' ')}`)
          .join(', ')}`;
  progress.summary += agreement;
  return progress;
}

/** The innermost cause's message ("Activity task failed" says nothing; its cause does). */
function rootMessage(err: unknown): string {
  let current: unknown = err;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
