import { connectionReport, formatConnectionReport } from '../../connections/report';
import type { SyncFlowName } from '../../../workflows/searchAttributes';
import type { OpsContext } from './opsContext';

const FLOWS: SyncFlowName[] = [
  'xero_to_crm',
  'crm_to_xero',
  'xero_backfill',
  'xero_poll',
  'crm_won_poll',
  'connection_refresh',
];
const COLUMNS = ['running', 'waiting_for_human', 'needs_reauth', 'failed (7 days)'] as const;

/** `ops status`: every connection, then per flow how many workflows run, wait or failed lately. */
export async function statusCommand(ctx: OpsContext, now = new Date()): Promise<void> {
  ctx.write(`Connections\n${formatConnectionReport(await connectionReport(await ctx.db()), now)}\n\n`);
  const client = await ctx.client();
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const queries: Record<(typeof COLUMNS)[number], string> = {
    running: 'ExecutionStatus = "Running"',
    waiting_for_human: 'ExecutionStatus = "Running" AND SyncOutcome = "waiting_for_human"',
    needs_reauth: 'ExecutionStatus = "Running" AND SyncOutcome = "needs_reauth"',
    'failed (7 days)': `ExecutionStatus = "Failed" AND CloseTime > "${weekAgo}"`,
  };
  const rows: string[][] = [['flow', ...COLUMNS]];
  for (const flow of FLOWS) {
    const counts = await Promise.all(
      COLUMNS.map((column) => client.workflow.count(`SyncFlow = "${flow}" AND ${queries[column]}`)),
    );
    rows.push([flow, ...counts.map((c) => String(c.count))]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  ctx.write(
    `Flows\n${rows
      .map((r) =>
        r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      )
      .join('\n')}\n`,
  );
}
