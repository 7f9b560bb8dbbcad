import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { DealFromInvoice } from '../../../workflows/domain/invoiceToDeal';

/** A record's fields as Salesforce's REST API takes them. */
export type Fields = Record<string, string | number | boolean | null>;

/** The Opportunity for an invoice (upserted by Xero_Invoice_ID__c). */
export function opportunityFields(
  deal: DealFromInvoice,
  accountId: string | undefined,
  currency: Fields,
): Fields {
  return {
    Name: deal.name.slice(0, 120),
    StageName: deal.stage,
    Amount: deal.amount,
    CloseDate: deal.closeDate,
    ...currency,
    ...(accountId ? { AccountId: accountId } : {}),
    Xero_Invoice_Number__c: deal.invoiceNumber,
    Xero_Invoice_Status__c: deal.invoiceStatus,
    Xero_Online_Invoice_URL__c: deal.invoiceUrl ?? null,
    Xero_Amount_Due__c: deal.amountDue,
    Xero_Amount_Paid__c: deal.amountPaid,
  };
}

/** The package's Xero_Invoice__c record (upserted by Xero_Invoice_ID__c). */
export function invoiceRecordFields(
  invoice: CanonicalInvoice,
  opportunityId: string | undefined,
  accountId: string | undefined,
  currency: Fields,
): Fields {
  return {
    Name: (invoice.number || invoice.xeroInvoiceId).slice(0, 80),
    Invoice_Number__c: invoice.number,
    Type__c: invoice.type,
    Status__c: invoice.status,
    ...currency,
    Total__c: invoice.total,
    Amount_Due__c: invoice.amountDue,
    Amount_Paid__c: invoice.amountPaid,
    Issue_Date__c: invoice.date,
    Due_Date__c: invoice.dueDate ?? null,
    Online_Invoice_URL__c: invoice.onlineUrl ?? null,
    Xero_Updated__c: invoice.updatedAt,
    ...(opportunityId ? { Opportunity__c: opportunityId } : {}),
    ...(accountId ? { Account__c: accountId } : {}),
  };
}

/**
 * An Account's fields from a Xero contact: the name when Xero owns contact data, and the balances
 * (accounting data, Xero's whichever side owns contacts) when the contact came with them.
 */
export function accountFields(contact: CanonicalContact, withName: boolean): Fields {
  return {
    ...(withName ? { Name: contact.name.slice(0, 255) } : {}),
    ...(contact.receivable
      ? {
          Xero_Outstanding_Balance__c: contact.receivable.outstanding,
          Xero_Overdue_Amount__c: contact.receivable.overdue,
        }
      : {}),
  };
}
