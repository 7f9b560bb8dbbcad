import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Context } from '@temporalio/activity';
import { dateInTimeZone, daysBetween } from '../../workflows/domain/stripe/calendarDates';
import { deliveryInvoiceState } from '../../workflows/domain/delivery/reminderSchedule';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import { invoicePdf } from '../connectors/xero/xeroInvoiceDelivery';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { onInvoiceDeals, type CrmDeliveryOutcome } from './crmDeliveryRecords';
import type { DeliveryActivities, DeliveryRef } from './deliveryActivityTypes';
import type { DeliveryDeps } from './deliveryDeps';
import { invoiceVersion } from './invoiceVersion';
import { PermanentMailError } from './mail/mailErrors';
import { messageKeyOf, type MessageKind } from './mail/messageIds';
import { sendInvoiceMessage } from './mail/sendInvoiceMessage';
import { deliverySettingsOf, readDeliveryInvoice } from './readDeliveryInvoice';
import { sendThroughXero } from './sendThroughXero';

const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/** The running workflow's ID (for the audit rows), when called as an activity. */
function workflowIdOfCaller(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

/** A paused installation's customers get nothing until it is resumed: the step fails and is tried again. */
class InstallationNotActiveError extends Error {
  override name = 'InstallationNotActiveError';
}

async function mustBeActive(deps: DeliveryDeps, installationId: string): Promise<void> {
  if (!(await deps.installationActive(installationId)))
    throw new InstallationNotActiveError(
      `installation ${installationId} is not active: nothing is sent or filed`,
    );
}

/**
 * The delivery workflow's activities (issue #23). Each repeats harmlessly: a message is sent once per
 * key (invoice_messages), a PDF filed once per version, a message logged in a CRM once per key, so
 * Temporal may retry any of them after a crash at any point.
 */
export function createDeliveryActivities(deps: DeliveryDeps): DeliveryActivities {
  /** E-mails one message (the invoice or a reminder) as the installation sends, then logs it in the CRMs. */
  async function send(
    ref: DeliveryRef,
    messageOf: (invoice: CanonicalInvoice, today: string) => MessageKind,
  ): Promise<{ messageKey: string; skipped?: string }> {
    await mustBeActive(deps, ref.installationId);
    const { delivery, timeZone } = await deliverySettingsOf(deps, ref.installationId);
    const api = await deps.xero(ref.installationId, ref.xeroTenantId);
    const invoice = await api.getInvoice(ref.xeroInvoiceId);
    const version = invoiceVersion(invoice);
    const message = messageOf(invoice, dateInTimeZone(deps.now().getTime() / 1000, timeZone));
    // Paid (or credited, voided) since the workflow looked: nothing is sent after payment.
    if (deliveryInvoiceState(invoice) !== 'open')
      return { messageKey: messageKeyOf(invoice.xeroInvoiceId, message, version), skipped: 'not open' };
    const to = (await api.getContact(invoice.contactId)).email?.trim();
    if (!to)
      throw new PermanentMailError(`invoice ${invoice.number}: its Xero contact has no e-mail address`);
    if (delivery.sender === 'off') throw new PermanentMailError('delivery is off for this installation');
    const workflowId = workflowIdOfCaller();
    const sent =
      delivery.sender === 'xero'
        ? await xeroSent(deps, { ref, invoice, version, message, to, api, workflowId })
        : await sendInvoiceMessage(deps.mail, {
            installationId: ref.installationId,
            message,
            invoice: {
              xeroTenantId: ref.xeroTenantId,
              xeroInvoiceId: invoice.xeroInvoiceId,
              xeroContactId: invoice.contactId,
              number: invoice.number,
              version,
              contactName: invoice.contactName,
              currency: invoice.currency,
              total: invoice.total,
              amountDue: invoice.amountDue,
              dueDate: invoice.dueDate ?? invoice.date,
              onlineInvoiceUrl: invoice.onlineUrl ?? null,
            },
            delivery,
            organisationName: await deps.organisationName(ref.xeroTenantId),
            to: [to],
            pdf: () => invoicePdf(api, invoice.xeroInvoiceId),
            ...(workflowId ? { workflowId } : {}),
          });
    const logged = await onInvoiceDeals(deps.crmTargets, ref, async (files, deal) => {
      const log = await files.logDeliveredMessage({
        dealId: deal.dealId,
        accountId: deal.accountId,
        key: sent.messageKey,
        subject: sent.subject,
        bodyText: sent.bodyText,
        to: sent.to,
        sentAt: sent.sentAt,
        messageId: sent.messageId,
      });
      return log.created ? 'logged' : 'already logged';
    });
    await auditCrm(deps, ref, 'invoice_message_logged_in_crm', sent.messageKey, logged, workflowId);
    return { messageKey: sent.messageKey };
  }

  return {
    readDeliveryInvoice: (ref) => readDeliveryInvoice(deps, ref),

    deliverInvoice: (input) => send(input, () => ({ kind: 'invoice' })),

    sendReminder: (input) =>
      send(input, (invoice, today) => {
        // Sent later than its day (the worker was away): the message says how overdue it is now.
        const late = daysBetween(invoice.dueDate ?? invoice.date, today);
        return { kind: 'reminder', day: input.day, ...(late > input.day ? { daysFromDue: late } : {}) };
      }),

    async fileInvoiceInCrm(input) {
      await mustBeActive(deps, input.installationId);
      const api = await deps.xero(input.installationId, input.xeroTenantId);
      const invoice = await api.getInvoice(input.xeroInvoiceId);
      const version = invoiceVersion(invoice);
      // Read from Xero once, and only when some CRM has this version still to file.
      let pdf: Promise<Buffer> | undefined;
      const readPdf = () => (pdf ??= invoicePdf(api, invoice.xeroInvoiceId));
      const outcomes = await onInvoiceDeals(deps.crmTargets, input, async (files, deal) => {
        const filed = await files.fileInvoicePdf({
          dealId: deal.dealId,
          accountId: deal.accountId,
          xeroInvoiceId: invoice.xeroInvoiceId,
          invoiceNumber: invoice.number,
          version,
          fileName: `${safeFileName(invoice.number || invoice.xeroInvoiceId)}.pdf`,
          pdf: readPdf,
        });
        return filed.outcome;
      });
      await auditCrm(deps, input, 'invoice_filed_in_crm', version, outcomes, workflowIdOfCaller());
      return { filed: outcomes.filter((o) => 'dealId' in o).length };
    },
  };
}

async function xeroSent(
  deps: DeliveryDeps,
  input: {
    ref: DeliveryRef;
    invoice: CanonicalInvoice;
    version: string;
    message: MessageKind;
    to: string;
    api: XeroApi;
    workflowId: string | undefined;
  },
) {
  const sent = await sendThroughXero(
    { messages: deps.messages, audit: deps.audit, now: deps.now, owner },
    {
      ...input.ref,
      version: input.version,
      message: input.message,
      to: [input.to],
      api: input.api,
      ...(input.workflowId ? { workflowId: input.workflowId } : {}),
    },
  );
  const what = input.message.kind === 'invoice' ? 'Invoice' : 'Reminder: invoice';
  return {
    ...sent,
    subject: `${what} ${input.invoice.number} e-mailed by Xero`,
    bodyText: `Xero e-mailed invoice ${input.invoice.number} to ${input.to} with its own template.`,
    to: [input.to],
  };
}

function auditCrm(
  deps: DeliveryDeps,
  ref: DeliveryRef,
  action: string,
  key: string,
  outcomes: CrmDeliveryOutcome[],
  workflowId: string | undefined,
): Promise<string> {
  return deps.audit.record({
    action,
    outcome: outcomes.some((o) => 'dealId' in o) ? 'succeeded' : 'skipped',
    actor: 'worker',
    ...(workflowId ? { workflowId } : {}),
    subject: {
      installationId: ref.installationId,
      xeroTenantId: ref.xeroTenantId,
      xeroInvoiceId: ref.xeroInvoiceId,
    },
    detail: { key, crms: outcomes.map((o) => ({ ...o })) },
  });
}

/** An invoice number as a file name: letters, digits, dot, dash and underscore. */
function safeFileName(number: string): string {
  return number.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100);
}
