import type { InstallationStatus } from '../store/schema';
import { auditInstallation as audit } from './installationAudit';
import { deliverHeldEvents } from './heldEvents';
import { StripeEventLedger } from '../webhooks/stripeEventLedger';
import { handOverPendingStripeEvents } from '../webhooks/stripeHeldEvents';
import type { LifecycleDeps } from './lifecycleDeps';
import { connectionScheduleIds, setSchedulesPaused } from './temporalWork';
import { receivablesScheduleId } from '../payments/collections/receivablesSchedule';
import { monthEndScheduleId } from '../../workflows/orders/orderIds';

export class InstallationStateError extends Error {
  override name = 'InstallationStateError';
}

/**
 * Pausing an installation: its Schedules (polls, parity checks) are paused, and from the moment its
 * status is `paused` its webhooks and CRM notices are held in the store instead of reaching their
 * workflows (heldEvents.ts). Work handed over before the pause finishes; token refreshes go on (a
 * Xero refresh token unused for 60 days dies). Resuming unpauses the Schedules and hands the held
 * events over, oldest first. Both are idempotent, and audited as `actor`.
 */
export async function pauseInstallation(
  deps: LifecycleDeps,
  installationId: string,
  actor: string,
): Promise<{ schedulesPaused: string[] }> {
  const installation = await setStatus(deps, installationId, 'paused', actor);
  const schedulesPaused = await setSchedulesPaused(
    deps.client,
    await installationScheduleIds(deps, installationId),
    true,
    `installation ${installation.slug} paused by ${actor}`,
  );
  await audit(deps, installation, 'installation_schedules_paused', actor, 'succeeded', {
    scheduleIds: schedulesPaused,
  });
  return { schedulesPaused };
}

export async function resumeInstallation(
  deps: LifecycleDeps,
  installationId: string,
  actor: string,
): Promise<{ schedulesResumed: string[]; heldEventsDelivered: number }> {
  if (!deps.dispatch) throw new Error('resuming needs the dispatchers that deliver the held events');
  const installation = await setStatus(deps, installationId, 'active', actor);
  const schedulesResumed = await setSchedulesPaused(
    deps.client,
    await installationScheduleIds(deps, installationId),
    false,
    `installation ${installation.slug} resumed by ${actor}`,
  );
  await audit(deps, installation, 'installation_schedules_resumed', actor, 'succeeded', {
    scheduleIds: schedulesResumed,
  });
  let heldEventsDelivered = 0;
  try {
    heldEventsDelivered = await deliverHeldEvents(deps.db, installationId, deps.dispatch);
    // Stripe's events of the pause wait in their own ledger (stripe_events), not in held_events.
    if (deps.dispatch.stripe)
      heldEventsDelivered += await handOverPendingStripeEvents(
        { ledger: new StripeEventLedger(deps.db), dispatch: deps.dispatch.stripe },
        installation,
      );
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    await audit(deps, installation, 'installation_held_events_delivered', actor, 'failed', { error });
    throw new Error(`resumed, but the held events were not all delivered (run resume again): ${error}`);
  }
  await audit(deps, installation, 'installation_held_events_delivered', actor, 'succeeded', {
    count: heldEventsDelivered,
  });
  return { schedulesResumed, heldEventsDelivered };
}

/** The Schedules of the installation's connected accounts. */
async function installationScheduleIds(deps: LifecycleDeps, installationId: string): Promise<string[]> {
  const own = await deps.connections.list({ installationId });
  const active = own.filter((c) => c.status !== 'disconnected');
  return [
    ...new Set([
      ...active.flatMap((c) => connectionScheduleIds(c, active)),
      receivablesScheduleId(installationId),
      monthEndScheduleId(installationId),
    ]),
  ];
}

/**
 * The status change, audited. The update takes the installation's row lock, so an event being held
 * under its `for share` read is stored before a resume goes on to deliver the held events.
 */
async function setStatus(
  deps: LifecycleDeps,
  installationId: string,
  status: 'active' | 'paused',
  actor: string,
): Promise<{ id: string; slug: string }> {
  const before = await deps.db
    .selectFrom('installations')
    .select(['id', 'slug', 'status'])
    .where('id', '=', installationId)
    .executeTakeFirst();
  if (!before) throw new InstallationStateError(`no installation ${installationId}`);
  if (before.status === 'uninstalled')
    throw new InstallationStateError(`installation ${before.slug} is uninstalled`);
  await deps.db
    .updateTable('installations')
    .set({ status, updated_at: deps.now?.() ?? new Date() })
    .where('id', '=', installationId)
    .execute();
  await audit(
    deps,
    before,
    status === 'paused' ? 'installation_paused' : 'installation_resumed',
    actor,
    'succeeded',
    { previousStatus: before.status satisfies InstallationStatus },
  );
  return before;
}
