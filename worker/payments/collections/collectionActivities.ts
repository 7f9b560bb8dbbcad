import { Context } from '@temporalio/activity';
import { paymentsSection } from '../../sync/installationSections';
import {
  collectionInvoiceState,
  type CollectionSchedule,
  type CollectionStep,
} from '../../../workflows/domain/stripe/collectionSchedule';
import { dateInTimeZone } from '../../../workflows/domain/stripe/calendarDates';
import type { PaymentSettings } from '../../../workflows/domain/stripe/paymentSettings';
import type { CrmTaskRequest } from '../crmPaymentsPort';
import type { CollectionDeps } from './collectionDeps';

export interface CollectionInvoiceRef {
  installationId: string;
  xeroTenantId: string;
  xeroInvoiceId: string;
}

/** The invoice as collection sees it, with the installation's schedule and its date today. */
export interface CollectionInvoice {
  state: 'open' | 'paid' | 'written_off';
  /** Xero's status (`AUTHORISED`, `PAID`, `VOIDED`, …). */
  status: string;
  number: string;
  contactId: string;
  currency: string;
  amountDue: number;
  /** YYYY-MM-DD; the invoice date when Xero has no due date. */
  dueDate: string;
  schedule: CollectionSchedule;
  /** The installation's date (its time zone) by the injected clock. */
  today: string;
  /** Milliseconds until the installation's next midnight: the workflow sleeps to a day's start. */
  msToNextDay: number;
}

export interface CollectionStepResult {
  tasks: Array<{ vendor: string; recordId: string; taskId: string; created: boolean }>;
  /** CRMs where no task could be put: no payments port, or no deal or account for the invoice. */
  skipped: Array<{ vendor: string; reason: string }>;
}

export async function paymentSettingsOf(
  deps: Pick<CollectionDeps, 'loadInstallationSettings'>,
  installationId: string,
): Promise<PaymentSettings> {
  return paymentsSection(await deps.loadInstallationSettings(installationId));
}

/** Milliseconds from `now` until the next midnight in `timeZone` (found by bisection, so daylight saving needs no rules here). */
export function msToNextDayIn(now: Date, timeZone: string): number {
  const today = dateInTimeZone(now.getTime() / 1000, timeZone);
  // Time zones move midnight by whole quarter-hours at most from UTC: search within ±26 hours.
  let lo = now.getTime();
  let hi = now.getTime() + 26 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (dateInTimeZone(mid / 1000, timeZone) === today) lo = mid;
    else hi = mid;
  }
  return hi - now.getTime();
}

function taskFor(
  step: CollectionStep,
  invoice: CollectionInvoice,
  failedAttempts: number,
): Omit<CrmTaskRequest, 'key'> {
  const owed = `${invoice.amountDue.toFixed(2)} ${invoice.currency} on Xero invoice ${invoice.number}, due ${invoice.dueDate}`;
  switch (step.action) {
    case 'reminder':
      return {
        subject: `Payment reminder: invoice ${invoice.number} is ${step.day ?? 0} days overdue`,
        body: `Remind the customer: ${owed}.`,
        dueDate: invoice.today,
        priority: 'normal',
        ownerId: null,
      };
    case 'owner_task':
      return {
        subject: `Payment failing: invoice ${invoice.number} after ${failedAttempts} failed attempts`,
        body: `Stripe could not take payment ${failedAttempts} times: ${owed}. Contact the customer about their payment method.`,
        dueDate: invoice.today,
        priority: 'normal',
        ownerId: null,
      };
    case 'escalation':
      return {
        subject: `Escalation: invoice ${invoice.number} is ${step.day ?? 0} days overdue`,
        body: `Still unpaid: ${owed}. Escalate the collection.`,
        dueDate: invoice.today,
        priority: 'high',
        ownerId: null,
      };
  }
}

/** The CRM task's key: made once per invoice and step, however often the step is retried or replayed. */
export const collectionTaskKey = (xeroInvoiceId: string, stepId: string) =>
  `collection:${xeroInvoiceId}:${stepId}`;

export function createCollectionActivities(deps: CollectionDeps) {
  return {
    /** The invoice's standing for collection (VOIDED/DELETED or fully credited: written off). */
    async readCollectionInvoice(input: CollectionInvoiceRef): Promise<CollectionInvoice> {
      const settings = await paymentSettingsOf(deps, input.installationId);
      const invoice = await (
        await deps.xero(input.installationId, input.xeroTenantId)
      ).getInvoice(input.xeroInvoiceId);
      const now = deps.now();
      return {
        state: collectionInvoiceState(invoice),
        status: invoice.status,
        number: invoice.number,
        contactId: invoice.contactId,
        currency: invoice.currency,
        amountDue: invoice.amountDue,
        dueDate: invoice.dueDate ?? invoice.date,
        schedule: settings.collection,
        today: dateInTimeZone(now.getTime() / 1000, settings.timeZone),
        msToNextDay: msToNextDayIn(now, settings.timeZone),
      };
    },

    /**
     * One collection step: a task in each of the installation's CRMs, on the invoice's deal or else
     * its contact's account, made once by its key. Audited either way.
     */
    async takeCollectionStep(
      input: CollectionInvoiceRef & {
        step: CollectionStep;
        invoice: CollectionInvoice;
        failedAttempts: number;
      },
    ): Promise<CollectionStepResult> {
      const result: CollectionStepResult = { tasks: [], skipped: [] };
      const key = collectionTaskKey(input.xeroInvoiceId, input.step.id);
      for (const target of await deps.crmTargets.forXeroTenant(input.xeroTenantId)) {
        const port = target.processorPayments;
        if (!port) {
          result.skipped.push({ vendor: target.vendor, reason: 'no payments support' });
          continue;
        }
        const deal = await port.dealForXeroInvoice(input.xeroInvoiceId);
        const recordId =
          deal?.dealId ?? (await port.accountForXeroContact(input.invoice.contactId))?.accountId;
        if (!recordId) {
          result.skipped.push({ vendor: target.vendor, reason: 'no deal or account for the invoice' });
          continue;
        }
        const task = await port.openTask(recordId, {
          key,
          ...taskFor(input.step, input.invoice, input.failedAttempts),
        });
        result.tasks.push({ vendor: target.vendor, recordId, ...task });
      }
      const info = Context.current().info;
      await deps.audit.record({
        action: `collection.${input.step.action}`,
        outcome: result.tasks.length > 0 ? 'succeeded' : 'skipped',
        actor: 'worker',
        ...(info.workflowExecution
          ? { workflowId: info.workflowExecution.workflowId, runId: info.workflowExecution.runId }
          : {}),
        subject: {
          installationId: input.installationId,
          xeroTenantId: input.xeroTenantId,
          xeroInvoiceId: input.xeroInvoiceId,
        },
        detail: {
          step: input.step.id,
          key,
          failedAttempts: input.failedAttempts,
          tasks: result.tasks.map((t) => ({ ...t })),
          skipped: result.skipped.map((s) => ({ ...s })),
        },
      });
      return result;
    },
  };
}

export type CollectionActivities = ReturnType<typeof createCollectionActivities>;
