import type { CanonicalContact } from '../../../workflows/domain/canonical';
import type { DealFromInvoice } from '../../../workflows/domain/invoiceToDeal';

/** Property values as HubSpot takes them: all strings. */
export type Properties = Record<string, string>;

/** A deal's properties for an invoice (upserted by xero_invoice_id); HubSpot wants strings. */
export function dealProperties(deal: DealFromInvoice, stageId: string): Properties {
  return {
    dealname: deal.name,
    dealstage: stageId,
    amount: String(deal.amount),
    closedate: `${deal.closeDate}T00:00:00.000Z`,
    deal_currency_code: deal.currency,
    xero_invoice_number: deal.invoiceNumber,
    xero_invoice_status: deal.invoiceStatus,
    xero_invoice_url: deal.invoiceUrl ?? '',
    xero_amount_due: String(deal.amountDue),
    xero_amount_paid: String(deal.amountPaid),
    xero_payment_status: deal.paymentStatus,
  };
}

/** A company's properties from a Xero contact: the name when Xero owns contacts, balances when known. */
export function companyFields(contact: CanonicalContact, withName: boolean): Properties {
  return {
    ...(withName ? { name: contact.name } : {}),
    ...(contact.receivable
      ? {
          xero_outstanding_balance: String(contact.receivable.outstanding),
          xero_overdue_amount: String(contact.receivable.overdue),
        }
      : {}),
  };
}
