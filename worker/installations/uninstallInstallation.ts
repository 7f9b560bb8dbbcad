import { z } from 'zod';
import { disconnectConnection, DEFAULT_STOP_GRACE_MS, type DisconnectOutcome } from './disconnectConnection';
import { auditInstallation } from './installationAudit';
import type { LifecycleDeps } from './lifecycleDeps';
import { InstallationStateError } from './pauseInstallation';
import { deleteSchedules, installationWorkflows, stopWorkflows } from './temporalWork';
import { receivablesScheduleId } from '../payments/collections/receivablesSchedule';
import { monthEndScheduleId } from '../../workflows/orders/orderIds';

/**
 * How long an uninstalled installation's data is kept before `purge` may delete it:
 * INSTALLATION_RETENTION_DAYS, 0 to 3650, default 30 (a customer who uninstalled by mistake
 * reinstalls within it and finds their links, history and settings).
 */
export const DEFAULT_RETENTION_DAYS = 30;
const retentionSchema = z.coerce
  .number({ error: 'must be a whole number of days from 0 to 3650' })
  .int({ error: 'must be a whole number of days from 0 to 3650' })
  .min(0, { error: 'must be a whole number of days from 0 to 3650' })
  .max(3650, { error: 'must be a whole number of days from 0 to 3650' });

export function retentionDaysFrom(env: Record<string, string | undefined>): number {
  const raw = env.INSTALLATION_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_RETENTION_DAYS;
  const parsed = retentionSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(`INSTALLATION_RETENTION_DAYS ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  return parsed.data;
}

export interface UninstallOutcome {
  disconnected: DisconnectOutcome[];
  workflowsStopped: { cancelled: string[]; terminated: string[] };
  heldEventsDropped: number;
  purgeAfter: Date;
}

/**
 * Uninstalling: every connection disconnected (tokens revoked, Schedules deleted, workflows
 * stopped), anything else tagged with the installation stopped, its held events dropped, and the
 * installation marked `uninstalled` with `purge_after` = now + the retention period, all audited.
 * Running it again repeats the disconnects (a revocation that failed is tried again) and keeps the
 * first purge date.
 */
export async function uninstallInstallation(
  deps: LifecycleDeps,
  installationId: string,
  actor: string,
  options: { retentionDays?: number } = {},
): Promise<UninstallOutcome> {
  const installation = await deps.db
    .selectFrom('installations')
    .select(['id', 'slug', 'status', 'purge_after'])
    .where('id', '=', installationId)
    .executeTakeFirst();
  if (!installation) throw new InstallationStateError(`no installation ${installationId}`);
  const now = deps.now?.() ?? new Date();
  const retentionDays = options.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const purgeAfter = installation.purge_after ?? new Date(now.getTime() + retentionDays * 86_400_000);
  // Marked first: from here its webhooks are dropped, and nothing new of it starts.
  await deps.db
    .updateTable('installations')
    .set({ status: 'uninstalled', uninstalled_at: now, purge_after: purgeAfter, updated_at: now })
    .where('id', '=', installationId)
    .where('status', '!=', 'uninstalled')
    .execute();

  const disconnected: DisconnectOutcome[] = [];
  for (const connection of await deps.connections.list({ installationId }))
    disconnected.push(await disconnectConnection(deps, connection.id, actor));

  // The installation's own Schedule (the connections' went with them above).
  await deleteSchedules(deps.client, [
    receivablesScheduleId(installationId),
    monthEndScheduleId(installationId),
  ]);
  const workflowsStopped = await stopWorkflows(
    deps.client,
    installationWorkflows(installation.slug, installationId),
    {
      graceMs: deps.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      reason: `installation ${installation.slug} uninstalled by ${actor}`,
    },
  );
  const dropped = await deps.db
    .deleteFrom('held_events')
    .where('installation_id', '=', installationId)
    .executeTakeFirst();
  const heldEventsDropped = Number(dropped.numDeletedRows);

  const failed = disconnected.filter((d) => d.revocation.outcome === 'failed').map((d) => d.connectionId);
  await auditInstallation(deps, installation, 'installation_uninstalled', actor, 'succeeded', {
    previousStatus: installation.status,
    purgeAfter: purgeAfter.toISOString(),
    retentionDays,
    connections: disconnected.map((d) => d.connectionId),
    revocationsFailed: failed,
    workflowsStopped: workflowsStopped.cancelled.length,
    heldEventsDropped,
  });
  return { disconnected, workflowsStopped, heldEventsDropped, purgeAfter };
}
