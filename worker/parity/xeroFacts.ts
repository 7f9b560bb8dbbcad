import type { CanonicalContact, CanonicalInvoice } from '../../workflows/domain/canonical';
import type { XeroContactFacts, XeroInvoiceFacts } from '../../workflows/domain/parity/parityFacts';

/** The part of a Xero invoice a parity check compares (lines only for their tracking). */
export function xeroInvoiceFacts(invoice: CanonicalInvoice): XeroInvoiceFacts {
  const tracking = new Map<string, { category: string; option: string }>();
  for (const line of invoice.lines)
    for (const t of line.tracking) tracking.set(`${t.category}\u0000${t.option}`, t);
  return {
    id: invoice.xeroInvoiceId,
    number: invoice.number,
    type: invoice.type,
    status: invoice.status,
    contactId: invoice.contactId,
    currency: invoice.currency,
    date: invoice.date,
    subTotal: invoice.subTotal,
    total: invoice.total,
    amountDue: invoice.amountDue,
    amountPaid: invoice.amountPaid,
    amountCredited: invoice.amountCredited,
    tracking: [...tracking.values()],
  };
}

export function xeroContactFacts(contact: CanonicalContact): XeroContactFacts {
  return {
    id: contact.xeroContactId,
    name: contact.name,
    groups: contact.groups,
    isCustomer: contact.isCustomer,
    status: contact.status,
  };
}
