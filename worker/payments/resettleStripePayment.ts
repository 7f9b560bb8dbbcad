import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { stripeObjectResettleSignal } from '../../workflows/stripe/stripeObjectSignals';
import type { StripeEventDispatch } from '../webhooks/stripeEventDispatcher';
import type { StripeEventLedger } from '../webhooks/stripeEventLedger';
import { stripeObjectWorkflowId, type StripeObjectType } from '../webhooks/stripeObjectKey';

/** The object a settled Stripe payment ID belongs to (stripe_payments holds pi_, in_ and ch_ IDs). */
function objectTypeOf(stripePaymentId: string): StripeObjectType {
  if (stripePaymentId.startsWith('pi_')) return 'payment_intent';
  if (stripePaymentId.startsWith('in_')) return 'invoice';
  return 'charge';
}

/**
 * After a person decided an unclear payment: its object's workflow matches and settles it again
 * (the settlement reads the decision). A workflow that has ended since (idle a month) is started
 * again from the object's recorded events, and settles in its first pass. Returns how.
 */
export async function resettleStripePayment(input: {
  client: Client;
  ledger: Pick<StripeEventLedger, 'ofWorkflow'>;
  dispatch: StripeEventDispatch;
  installation: { id: string; slug: string };
  stripePaymentId: string;
  by: string;
}): Promise<'signalled' | 'restarted' | 'no_events'> {
  const workflowId = stripeObjectWorkflowId(input.installation.id, {
    objectType: objectTypeOf(input.stripePaymentId),
    objectId: input.stripePaymentId,
  });
  try {
    await input.client.workflow.getHandle(workflowId).signal(stripeObjectResettleSignal, { by: input.by });
    return 'signalled';
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  const entries = await input.ledger.ofWorkflow(input.installation.id, workflowId);
  for (const entry of entries) await input.dispatch(entry, input.installation.slug);
  return entries.length > 0 ? 'restarted' : 'no_events';
}
