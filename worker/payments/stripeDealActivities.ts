import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { AuditLog } from '../audit/auditLog';
import type { JsonObject } from '../store/schema';
import type { CrmTargets } from '../sync/crmTarget';
import type { DealPaymentState } from './crmPaymentsPort';
import {
  collectionFailedAttemptSignal,
  collectionPaidSignal,
  collectionWorkflowId,
} from '../../workflows/stripe/collectionSignals';
import type { collectionWorkflow } from '../../workflows/stripe/collection';

export interface StripeDealDeps {
  crmTargets: CrmTargets;
  audit: AuditLog;
  client: Client;
  taskQueue: string;
  /** A dispute task's due date counts from here. */
  now?: () => Date;
}

interface InvoiceRef {
  installationId: string;
  xeroTenantId: string;
  xeroInvoiceId: string;
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The Stripe object workflow's CRM side: the payment's state on the deal of its Xero invoice in each
 * of the installation's CRMs, a dispute's task, and the word to the invoice's collection workflow.
 * Every write is diffed and every task keyed, so a retry or replay changes nothing.
 */
export function createStripeDealActivities(deps: StripeDealDeps) {
  const now = deps.now ?? (() => new Date());
  const dealsOf = async (ref: InvoiceRef) => {
    const found = [];
    for (const target of await deps.crmTargets.forXeroTenant(ref.xeroTenantId)) {
      const port = target.processorPayments;
      if (!port) continue;
      const deal = await port.dealForXeroInvoice(ref.xeroInvoiceId);
      if (deal) found.push({ target, port, deal });
    }
    return found;
  };

  return {
    /** Writes the payment's state on the invoice's deals; returns the deals written (by CRM). */
    async showStripePaymentOnDeal(
      input: InvoiceRef & { state: DealPaymentState; eventId: string },
    ): Promise<Array<{ crm: string; dealId: string; changed: string[] }>> {
      const written = [];
      for (const { target, port, deal } of await dealsOf(input)) {
        const result = await port.writeDealPayment(deal.dealId, input.state);
        const changed = Object.keys(result.changes);
        written.push({ crm: target.vendor, dealId: deal.dealId, changed });
        if (changed.length > 0)
          await deps.audit.record({
            action: 'stripe_payment_shown_on_deal',
            outcome: 'succeeded',
            actor: 'webhook:stripe',
            subject: {
              installationId: input.installationId,
              xeroInvoiceId: input.xeroInvoiceId,
              [`${target.vendor}DealId`]: deal.dealId,
              stripeReference: input.state.stripeReference,
            },
            detail: {
              eventId: input.eventId,
              status: input.state.status,
              changes: JSON.parse(JSON.stringify(result.changes)) as JsonObject,
            },
          });
      }
      return written;
    },

    /** A task for the deal's owner to answer a dispute (Stripe gives days, not weeks), made once. */
    async openStripeDisputeTask(
      input: InvoiceRef & {
        disputeId: string;
        reason: string;
        amount: number;
        currency: string;
        stripeReference: string;
      },
    ): Promise<string[]> {
      const tasks = [];
      for (const { port, deal } of await dealsOf(input)) {
        const task = await port.openTask(deal.dealId, {
          key: `dispute:${input.disputeId}`,
          subject: `Payment disputed: ${deal.name}`,
          body:
            `The customer's bank opened a dispute (${input.reason}) for ${input.amount} ${input.currency.toUpperCase()} ` +
            `on Stripe payment ${input.stripeReference}. Gather the evidence and respond in Stripe before its deadline.`,
          dueDate: isoDay(new Date(now().getTime() + 3 * 86_400_000)),
          priority: 'high',
          ownerId: null,
        });
        tasks.push(task.taskId);
      }
      return tasks;
    },

    /**
     * Tells the invoice's collection workflow: a failed attempt (started if it is not running: the
     * owner's task follows the attempts even before the due date), or the payment (stops it; no
     * workflow, nothing to stop).
     */
    async notifyCollection(
      input: InvoiceRef &
        ({ kind: 'failed'; eventId: string; failedAttempts: number } | { kind: 'paid'; reference: string }),
    ): Promise<void> {
      const workflowId = collectionWorkflowId(input.installationId, input.xeroInvoiceId);
      if (input.kind === 'failed') {
        try {
          await deps.client.workflow.signalWithStart<
            typeof collectionWorkflow,
            [{ eventId: string; failedAttempts: number }]
          >('collectionWorkflow', {
            taskQueue: deps.taskQueue,
            workflowId,
            // A finished collection (paid, written off, stopped by a person) stays finished.
            workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
            args: [
              {
                installationId: input.installationId,
                xeroTenantId: input.xeroTenantId,
                xeroInvoiceId: input.xeroInvoiceId,
              },
            ],
            signal: collectionFailedAttemptSignal,
            signalArgs: [{ eventId: input.eventId, failedAttempts: input.failedAttempts }],
          });
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        }
        return;
      }
      try {
        await deps.client.workflow
          .getHandle(workflowId)
          .signal(collectionPaidSignal, { reference: input.reference });
      } catch (err) {
        // Never started, or already stopped: nothing is collecting this invoice.
        if (err instanceof WorkflowNotFoundError) return;
        throw err;
      }
    },
  };
}

export type StripeDealActivities = ReturnType<typeof createStripeDealActivities>;
