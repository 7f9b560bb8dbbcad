import type { StripeEventDispatch } from './stripeEventDispatcher';
import type { StripeEventLedger } from './stripeEventLedger';

/**
 * Hands over an installation's Stripe events recorded but not yet handed over, oldest first: those
 * that arrived while it was paused. resumeInstallation calls it after it sets the installation active. Stops at the first failure; what is left stays pending for the next call.
 */
export async function handOverPendingStripeEvents(
  deps: {
    ledger: Pick<StripeEventLedger, 'pending' | 'markHandedOver'>;
    dispatch: StripeEventDispatch;
    now?: () => number;
  },
  installation: { id: string; slug: string },
): Promise<number> {
  const pending = await deps.ledger.pending(installation.id);
  for (const entry of pending) {
    await deps.dispatch(entry, installation.slug);
    await deps.ledger.markHandedOver(
      installation.id,
      entry.event.eventId,
      new Date((deps.now ?? Date.now)()),
    );
  }
  return pending.length;
}
