import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliverySettings } from '../../../workflows/domain/delivery/deliverySettings';
import type { AuditLog } from '../../audit/auditLog';
import type { PortalLinkIssuer } from '../portalLinkIssuer';
import { buildInvoiceMessage, type InvoiceFacts, type InvoiceMessage } from './invoiceMessage';
import type { MailMode } from './mailAccountInput';
import type { MailAccounts, StoredMailAccount } from './mailAccounts';
import {
  classifySmtpError,
  MessageInFlightError,
  PermanentMailError,
  TransientMailError,
} from './mailErrors';
import type { MailSender } from './mailTransports';
import type { Claim, InvoiceMessageRecord, InvoiceMessages } from './invoiceMessages';
import { messageIdOf, messageKeyOf, type MessageKind } from './messageIds';
import type { SentMessageCheck } from './sentMessageChecks';

export interface SendInvoiceMessageDeps {
  accounts: Pick<MailAccounts, 'load'>;
  ledger: InvoiceMessages;
  transports: { transportFor(account: StoredMailAccount): MailSender };
  sentCheck: SentMessageCheck;
  portalLinks: PortalLinkIssuer;
  audit: Pick<AuditLog, 'record'>;
  /** Where Ledgerbridge runs: live refuses an account connected in the sandbox. */
  mode?: MailMode;
  clock?: () => Date;
  /** Who holds a claim (default: host, process and a random part). */
  owner?: string;
  /** How long a claim keeps other workers off; longer than any send (SMTP timeouts, pacing queue). */
  claimMs?: number;
  /** How long a duplicate waits for the worker holding the claim before giving up (retryable). */
  waitForInFlightMs?: number;
  pollMs?: number;
}

export interface SendInvoiceMessageRequest {
  installationId: string;
  message: MessageKind;
  invoice: InvoiceFacts;
  delivery: Pick<DeliverySettings, 'brand' | 'portalLinkDays'>;
  organisationName: string;
  to: string[];
  /** The PDF from Xero, fetched only when the message is to be built. */
  pdf: () => Promise<Buffer>;
  locale?: string;
  /** Audit context. */
  actor?: string;
  workflowId?: string;
}

export interface SentInvoiceMessage {
  /**
   * sent: now; already_sent: recorded before; found_sent: an earlier attempt's lost outcome, found
   * by the sent-message check; resent_after_unknown: sent again because nothing could tell.
   */
  outcome: 'sent' | 'already_sent' | 'found_sent' | 'resent_after_unknown';
  messageKey: string;
  messageId: string;
  to: string[];
  subject: string;
  /** The text part as sent (for the CRM's log). */
  bodyText: string;
  /** ISO-8601. */
  sentAt: string;
  smtpResponse: string;
}

/**
 * How long a send's claim keeps other workers off: longer than any send (every SMTP wait is bounded,
 * mailTransports.ts) and than the delivery activities' 2-minute start-to-close timeout, after which
 * Temporal retries the activity; not much longer, or a killed worker's messages wait out the
 * activity's retries (and then the workflow's hour) before the retry may ask and send.
 */
export const SEND_CLAIM_MS = 3 * 60_000;
const defaultOwner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

/**
 * E-mails an invoice or reminder exactly once per message key: the intent (with its deterministic
 * Message-ID) is recorded and claimed before the SMTP server is asked, the result after. A retry
 * finds it sent and returns it; finds an intent without a result and asks `sentCheck` before
 * sending again; a duplicate running at once waits for the claim's holder. 5xx refusals throw
 * PermanentMailError (not retried), anything else TransientMailError.
 */
export async function sendInvoiceMessage(
  deps: SendInvoiceMessageDeps,
  request: SendInvoiceMessageRequest,
): Promise<SentInvoiceMessage> {
  const clock = deps.clock ?? (() => new Date());
  const owner = deps.owner ?? defaultOwner;
  const account = await deps.accounts.load(request.installationId);
  if (!account) throw new PermanentMailError('no SMTP account for this installation (npm run connect:smtp)');
  if (deps.mode === 'live' && account.mode === 'sandbox')
    throw new PermanentMailError('the SMTP account was connected in the sandbox: connect the live one');
  const { invoice } = request;
  const key = {
    installationId: request.installationId,
    messageKey: messageKeyOf(invoice.xeroInvoiceId, request.message, invoice.version),
  };
  const intent = {
    xeroInvoiceId: invoice.xeroInvoiceId,
    messageId: messageIdOf({
      installationId: request.installationId,
      xeroInvoiceId: invoice.xeroInvoiceId,
      version: invoice.version,
      message: request.message,
      fromAddress: account.fromAddress,
    }),
    to: request.to,
  };
  const giveUpAt = Date.now() + (deps.waitForInFlightMs ?? 30_000);
  for (;;) {
    const claim = await deps.ledger.claim(key, intent, owner, clock(), deps.claimMs ?? SEND_CLAIM_MS);
    if (claim.claimed) return sendClaimed({ ...deps, clock, owner }, request, account, claim);
    if (claim.record.sentAt) return resultOf('already_sent', claim.record);
    if (Date.now() >= giveUpAt)
      throw new MessageInFlightError(
        `${key.messageKey} is being sent by ${claim.record.claimedBy ?? 'another worker'}`,
      );
    await sleep(deps.pollMs ?? 200);
  }
}

type ClaimedDeps = SendInvoiceMessageDeps & { clock: () => Date; owner: string };

async function sendClaimed(
  deps: ClaimedDeps,
  request: SendInvoiceMessageRequest,
  account: StoredMailAccount,
  claim: Extract<Claim, { claimed: true }>,
): Promise<SentInvoiceMessage> {
  const { record } = claim;
  const key = { installationId: record.installationId, messageKey: record.messageKey };
  let outcome: 'sent' | 'resent_after_unknown' = 'sent';
  if (!claim.fresh && record.failureDefinite !== true) {
    // An earlier attempt may have been delivered: the worker died, or the connection dropped after DATA.
    const seen = await deps.sentCheck.wasSent(record.messageId).catch(async (err: unknown) => {
      await deps.ledger.recordFailure(key, deps.owner, {
        failedAt: deps.clock(),
        error: `sent check (${deps.sentCheck.name}) failed: ${err instanceof Error ? err.message : String(err)}`,
        definite: false,
      });
      throw err instanceof TransientMailError ? err : new TransientMailError(String(err));
    });
    if (seen === true) {
      const found = await deps.ledger.recordSent(key, {
        sentAt: deps.clock(),
        smtpResponse: `found by the sent-message check (${deps.sentCheck.name}) after an unknown outcome`,
      });
      await audit(deps, request, 'invoice_message_sent', found, { outcome: 'found_sent' });
      return resultOf('found_sent', found);
    }
    if (seen === 'unknown') outcome = 'resent_after_unknown';
  }
  let built: InvoiceMessage;
  try {
    built = await buildInvoiceMessage(deps, {
      ...request,
      from: { address: account.fromAddress, name: account.fromName },
      pdf: await request.pdf(),
      messageId: record.messageId,
    });
    await deps.ledger.saveContent(key, deps.owner, { subject: built.subject, bodyText: built.text });
  } catch (err) {
    // Nothing went out now: let the claim go so the retry need not wait for it. An earlier
    // attempt's unknown outcome stays unknown, so the retry still asks (and audits a resend).
    await deps.ledger.recordFailure(key, deps.owner, {
      failedAt: deps.clock(),
      error: `not built: ${err instanceof Error ? err.message : String(err)}`,
      definite: claim.fresh || record.failureDefinite === true,
    });
    throw err;
  }
  let response: string;
  try {
    const info = await deps.transports.transportFor(account).send({
      messageId: built.messageId,
      date: deps.clock(),
      from: built.from,
      to: built.to,
      ...(built.replyTo ? { replyTo: built.replyTo } : {}),
      subject: built.subject,
      text: built.text,
      html: built.html,
      attachments: built.attachments,
    });
    const rejected = info.rejected.length > 0 ? ` (refused: ${info.rejected.length} recipient(s))` : '';
    response = `${info.response}${rejected}`;
  } catch (err) {
    const failure = classifySmtpError(err);
    await deps.ledger.recordFailure(key, deps.owner, {
      failedAt: deps.clock(),
      error: failure.description,
      definite: failure.definite,
    });
    await audit(
      deps,
      request,
      'invoice_message_failed',
      { ...record, error: failure.description },
      { permanent: failure.permanent, definite: failure.definite },
    );
    throw failure.permanent
      ? new PermanentMailError(`SMTP refused ${key.messageKey}: ${failure.description}`)
      : new TransientMailError(`SMTP ${key.messageKey}: ${failure.description}`);
  }
  const sent = await deps.ledger.recordSent(key, { sentAt: deps.clock(), smtpResponse: response });
  await audit(
    deps,
    request,
    outcome === 'sent' ? 'invoice_message_sent' : 'invoice_message_resent',
    sent,
    outcome === 'sent' ? { outcome } : { outcome, reason: 'resent after an unknown outcome' },
  );
  return resultOf(outcome, sent);
}

function resultOf(outcome: SentInvoiceMessage['outcome'], record: InvoiceMessageRecord): SentInvoiceMessage {
  return {
    outcome,
    messageKey: record.messageKey,
    messageId: record.messageId,
    to: record.to,
    subject: record.subject ?? '',
    bodyText: record.bodyText ?? '',
    sentAt: (record.sentAt ?? new Date(0)).toISOString(),
    smtpResponse: record.smtpResponse ?? '',
  };
}

/** One audit row per result; recipients counted, never listed (they are in invoice_messages). */
function audit(
  deps: ClaimedDeps,
  request: SendInvoiceMessageRequest,
  action: string,
  record: Pick<InvoiceMessageRecord, 'messageKey' | 'messageId' | 'to' | 'attempts'> & {
    error?: string | null;
  },
  detail: Record<string, string | boolean>,
): Promise<string> {
  return deps.audit.record({
    action,
    outcome: action === 'invoice_message_failed' ? 'failed' : 'succeeded',
    actor: request.actor ?? 'worker',
    ...(request.workflowId ? { workflowId: request.workflowId } : {}),
    subject: {
      installationId: request.installationId,
      xeroTenantId: request.invoice.xeroTenantId,
      xeroInvoiceId: request.invoice.xeroInvoiceId,
    },
    detail: {
      messageKey: record.messageKey,
      messageId: record.messageId,
      recipients: record.to.length,
      attempts: record.attempts,
      ...(record.error ? { error: record.error } : {}),
      ...detail,
    },
  });
}
