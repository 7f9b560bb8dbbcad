import { z } from 'zod';
import type { DeliverySettings } from '../../../workflows/domain/delivery/deliverySettings';
import type { PortalLink, PortalLinkIssuer } from '../portalLinkIssuer';
import { renderInvoiceMessageHtml, renderInvoiceMessageText } from './invoiceMessageTemplates';
import { wordingOf, type InvoiceFacts } from './invoiceMessageWording';
import { isLoopbackHost } from './mailAccountInput';
import { messageIdOf, messageKeyOf, portalLinkPurposeOf, type MessageKind } from './messageIds';

export type { InvoiceFacts } from './invoiceMessageWording';
export type { MessageKind } from './messageIds';

export interface InvoiceMessageInput {
  installationId: string;
  message: MessageKind;
  invoice: InvoiceFacts;
  delivery: Pick<DeliverySettings, 'brand' | 'portalLinkDays'>;
  /** The Xero organisation's name: the brand's name when the settings give none. */
  organisationName: string;
  /** The SMTP account's sender. */
  from: { address: string; name: string | null };
  to: string[];
  /** The invoice's PDF from Xero. */
  pdf: Buffer;
  /** Formats of amounts and dates (the wording is English); default en-GB. */
  locale?: string | undefined;
  /** The stored intent's Message-ID (a resend must keep it); computed when absent. */
  messageId?: string | undefined;
}

/** A message ready for nodemailer, with what the CRM log and the audit need. */
export interface InvoiceMessage {
  messageKey: string;
  messageId: string;
  from: { name: string; address: string };
  to: string[];
  replyTo?: string | undefined;
  subject: string;
  html: string;
  text: string;
  attachments: Array<{ filename: string; content: Buffer; contentType: 'application/pdf' }>;
  portalLink: PortalLink;
}

export class InvoiceMessageError extends Error {
  override name = 'InvoiceMessageError';
}

/** https, or http to this machine (the sandbox's portal): nothing else goes into an href. */
function linkUrl(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvoiceMessageError(`${what}: not a URL`);
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
    return parsed.toString();
  throw new InvoiceMessageError(`${what}: only https links go in an e-mail`);
}

/** Header text on one line: no CR/LF or other control characters. */
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const oneLine = (value: string) => value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

/** `INV-0042.pdf`; anything but letters, digits, dot, dash and underscore becomes a dash. */
export function pdfFileNameOf(invoiceNumber: string): string {
  const safe = invoiceNumber.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return `${safe || 'invoice'}.pdf`;
}

/**
 * Builds the branded e-mail of an invoice or a reminder: asks for the customer's portal link, then
 * lays out the same words as HTML and text, the PDF attached.
 */
export async function buildInvoiceMessage(
  deps: { portalLinks: PortalLinkIssuer },
  input: InvoiceMessageInput,
): Promise<InvoiceMessage> {
  const { invoice, delivery } = input;
  if (input.to.length === 0) throw new InvoiceMessageError('to: no recipient');
  if (!input.to.every((address) => z.email().safeParse(address).success))
    throw new InvoiceMessageError('to: not an e-mail address');
  const brandName = oneLine(delivery.brand.name ?? input.organisationName);
  const link = await deps.portalLinks.issue({
    installationId: input.installationId,
    xeroTenantId: invoice.xeroTenantId,
    xeroContactId: invoice.xeroContactId,
    validDays: delivery.portalLinkDays,
    purpose: portalLinkPurposeOf(invoice.xeroInvoiceId, input.message, invoice.version),
  });
  const locale = input.locale ?? 'en-GB';
  const wording = wordingOf({
    message: input.message,
    invoice,
    brandName,
    linkExpiresAt: link.expiresAt,
    locale,
  });
  const layout = {
    wording,
    brand: {
      name: brandName,
      colour: /^#[0-9a-fA-F]{6}$/.test(delivery.brand.colour) ? delivery.brand.colour : '#1F6FEB',
      logoUrl: delivery.brand.logoUrl?.startsWith('https://') ? delivery.brand.logoUrl : undefined,
    },
    portalUrl: linkUrl(link.url, 'portal link'),
    payOnlineUrl: invoice.onlineInvoiceUrl ? linkUrl(invoice.onlineInvoiceUrl, 'online invoice') : undefined,
  };
  return {
    messageKey: messageKeyOf(invoice.xeroInvoiceId, input.message, invoice.version),
    messageId:
      input.messageId ??
      messageIdOf({
        installationId: input.installationId,
        xeroInvoiceId: invoice.xeroInvoiceId,
        version: invoice.version,
        message: input.message,
        fromAddress: input.from.address,
      }),
    from: { name: oneLine(input.from.name ?? brandName), address: input.from.address },
    to: input.to,
    replyTo: delivery.brand.replyTo,
    subject: oneLine(wording.subject),
    html: renderInvoiceMessageHtml(layout),
    text: renderInvoiceMessageText(layout),
    attachments: [
      { filename: pdfFileNameOf(invoice.number), content: input.pdf, contentType: 'application/pdf' },
    ],
    portalLink: link,
  };
}
