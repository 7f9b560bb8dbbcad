import {
  deliveryDecisionSignal,
  deliveryStateQuery,
  deliveryWorkflowId,
  invoiceChangedSignal,
  type DeliveryView,
} from '../../../workflows/delivery/deliverySignals';
import type { DeliveryOutcome } from '../../../workflows/delivery/invoiceDelivery';
import { AuditLog } from '../../audit/auditLog';
import { DeliveryStops } from '../../delivery/deliveryStops';
import { startInvoiceDelivery } from '../../delivery/startInvoiceDelivery';
import type { DeliveryCommand } from './deliveryArgs';
import {
  deliveryRunOf,
  installationNamed,
  invoiceOwnership,
  tenantOfInvoice,
  type DeliveryRun,
} from './deliveryOwnership';
import type { OpsContext } from './opsContext';

/** How long ops waits for a workflow to answer (a run no worker polls for must not hang the CLI). */
const ANSWER_DEADLINE_MS = 5_000;

/** `ops delivery status|stop|resume`: a person's decision on an invoice's reminders, kept across runs. */
export async function deliveryCommand(
  ctx: OpsContext,
  command: DeliveryCommand,
  options: { now?: () => Date } = {},
): Promise<void> {
  const now = options.now ?? (() => new Date());
  const db = await ctx.db();
  const installation = await installationNamed(db, command.installation);
  const stops = new DeliveryStops(db, now);
  if (command.action === 'status' && !command.xeroInvoiceId) {
    const standing = await stops.listForInstallation(installation.id);
    if (standing.length === 0)
      return ctx.write(`No invoice of ${installation.slug} has its reminders stopped.\n`);
    ctx.write(`Invoices of ${installation.slug} whose reminders a person stopped:\n`);
    for (const stop of standing)
      ctx.write(
        `${stop.xeroInvoiceId}  ${stop.at.toISOString()}  ${stop.by}  ${JSON.stringify(stop.reason)}\n`,
      );
    return;
  }
  const xeroInvoiceId = command.xeroInvoiceId ?? '';
  const workflowId = deliveryWorkflowId(installation.id, xeroInvoiceId);
  const client = await ctx.client();
  const run = await deliveryRunOf(client, workflowId);
  if (command.action === 'status') {
    ctx.write(`Delivery of Xero invoice ${xeroInvoiceId} in ${installation.slug} (${workflowId})\n`);
    if (!run) ctx.write('  no delivery run (never handed to delivery, or past Temporal retention)\n');
    else {
      const view = await client
        .withDeadline(Date.now() + ANSWER_DEADLINE_MS, () => run.handle.query(deliveryStateQuery))
        .catch((err: unknown) => `(state unavailable: ${err instanceof Error ? err.message : String(err)})`);
      ctx.write(
        `  run: ${run.running ? 'running' : 'ended'}\n${typeof view === 'string' ? `  ${view}\n` : viewLines(view)}`,
      );
    }
    const stop = await stops.find(installation.id, xeroInvoiceId);
    return ctx.write(stop ? `  stop recorded: ${stopLine(stop)}\n` : '  no stop recorded\n');
  }

  const ownership = await invoiceOwnership(db, installation.id, xeroInvoiceId, run);
  if (ownership === 'other')
    throw new Error(
      `Xero invoice ${xeroInvoiceId} is another installation's, not ${installation.slug}'s: refused`,
    );
  if (ownership === 'unknown')
    throw new Error(
      `no delivery of Xero invoice ${xeroInvoiceId} in ${installation.slug} (no run, e-mail or CRM link names it)`,
    );
  const audit = new AuditLog(db);
  const subject = { installationId: installation.id, xeroInvoiceId };

  if (command.action === 'stop') {
    const stop = await stops.stop({ ...subject, by: command.by, reason: command.reason });
    await audit.record({
      action: 'delivery.stop',
      outcome: 'succeeded',
      actor: command.by,
      workflowId,
      subject,
      detail: { reason: command.reason, running: Boolean(run?.running) },
    });
    // The row is what later runs read; the signal makes a running one stop now rather than at its next wake.
    if (run?.running)
      await run.handle.signal(deliveryDecisionSignal, { kind: 'stop', by: stop.by, reason: stop.reason });
    return ctx.write(
      `Reminders of ${xeroInvoiceId} stopped (audited as ${command.by})${run?.running ? '; its running delivery was told' : ''}.\n`,
    );
  }

  const lifted = await stops.resume(installation.id, xeroInvoiceId);
  if (!lifted) throw new Error(`no stop recorded for Xero invoice ${xeroInvoiceId} in ${installation.slug}`);
  await audit.record({
    action: 'delivery.resume',
    outcome: 'succeeded',
    actor: command.by,
    workflowId,
    subject,
    detail: { stoppedBy: lifted.by, stoppedAt: lifted.at.toISOString(), reason: lifted.reason },
  });
  const how = await wakeAfterResume(ctx, { run, installationId: installation.id, xeroInvoiceId, now });
  ctx.write(`Reminders of ${xeroInvoiceId} resumed (audited as ${command.by}): ${how}.\n`);
}

/**
 * A running delivery is woken to read the invoice again; one that ended because of the stop is
 * started anew (as an invoice change would), so reminders go on without waiting for a change in Xero.
 */
async function wakeAfterResume(
  ctx: OpsContext,
  at: { run: DeliveryRun | undefined; installationId: string; xeroInvoiceId: string; now: () => Date },
): Promise<string> {
  const client = await ctx.client();
  if (at.run?.running) {
    await at.run.handle.signal(invoiceChangedSignal, { at: at.now().toISOString() });
    return 'its running delivery was woken';
  }
  const ended = at.run;
  const outcome = ended
    ? await client
        .withDeadline(
          Date.now() + ANSWER_DEADLINE_MS,
          () => ended.handle.result() as Promise<DeliveryOutcome>,
        )
        .catch(() => undefined)
    : undefined;
  const later = 'reminders go on when the invoice next changes in Xero';
  if (outcome?.stopped !== 'person_decided') return later;
  const xeroTenantId = await tenantOfInvoice(await ctx.db(), at.installationId, at.xeroInvoiceId);
  if (!xeroTenantId) return `its Xero organisation is not known here; ${later}`;
  await startInvoiceDelivery(
    { client, taskQueue: ctx.taskQueue },
    {
      installationId: at.installationId,
      xeroTenantId,
      invoice: { xeroInvoiceId: at.xeroInvoiceId, updatedAt: at.now().toISOString() },
    },
  );
  return 'its delivery was started again';
}

function stopLine(stop: { by: string; reason: string; at: Date | string }): string {
  const at = typeof stop.at === 'string' ? stop.at : stop.at.toISOString();
  return `by ${stop.by} at ${at}: ${JSON.stringify(stop.reason)}`;
}

function viewLines(view: DeliveryView): string {
  const next = view.next;
  const lines = [
    `status: ${view.status}${view.stopReason ? ` (${view.stopReason})` : ''}`,
    `e-mailed versions: ${view.delivered.length}, filed: ${view.filed.length}, reminders sent: ${view.reminders.join(', ') || 'none'}`,
    `due ${view.dueDate ?? '?'}, today ${view.today ?? '?'}`,
    ...(next
      ? [
          `next: ${next.kind === 'stop' ? `stop (${next.reason})` : next.kind === 'wait' ? `${next.step} on ${next.on}` : `send ${next.step}`}`,
        ]
      : []),
    ...(view.decision
      ? [
          `decision: stop ${stopLine({ ...view.decision, at: view.decision.at ?? '?' })}${view.decision.recorded ? ' (recorded)' : ''}`,
        ]
      : []),
    ...(view.lastFailure ? [`last failure: ${view.lastFailure.step}: ${view.lastFailure.error}`] : []),
  ];
  return lines.map((line) => `  ${line}\n`).join('');
}
