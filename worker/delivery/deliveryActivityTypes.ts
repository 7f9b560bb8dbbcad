import type { ReminderState, ReminderStepId } from '../../workflows/domain/delivery/reminderSchedule';

/** The invoice as the delivery workflow reads it on every wake, with the installation's settings. */
export interface DeliveryInvoice {
  state: ReminderState['invoice'];
  /** A sales invoice Xero has approved (SUBMITTED, AUTHORISED or PAID): it can be filed. */
  approved: boolean;
  /** Approved, its contact has an e-mail address, and not sent from Xero by someone else: it can be e-mailed. */
  deliverable: boolean;
  /** The billable content's version (a hash of number, contact, dates, lines, totals): what one message is per. */
  version: string;
  number: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** The installation's date today (its time zone) and the milliseconds until its next midnight. */
  today: string;
  msToNextDay: number;
  sender: 'off' | 'xero' | 'ledgerbridge';
  reminderDays: number[];
  fileInCrm: boolean;
  /** A person's standing decision to send no more reminders (delivery_stops): kept across runs. */
  stoppedBy?: { by: string; reason: string; at: string };
}

export interface DeliveryRef {
  installationId: string;
  xeroTenantId: string;
  xeroInvoiceId: string;
}

/** What the delivery workflow calls (worker/delivery/deliveryActivities.ts). */
export interface DeliveryActivities {
  /** undefined: the invoice is gone (deleted, or the organisation disconnected). */
  readDeliveryInvoice(ref: DeliveryRef): Promise<DeliveryInvoice | undefined>;
  /** E-mails the invoice once per version (Xero's /Email or the installation's SMTP account). */
  deliverInvoice(input: DeliveryRef & { version: string }): Promise<{
    messageKey: string;
    /** Not sent, and why (the invoice was paid, credited or voided since the workflow read it). */
    skipped?: string;
  }>;
  /** Files the PDF on the invoice's deals and accounts in every CRM of the organisation. */
  fileInvoiceInCrm(input: DeliveryRef & { version: string }): Promise<{ filed: number }>;
  /** Sends one reminder once, and logs it on the CRM records. */
  sendReminder(input: DeliveryRef & { version: string; step: ReminderStepId; day: number }): Promise<{
    messageKey: string;
    /** Not sent, and why (the invoice was paid, credited or voided since the workflow read it). */
    skipped?: string;
  }>;
}
