import type { CanonicalContact, CanonicalInvoice } from './canonical';
import type { MappingSettings } from './mappingSettings';
import { fromCents, toCents } from './money';

export type Qualification = { qualifies: true } | { qualifies: false; reason: string };

/** Whether a Xero invoice belongs in the CRM under the configured rules; the reason says why not. */
export function qualifies(
  invoice: Pick<CanonicalInvoice, 'type' | 'status' | 'total'> & {
    lines: ReadonlyArray<Pick<CanonicalInvoice['lines'][number], 'tracking'>>;
  },
  contact: Pick<CanonicalContact, 'groups'> | undefined,
  settings: MappingSettings,
): Qualification {
  const rules = settings.invoiceRules;
  if (!rules.types.includes(invoice.type))
    return { qualifies: false, reason: `type ${invoice.type} is not synced` };
  if (!rules.statuses.includes(invoice.status))
    return { qualifies: false, reason: `status ${invoice.status} is not synced` };
  if (toCents(invoice.total) < toCents(rules.minAmount)) {
    return { qualifies: false, reason: `total ${invoice.total} is below the minimum ${rules.minAmount}` };
  }
  if (rules.contactGroups.length > 0 && !contact?.groups.some((g) => rules.contactGroups.includes(g))) {
    return { qualifies: false, reason: `contact is in none of the groups ${rules.contactGroups.join(', ')}` };
  }
  const tracking = rules.trackingOption;
  if (
    tracking &&
    !invoice.lines.some((l) =>
      l.tracking.some((t) => t.category === tracking.category && t.option === tracking.option),
    )
  ) {
    return { qualifies: false, reason: `no line is tracked as ${tracking.category}: ${tracking.option}` };
  }
  return { qualifies: true };
}

export type PaymentStatus = 'Unpaid' | 'Partially Paid' | 'Paid';

/** What the CRM's deal / opportunity should say about an invoice, in CRM-neutral terms. */
export interface DealFromInvoice {
  xeroInvoiceId: string;
  name: string;
  stage: string;
  amount: number;
  currency: string;
  closeDate: string;
  invoiceNumber: string;
  invoiceStatus: CanonicalInvoice['status'];
  invoiceUrl: string | undefined;
  amountDue: number;
  amountPaid: number;
  paymentStatus: PaymentStatus;
}

export function paymentStatusOf(
  invoice: Pick<CanonicalInvoice, 'status' | 'amountDue' | 'amountPaid' | 'amountCredited' | 'total'>,
): PaymentStatus {
  if (invoice.status === 'PAID' || (toCents(invoice.amountDue) === 0 && toCents(invoice.total) > 0))
    return 'Paid';
  if (toCents(invoice.amountPaid) + toCents(invoice.amountCredited) > 0) return 'Partially Paid';
  return 'Unpaid';
}

export function dealFromInvoice(invoice: CanonicalInvoice, settings: MappingSettings): DealFromInvoice {
  const stage = settings.stageByStatus[invoice.status];
  if (!stage) throw new Error(`no stage configured for status ${invoice.status}`);
  return {
    xeroInvoiceId: invoice.xeroInvoiceId,
    name: `${invoice.contactName} – ${invoice.number}`,
    stage,
    amount: fromCents(toCents(invoice.total)),
    currency: invoice.currency,
    closeDate: invoice.date,
    invoiceNumber: invoice.number,
    invoiceStatus: invoice.status,
    invoiceUrl: invoice.onlineUrl,
    amountDue: fromCents(toCents(invoice.amountDue)),
    amountPaid: fromCents(toCents(invoice.amountPaid)),
    paymentStatus: paymentStatusOf(invoice),
  };
}
