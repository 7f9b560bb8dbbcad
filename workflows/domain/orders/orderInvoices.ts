import type { InvoiceDraft, InvoiceLineDraft } from '../dealToInvoice';
import type { MappingSettings } from '../mappingSettings';
import { addDays } from '../stripe/calendarDates';
import { lastDayOf } from './billingPeriod';

/** Days a month-end invoice is due after its date (the period's last day). */
export const MONTH_END_TERMS_DAYS = 30;

export interface OrderLineFacts {
  sku: string;
  description: string;
  quantity: number;
  unitPrice: number;
}

/** The account (and item) a site's SKU is sold under: the settings' item mapping, else the default. */
function salesLine(
  settings: Pick<MappingSettings, 'items' | 'defaultAccountCode'>,
  sku: string,
): Pick<InvoiceLineDraft, 'accountCode' | 'itemCode'> {
  const item = settings.items[sku];
  return item
    ? { accountCode: item.accountCode, ...(item.itemCode ? { itemCode: item.itemCode } : {}) }
    : { accountCode: settings.defaultAccountCode };
}

const cents = (lines: Array<{ quantity: number; unitAmount: number }>) =>
  lines.reduce((sum, l) => sum + Math.round(l.quantity * l.unitAmount * 100), 0);

/**
 * Order prices are what the customer pays, so the invoices' line amounts include tax: the invoice's
 * total is the order's (card orders are paid in full; a month's invoice is its orders' sum).
 *
 * A card-paid order's invoice: authorised, dated the day it was placed (in the installation's time
 * zone) and due that day (it is paid at once), one line per order line, referenced by the order ID.
 */
export function cardOrderInvoice(
  order: { id: string; currency: string; lines: OrderLineFacts[] },
  placedOn: string,
  settings: Pick<MappingSettings, 'items' | 'defaultAccountCode'>,
): InvoiceDraft {
  const lines = order.lines.map((l) => ({
    description: `${l.description} (${l.sku})`,
    quantity: l.quantity,
    unitAmount: l.unitPrice,
    ...salesLine(settings, l.sku),
  }));
  return {
    type: 'ACCREC',
    status: 'AUTHORISED',
    date: placedOn,
    dueDate: placedOn,
    currency: order.currency,
    reference: `Order ${order.id}`,
    lines,
    amountsIncludeTax: true,
    subTotalCents: cents(lines),
  };
}

/** One customer's account orders of a period, as one invoice with one line per order. */
export function monthEndInvoice(
  group: { period: string; currency: string },
  orders: Array<{ orderId: string; placedOn: string; totalCents: number }>,
  settings: Pick<MappingSettings, 'defaultAccountCode'>,
): InvoiceDraft {
  const date = lastDayOf(group.period);
  const lines = orders.map((o) => ({
    description: `Order ${o.orderId} of ${o.placedOn}`,
    quantity: 1,
    unitAmount: o.totalCents / 100,
    accountCode: settings.defaultAccountCode,
  }));
  return {
    type: 'ACCREC',
    status: 'AUTHORISED',
    date,
    dueDate: addDays(date, MONTH_END_TERMS_DAYS),
    currency: group.currency,
    reference: `Orders ${group.period}`,
    lines,
    amountsIncludeTax: true,
    subTotalCents: cents(lines),
  };
}
