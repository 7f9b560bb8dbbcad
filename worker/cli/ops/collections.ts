import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import type { AgedReceivables } from '../../../workflows/domain/stripe/receivables';
import {
  collectionDecisionSignal,
  collectionStateQuery,
  collectionWorkflowId,
} from '../../../workflows/stripe/collectionSignals';
import { AuditLog } from '../../audit/auditLog';
import { installationSlugSchema } from '../../installations/installationStore';
import { cliActor } from './decide';
import type { OpsContext } from './opsContext';

export const COLLECTIONS_USAGE = `  receivables <slug>                   the installation's latest nightly receivables: ageing and DSO per currency
  collection stop|snooze <xero invoice id> --installation <slug> [--until YYYY-MM-DD] --reason "..."
                                       stop collecting an invoice, or nothing until a date (audited)`;

export type CollectionsCommand =
  | { name: 'receivables'; installation: string }
  | {
      name: 'collection';
      kind: 'stop' | 'snooze';
      xeroInvoiceId: string;
      installation: string;
      until: string | undefined;
      reason: string;
    };

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: '--until must be a date such as 2026-11-01' });
const decisionSchema = z.object({
  kind: z.enum(['stop', 'snooze'], { error: 'collection stop|snooze <xero invoice id>: say stop or snooze' }),
  xeroInvoiceId: z.uuid({ error: 'name the Xero invoice (its GUID)' }),
  installation: z.string({ error: 'needs --installation <slug>' }).pipe(installationSlugSchema),
  until: isoDate.optional(),
  reason: z
    .string({ error: 'needs --reason "why"' })
    .trim()
    .min(3, { error: 'needs --reason "why" (a few words)' }),
});

/** Parses `receivables` and `collection`; a message naming the bad argument otherwise. */
export function parseCollectionsArgs(
  name: CollectionsCommand['name'],
  positional: string[],
  named: Record<string, string>,
): CollectionsCommand | { error: string } {
  if (name === 'receivables') {
    const installation = installationSlugSchema.safeParse(positional[0] ?? named.installation);
    if (!installation.success) return { error: 'receivables needs an installation slug' };
    return { name, installation: installation.data };
  }
  const parsed = decisionSchema.safeParse({
    kind: positional[0],
    xeroInvoiceId: positional[1],
    installation: named.installation,
    until: named.until,
    reason: named.reason,
  });
  if (!parsed.success) return { error: `collection: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
  if (parsed.data.kind === 'snooze' && !parsed.data.until)
    return { error: 'collection snooze needs --until YYYY-MM-DD' };
  return { name, ...parsed.data, until: parsed.data.until };
}

async function installationIdOf(ctx: OpsContext, slugValue: string): Promise<string> {
  const db = await ctx.db();
  const row = await db
    .selectFrom('installations')
    .select('id')
    .where('slug', '=', slugValue)
    .executeTakeFirst();
  if (!row) throw new Error(`no installation "${slugValue}"`);
  return row.id;
}

const money = (n: number) => n.toFixed(2).padStart(12);

/** `ops receivables <slug>`: the newest nightly snapshot, one line per currency. */
export async function receivablesCommand(
  ctx: OpsContext,
  command: Extract<CollectionsCommand, { name: 'receivables' }>,
): Promise<void> {
  const installationId = await installationIdOf(ctx, command.installation);
  const db = await ctx.db();
  const row = await db
    .selectFrom('receivables_snapshots')
    .selectAll()
    .where('installation_id', '=', installationId)
    .orderBy('as_of', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    ctx.write(
      `No nightly receivables for ${command.installation} yet (Schedule receivables:${installationId}).\n`,
    );
    return;
  }
  ctx.write(
    `Receivables of ${command.installation} as of ${row.as_of}: ${row.overdue_invoices} overdue invoices, figures on ${row.accounts_written} CRM accounts\n`,
  );
  ctx.write(
    `currency      current        1-30       31-60       61-90         90+ outstanding  sales(90d)   DSO\n`,
  );
  for (const f of row.figures as unknown as AgedReceivables[]) {
    const dso = f.daysSalesOutstanding === null ? '-' : String(f.daysSalesOutstanding);
    ctx.write(
      `${f.currency.padEnd(8)}${[f.current, f.days1to30, f.days31to60, f.days61to90, f.over90, f.outstanding, f.creditSales90].map(money).join('')} ${dso.padStart(5)}\n`,
    );
  }
}

/** `ops collection stop|snooze`: a person's decision, signalled to the invoice's collection and audited. */
export async function collectionDecisionCommand(
  ctx: OpsContext,
  command: Extract<CollectionsCommand, { name: 'collection' }>,
  by = cliActor(),
): Promise<void> {
  const installationId = await installationIdOf(ctx, command.installation);
  const workflowId = collectionWorkflowId(installationId, command.xeroInvoiceId);
  const handle = (await ctx.client()).workflow.getHandle(workflowId);
  try {
    const state = await handle.query(collectionStateQuery);
    if (state.status === 'stopped')
      throw new Error(
        `the collection of ${command.xeroInvoiceId} has already stopped (${state.stopReason ?? ''})`,
      );
    await handle.signal(collectionDecisionSignal, {
      kind: command.kind,
      ...(command.until ? { until: command.until } : {}),
      by,
      reason: command.reason,
    });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError)
      throw new Error(`no collection for Xero invoice ${command.xeroInvoiceId} in ${command.installation}`);
    throw err;
  }
  await new AuditLog(await ctx.db()).record({
    action: `collection.${command.kind}`,
    outcome: 'succeeded',
    actor: by,
    workflowId,
    subject: { installationId, xeroInvoiceId: command.xeroInvoiceId },
    detail: { reason: command.reason, ...(command.until ? { until: command.until } : {}) },
  });
  const what = command.kind === 'stop' ? 'stop' : `snooze until ${command.until ?? ''}`;
  ctx.write(`Told ${workflowId} to ${what} (audited as ${by}).\n`);
}
