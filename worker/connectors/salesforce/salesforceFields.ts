import type {
  CanonicalContact,
  CanonicalInvoice,
  CanonicalInvoicePayment,
  CanonicalLine,
} from '../../../workflows/domain/canonical';
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

/**
 * The package's Xero_Invoice__c record (upserted by Xero_Invoice_ID__c), a master-detail child of
 * its Account: its currency is the account's in a multi-currency org (Salesforce sets a detail's
 * CurrencyIsoCode from its master and refuses it in a write), so none is written.
 */
export function invoiceRecordFields(
  invoice: CanonicalInvoice,
  opportunityId: string | undefined,
  accountId: string | undefined,
): Fields {
  return {
    Name: (invoice.number || invoice.xeroInvoiceId).slice(0, 80),
    Invoice_Number__c: invoice.number,
    Type__c: invoice.type,
    Status__c: invoice.status,
    // The record's own currency is its account's (master-detail): the invoice's is kept beside it.
    Currency_Code__c: invoice.currency,
    Total__c: invoice.total,
    Amount_Due__c: invoice.amountDue,
    Amount_Paid__c: invoice.amountPaid,
    Issue_Date__c: invoice.date,
    Due_Date__c: invoice.dueDate ?? null,
    Online_Invoice_URL__c: invoice.onlineUrl ?? null,
    Xero_Updated__c: invoice.updatedAt,
    // Lists (the backfill's pages) carry no lines: the summary is only written from a full read.
    ...(invoice.lines.length > 0
      ? { Line_Count__c: invoice.lines.length, Line_Summary__c: lineSummary(invoice.lines) }
      : {}),
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

/** One text line per invoice line, e.g. "2 × Consulting @ 150.00 = 300.00 (OUTPUT2)". */
export function lineSummary(lines: CanonicalLine[]): string {
  const text = lines
    .map((l) => {
      const what = l.description || l.itemCode || 'Line';
      const tax = l.taxType ? ` (${l.taxType})` : '';
      return `${l.quantity} × ${what} @ ${l.unitAmount.toFixed(2)} = ${l.lineAmount.toFixed(2)}${tax}`;
    })
    .join('\n');
  return text.slice(0, 32768);
}

/** A Xero_Payment__c (upserted by Xero_Payment_ID__c); its currency is its invoice's (master-detail). */
export function paymentFields(payment: CanonicalInvoicePayment, accountId: string | undefined): Fields {
  return {
    Amount__c: payment.amount,
    Payment_Date__c: payment.date,
    Reference__c: payment.reference?.slice(0, 255) ?? null,
    Status__c: 'AUTHORISED',
    ...(accountId ? { Account__c: accountId } : {}),
  };
}

/** Set on an account whenever the worker writes it, for the package's "last synced" display. */
export const LAST_SYNC_FIELD = 'Ledgerbridge_Last_Sync__c';

/** The account's last-sync time, written with each change the worker makes to it. */
export function syncStamp(): Fields {
  return { [LAST_SYNC_FIELD]: new Date().toISOString() };
}
