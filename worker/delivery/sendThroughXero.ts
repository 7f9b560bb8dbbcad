import { createHash } from 'node:crypto';
import type { AuditLog } from '../audit/auditLog';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { emailInvoiceFromXero } from '../connectors/xero/xeroInvoiceDelivery';
import { MessageInFlightError } from './mail/mailErrors';
import type { InvoiceMessages } from './mail/invoiceMessages';
import { FALLBACK_MESSAGE_ID_DOMAIN, messageKeyOf, type MessageKind } from './mail/messageIds';
import { SEND_CLAIM_MS } from './mail/sendInvoiceMessage';

export interface XeroSentMessage {
  outcome: 'sent' | 'already_sent';
  messageKey: string;
  /** The Message-ID recorded for it (Xero chooses the one it sends with; this one is Ledgerbridge's). */
  messageId: string;
  sentAt: string;
}

/**
 * Xero e-mails the invoice (its own template, to the contact's address), once per message key. The
 * intent is claimed in invoice_messages like an SMTP message, and the call carries an
 * Idempotency-Key made from the installation and the key: a retry after a lost answer (or a worker
 * killed mid-call) makes the same request, which Xero answers with the first result, not a second
 * e-mail. A reminder is the invoice e-mailed again under the reminder's own key.
 */
export async function sendThroughXero(
  deps: {
    messages: InvoiceMessages;
    audit: Pick<AuditLog, 'record'>;
    now(): Date;
    owner: string;
  },
  request: {
    installationId: string;
    xeroTenantId: string;
    xeroInvoiceId: string;
    version: string;
    message: MessageKind;
    to: string[];
    api: XeroApi;
    workflowId?: string;
  },
): Promise<XeroSentMessage> {
  const messageKey = messageKeyOf(request.xeroInvoiceId, request.message, request.version);
  const key = { installationId: request.installationId, messageKey };
  const idempotencyKey = `ledgerbridge-${createHash('sha256')
    .update(`${request.installationId}\n${messageKey}`)
    .digest('hex')
    .slice(0, 40)}`;
  const claim = await deps.messages.claim(
    key,
    {
      xeroInvoiceId: request.xeroInvoiceId,
      messageId: `<${idempotencyKey}@xero.${FALLBACK_MESSAGE_ID_DOMAIN}>`,
      to: request.to,
    },
    deps.owner,
    deps.now(),
    SEND_CLAIM_MS,
  );
  if (!claim.claimed) {
    if (claim.record.sentAt)
      return {
        outcome: 'already_sent',
        messageKey,
        messageId: claim.record.messageId,
        sentAt: claim.record.sentAt.toISOString(),
      };
    throw new MessageInFlightError(
      `${messageKey} is being sent by ${claim.record.claimedBy ?? 'another worker'}`,
    );
  }
  try {
    await emailInvoiceFromXero(request.api, request.xeroInvoiceId, idempotencyKey);
  } catch (err) {
    // The same Idempotency-Key on the retry: a send Xero did make is answered, not repeated.
    await deps.messages.recordFailure(key, deps.owner, {
      failedAt: deps.now(),
      error: err instanceof Error ? err.message : String(err),
      definite: false,
    });
    throw err;
  }
  const sent = await deps.messages.recordSent(key, {
    sentAt: deps.now(),
    smtpResponse: 'Xero: 204 No Content',
  });
  await deps.audit.record({
    action: 'invoice_emailed_by_xero',
    outcome: 'succeeded',
    actor: 'worker',
    ...(request.workflowId ? { workflowId: request.workflowId } : {}),
    subject: {
      installationId: request.installationId,
      xeroTenantId: request.xeroTenantId,
      xeroInvoiceId: request.xeroInvoiceId,
    },
    detail: { messageKey, recipients: request.to.length, attempts: sent.attempts },
  });
  return {
    outcome: 'sent',
    messageKey,
    messageId: sent.messageId,
    sentAt: (sent.sentAt ?? deps.now()).toISOString(),
  };
}
