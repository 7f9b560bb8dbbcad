import type { MessageKind } from './messageIds';

/** The invoice as a message shows it (amounts in major units, as Xero gives them). */
export interface InvoiceFacts {
  xeroTenantId: string;
  xeroInvoiceId: string;
  xeroContactId: string;
  number: string;
  /** What one invoice message is per (DeliveryInvoice.version). */
  version: string;
  contactName: string;
  /** ISO 4217, e.g. GBP. */
  currency: string;
  total: number;
  amountDue: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** Xero's online invoice (GET /Invoices/{id}/OnlineInvoice), where the organisation has one. */
  onlineInvoiceUrl?: string | null | undefined;
}

/** Everything a message says, formatted; the HTML and text templates lay it out. */
export interface MessageWording {
  subject: string;
  heading: string;
  greeting: string;
  intro: string;
  facts: Array<{ label: string; value: string }>;
  viewAndPay: string;
  payOnline: string;
  linkNote: string;
  closing: string;
  signature: string;
  footer: string;
}

export function formatMoney(amount: number, currency: string, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount);
  } catch {
    // An unknown currency code: plain, never a crash on one invoice.
    return `${currency} ${amount.toFixed(2)}`;
  }
}

/** A calendar date (YYYY-MM-DD, or the date of an ISO instant) in words, read in UTC. */
export function formatDate(date: string, locale: string): string {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(instant));
}

const days = (n: number) => `${n} ${n === 1 ? 'day' : 'days'}`;

export function wordingOf(input: {
  message: MessageKind;
  invoice: InvoiceFacts;
  brandName: string;
  linkExpiresAt: string;
  locale: string;
}): MessageWording {
  const { invoice, brandName, locale } = input;
  const total = formatMoney(invoice.total, invoice.currency, locale);
  const due = formatMoney(invoice.amountDue, invoice.currency, locale);
  const dueDate = formatDate(invoice.dueDate, locale);
  const common = {
    greeting: `Dear ${invoice.contactName},`,
    facts: [
      { label: 'Invoice number', value: invoice.number },
      { label: 'Total', value: total },
      { label: 'Amount due', value: due },
      { label: 'Due date', value: dueDate },
    ],
    viewAndPay: 'View and pay',
    payOnline: `Pay invoice ${invoice.number} online with Xero`,
    linkNote: `This link is for you alone and works until ${formatDate(input.linkExpiresAt, locale)}. It shows your open invoices and payment history with ${brandName}.`,
    signature: brandName,
    footer: `Sent by ${brandName}. Reply to this e-mail to reach us.`,
  };
  if (input.message.kind === 'invoice')
    return {
      ...common,
      subject: `Invoice ${invoice.number} from ${brandName}`,
      heading: `Invoice ${invoice.number}`,
      intro: `Please find attached invoice ${invoice.number} for ${total}. The amount due, ${due}, is payable by ${dueDate}.`,
      closing: 'Thank you for your business.',
    };
  const fromDue = input.message.daysFromDue ?? input.message.day;
  const closing = 'If you have paid already, thank you, and please disregard this reminder.';
  if (fromDue < 0)
    return {
      ...common,
      subject: `Reminder: invoice ${invoice.number} is due on ${dueDate}`,
      heading: `Invoice ${invoice.number} is due in ${days(-fromDue)}`,
      intro: `A friendly reminder that invoice ${invoice.number}, ${due}, is due in ${days(-fromDue)}, on ${dueDate}. The invoice is attached.`,
      closing,
    };
  if (fromDue === 0)
    return {
      ...common,
      subject: `Invoice ${invoice.number} is due today`,
      heading: `Invoice ${invoice.number} is due today`,
      intro: `A friendly reminder that invoice ${invoice.number}, ${due}, is due today, ${dueDate}. The invoice is attached.`,
      closing,
    };
  return {
    ...common,
    subject: `Overdue: invoice ${invoice.number} is ${days(fromDue)} overdue`,
    heading: `Invoice ${invoice.number} is ${days(fromDue)} overdue`,
    intro: `Invoice ${invoice.number} was due on ${dueDate}, ${days(fromDue)} ago, and ${due} is still outstanding. The invoice is attached.`,
    closing,
  };
}
