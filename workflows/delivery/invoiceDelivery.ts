import { condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type {
  DeliveryActivities,
  DeliveryInvoice,
  DeliveryRef,
} from '../../worker/delivery/deliveryActivityTypes';
import { nextReminder } from '../domain/delivery/reminderSchedule';
import { DAY_MS, msUntilDay } from '../domain/stripe/calendarDates';
import { NON_RETRYABLE_ERROR_TYPES } from '../errorTypes';
import { handOver, historyIsLong } from '../historyBound';
import {
  deliveryDecisionSignal,
  deliveryStateQuery,
  invoiceChangedSignal,
  type DeliveryView,
} from './deliverySignals';

export * from './deliverySignals';

/** After a read or step that failed through all its retries (SMTP, Xero or the CRM away). */
const RETRY_AFTER_FAILURE_MS = 3_600_000;

// Reads, e-mails and CRM files: retried for minutes; a failure that outlasts them is waited out by the loop.
const { readDeliveryInvoice, deliverInvoice, fileInvoiceInCrm, sendReminder } =
  proxyActivities<DeliveryActivities>({
    startToCloseTimeout: '2 minutes',
    retry: {
      initialInterval: '5 seconds',
      backoffCoefficient: 2,
      maximumInterval: '2 minutes',
      maximumAttempts: 6,
      nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
    },
  });

export interface DeliveryInput extends DeliveryRef {
  /** What an earlier run learnt (continue-as-new). */
  carried?: Pick<DeliveryView, 'delivered' | 'filed' | 'reminders' | 'decision'>;
  /** The longest sleep before the invoice is read again (default a day); tests make it short. */
  recheckEveryMs?: number;
  maxHistoryEvents?: number;
}

export type DeliveryOutcome = { stopped: NonNullable<DeliveryView['stopReason']>; view: DeliveryView };

/**
 * Delivers one Xero sales invoice (issue #23): e-mails each version once (Xero or Ledgerbridge
 * sends, per the installation), files its PDF in the CRM once per version, then sends the
 * customer reminders of the installation's schedule until it is paid, credited or voided, a person
 * stops it (a signal, or a stop recorded in delivery_stops, which later runs read too), or the
 * schedule is done. The invoice is read again on every wake (a change signal, a
 * reminder's day, or daily), so a payment stops reminders even without a signal. A later change
 * starts a new run with the same ID, which finds the versions already sent (the message store).
 */
export async function invoiceDeliveryWorkflow(input: DeliveryInput): Promise<DeliveryOutcome> {
  const recheckEveryMs = input.recheckEveryMs ?? DAY_MS;
  const ref: DeliveryRef = {
    installationId: input.installationId,
    xeroTenantId: input.xeroTenantId,
    xeroInvoiceId: input.xeroInvoiceId,
  };
  const view: DeliveryView = {
    status: 'delivering',
    delivered: [...(input.carried?.delivered ?? [])],
    filed: [...(input.carried?.filed ?? [])],
    reminders: [...(input.carried?.reminders ?? [])],
    ...(input.carried?.decision ? { decision: input.carried.decision } : {}),
  };
  let wakes = 0;
  setHandler(deliveryStateQuery, () => view);
  setHandler(invoiceChangedSignal, () => {
    wakes++;
  });
  setHandler(deliveryDecisionSignal, (decision) => {
    view.decision = decision;
    wakes++;
  });
  const stop = (reason: NonNullable<DeliveryView['stopReason']>): DeliveryOutcome => {
    view.status = 'stopped';
    view.stopReason = reason;
    return { stopped: reason, view };
  };
  /** Runs one step; false when it failed through its retries (recorded on the view). */
  const step = async (name: string, run: () => Promise<unknown>): Promise<boolean> => {
    try {
      await run();
      return true;
    } catch (err) {
      view.lastFailure = { step: name, error: String(err) };
      log.warn('delivery: a step failed; trying again later', { step: name, error: String(err) });
      return false;
    }
  };

  for (;;) {
    const seen = wakes;
    let invoice: DeliveryInvoice | undefined;
    let failed = !(await step('read', async () => {
      invoice = await readDeliveryInvoice(ref);
    }));
    if (!failed && !invoice) return stop('gone');
    if (invoice) {
      // A recorded stop holds across runs; one lifted (its row deleted) lets reminders go on.
      if (invoice.stoppedBy) view.decision = { kind: 'stop', ...invoice.stoppedBy, recorded: true };
      else if (view.decision?.recorded) delete view.decision;
      view.dueDate = invoice.dueDate;
      view.today = invoice.today;
      const version = invoice.version;
      const open = invoice.state === 'open';
      // E-mail and filing are independent: a failed e-mail does not keep the PDF from the CRM. Their
      // success changes nothing reminders look at, so the invoice just read serves the decision below.
      if (open && invoice.deliverable && invoice.sender !== 'off' && !view.delivered.includes(version)) {
        if (await step('deliver', () => deliverInvoice({ ...ref, version }))) {
          view.delivered.push(version);
        } else failed = true;
      }
      if (
        invoice.fileInCrm &&
        invoice.approved &&
        invoice.state !== 'voided' &&
        !view.filed.includes(version)
      ) {
        if (await step('file', () => fileInvoiceInCrm({ ...ref, version }))) {
          view.filed.push(version);
        } else failed = true;
      }
      if (!failed) {
        // Reminders follow a delivered invoice only: nobody is reminded of one they were never sent.
        if (view.delivered.length === 0) return stop(invoice.state === 'open' ? 'not_sent' : invoice.state);
        const next = nextReminder(invoice.reminderDays, {
          invoice: invoice.state,
          dueDate: invoice.dueDate,
          sent: view.reminders,
          stopped: view.decision?.kind === 'stop',
          today: invoice.today,
        });
        view.next = next;
        if (next.kind === 'stop') return stop(next.reason);
        if (next.kind === 'send') {
          if (
            await step(next.step, () => sendReminder({ ...ref, version, step: next.step, day: next.day }))
          ) {
            view.reminders.push(next.step);
            continue;
          }
          failed = true;
        }
      }
    }
    // Until the day of the next reminder begins (the installation's time zone), at most recheckEveryMs.
    const untilNext = failed
      ? RETRY_AFTER_FAILURE_MS
      : invoice && view.next?.kind === 'wait'
        ? msUntilDay(invoice, view.next.on)
        : recheckEveryMs;
    await condition(() => wakes !== seen, Math.max(1, Math.min(untilNext, recheckEveryMs)));
    if (historyIsLong(input))
      await handOver<typeof invoiceDeliveryWorkflow>(() => [
        {
          ...input,
          carried: {
            delivered: view.delivered,
            filed: view.filed,
            reminders: view.reminders,
            ...(view.decision ? { decision: view.decision } : {}),
          },
        },
      ]);
  }
}
