import { createHash } from 'node:crypto';

/** Which message of an invoice: the invoice itself, or the reminder of one schedule day. */
export type MessageKind =
  | { kind: 'invoice' }
  | {
      kind: 'reminder';
      /** The schedule's day relative to the due date (delivery.reminderDays; negative before). */
      day: number;
      /** Days relative to the due date on the day it is sent, when later than `day` (a late send). */
      daysFromDue?: number;
    };

/**
 * One message per key, per installation: the invoice once per version, each reminder once per
 * schedule day (a reminder is not sent again because the invoice changed).
 */
export function messageKeyOf(xeroInvoiceId: string, message: MessageKind, version: string): string {
  return message.kind === 'invoice'
    ? `invoice:${xeroInvoiceId}:${version}`
    : `reminder:${xeroInvoiceId}:${message.day}`;
}

/** Why a portal link was issued (PortalLinkRequest.purpose). */
export function portalLinkPurposeOf(xeroInvoiceId: string, message: MessageKind, version: string): string {
  return message.kind === 'invoice'
    ? `delivery:${xeroInvoiceId}:${version}`
    : `reminder:${xeroInvoiceId}:${message.day}`;
}

const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
export const FALLBACK_MESSAGE_ID_DOMAIN = 'ledgerbridge.invalid';

/**
 * The RFC 5322 Message-ID, the same every time for (installation, invoice, version, kind/step):
 * what a retry asks the mail server about. Its right-hand side is the from-address's domain, as
 * receiving servers expect of a sender, or `ledgerbridge.invalid` when that is not a plain host name.
 */
export function messageIdOf(input: {
  installationId: string;
  xeroInvoiceId: string;
  version: string;
  message: MessageKind;
  fromAddress: string;
}): string {
  const step = input.message.kind === 'invoice' ? 'invoice' : `reminder${input.message.day}`;
  const digest = createHash('sha256')
    .update([input.installationId, input.xeroInvoiceId, input.version, step].join('\n'))
    .digest('hex')
    .slice(0, 32);
  const domain = input.fromAddress.slice(input.fromAddress.lastIndexOf('@') + 1).toLowerCase();
  return `<${step}.${digest}@${HOSTNAME.test(domain) ? domain : FALLBACK_MESSAGE_ID_DOMAIN}>`;
}
