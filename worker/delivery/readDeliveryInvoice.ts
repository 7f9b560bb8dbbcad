import type { DeliverySettings } from '../../workflows/domain/delivery/deliverySettings';
import { deliveryInvoiceState } from '../../workflows/domain/delivery/reminderSchedule';
import { dateInTimeZone } from '../../workflows/domain/stripe/calendarDates';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { msToNextDayIn } from '../payments/collections/collectionActivities';
import { deliverySection, paymentsSection } from '../sync/installationSections';
import type { DeliveryInvoice, DeliveryRef } from './deliveryActivityTypes';
import type { DeliveryStops } from './deliveryStops';
import { invoiceVersion } from './invoiceVersion';
import { isApprovedSalesInvoice } from './startInvoiceDelivery';

export interface DeliveryReadDeps {
  /** One organisation's Xero reads; refuses a tenant of another installation. */
  xero(installationId: string, xeroTenantId: string): Promise<Pick<XeroApi, 'getInvoice' | 'getContact'>>;
  /** The installation's stored settings (unparsed; `delivery` and `payments.timeZone` are read). */
  loadInstallationSettings(installationId: string): Promise<unknown>;
  now(): Date;
  /** People's decisions to stop an invoice's reminders (ops delivery stop); absent: none are kept. */
  deliveryStops?: Pick<DeliveryStops, 'find'>;
  /** Whether Ledgerbridge has e-mailed any version of the invoice (invoice_messages); absent: never. */
  sentByLedgerbridge?(installationId: string, xeroInvoiceId: string): Promise<boolean>;
}

/** The installation's delivery settings and the time zone its days are counted in. */
export async function deliverySettingsOf(
  deps: Pick<DeliveryReadDeps, 'loadInstallationSettings'>,
  installationId: string,
): Promise<{ delivery: DeliverySettings; timeZone: string }> {
  const stored = await deps.loadInstallationSettings(installationId);
  return { delivery: deliverySection(stored), timeZone: paymentsSection(stored).timeZone };
}

/** The invoice as the delivery workflow sees it on each wake; undefined when Xero no longer has it. */
export async function readDeliveryInvoice(
  deps: DeliveryReadDeps,
  ref: DeliveryRef,
): Promise<DeliveryInvoice | undefined> {
  const { delivery, timeZone } = await deliverySettingsOf(deps, ref.installationId);
  const xero = await deps.xero(ref.installationId, ref.xeroTenantId);
  let invoice;
  try {
    invoice = await xero.getInvoice(ref.xeroInvoiceId);
  } catch (err) {
    if (err instanceof VendorError && err.kind === 'notFound') return undefined;
    throw err;
  }
  const approved = isApprovedSalesInvoice(invoice);
  // The contact's address costs a call: read only when an e-mail could go.
  const email =
    approved && delivery.sender !== 'off'
      ? (await xero.getContact(invoice.contactId)).email?.trim()
      : undefined;
  // Sent from Xero by someone (before delivery was on, or by hand) and never by Ledgerbridge: the
  // customer has it, so it is not e-mailed again when it is next synced (a payment, an edit).
  const sentElsewhere =
    Boolean(email) &&
    invoice.sentToContact === true &&
    !(await deps.sentByLedgerbridge?.(ref.installationId, ref.xeroInvoiceId));
  const stop = await deps.deliveryStops?.find(ref.installationId, ref.xeroInvoiceId);
  const now = deps.now();
  return {
    state: deliveryInvoiceState(invoice),
    approved,
    deliverable: approved && Boolean(email) && !sentElsewhere,
    version: invoiceVersion(invoice),
    number: invoice.number,
    dueDate: invoice.dueDate ?? invoice.date,
    today: dateInTimeZone(now.getTime() / 1000, timeZone),
    msToNextDay: msToNextDayIn(now, timeZone),
    sender: delivery.sender,
    reminderDays: delivery.reminderDays,
    fileInCrm: delivery.fileInCrm,
    ...(stop ? { stoppedBy: { by: stop.by, reason: stop.reason, at: stop.at.toISOString() } } : {}),
  };
}
