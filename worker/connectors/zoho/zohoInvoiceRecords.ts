import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import { diffZohoFields, readByUnique, type ZohoFields } from './zohoRecordDiff';
import { XERO_INVOICE, XERO_INVOICE_NAME_MAX } from './zohoSchema';
import { written } from './zohoWriteOutcomes';

/** The facts of a Xero invoice its Zoho record shows. */
export type InvoiceRecordFacts = Pick<
  CanonicalInvoice,
  | 'xeroInvoiceId'
  | 'number'
  | 'status'
  | 'currency'
  | 'total'
  | 'amountDue'
  | 'amountPaid'
  | 'dueDate'
  | 'onlineUrl'
>;

/**
 * The invoice's record in the custom module Xero_Invoices (Salesforce's Xero_Invoice__c): read by
 * its unique Xero_Invoice_ID, and when a field differs written in one upsert with
 * `duplicate_check_fields: [Xero_Invoice_ID]`, so a record made meanwhile by another sync is
 * updated, never doubled. Its Account and Deal lookups make it a row of the account's and the
 * deal's Xero Invoices related list; a link not given is left as it is (never cleared). A replay
 * reads and writes nothing.
 */
export async function upsertInvoiceRecord(
  client: ZohoClient,
  invoice: InvoiceRecordFacts,
  links: { accountId?: string; dealId?: string },
): Promise<CrmWriteResult> {
  const wanted = invoiceRecordFields(invoice, links);
  const current = await readByUnique(
    client,
    XERO_INVOICE.module,
    XERO_INVOICE.xeroInvoiceId,
    invoice.xeroInvoiceId,
    Object.keys(wanted),
  );
  const changes = diffZohoFields(current, wanted);
  if (current && Object.keys(changes).length === 0) return { recordId: current.id, created: false, changes };
  const done = written(
    await client.upsertRecords(XERO_INVOICE.module, [wanted], [XERO_INVOICE.xeroInvoiceId]),
  );
  return { recordId: done.id, created: done.action === 'insert', changes };
}

export function invoiceRecordFields(
  invoice: InvoiceRecordFacts,
  links: { accountId?: string; dealId?: string },
): ZohoFields {
  return {
    [XERO_INVOICE.xeroInvoiceId]: invoice.xeroInvoiceId,
    // A draft may have no number yet: the record still needs its (mandatory) name.
    [XERO_INVOICE.name]: (invoice.number || `Draft ${invoice.xeroInvoiceId.slice(0, 8)}`).slice(
      0,
      XERO_INVOICE_NAME_MAX,
    ),
    [XERO_INVOICE.number]: invoice.number || null,
    [XERO_INVOICE.status]: invoice.status,
    [XERO_INVOICE.currency]: invoice.currency,
    [XERO_INVOICE.total]: invoice.total,
    [XERO_INVOICE.amountDue]: invoice.amountDue,
    [XERO_INVOICE.amountPaid]: invoice.amountPaid,
    [XERO_INVOICE.dueDate]: invoice.dueDate ?? null,
    [XERO_INVOICE.onlineInvoiceUrl]: invoice.onlineUrl ?? null,
    ...(links.accountId ? { [XERO_INVOICE.account]: { id: links.accountId } } : {}),
    ...(links.dealId ? { [XERO_INVOICE.deal]: { id: links.dealId } } : {}),
  };
}

/** Zoho's data types of the module's fields, to check an org has the module as Ledgerbridge writes it. */
export const XERO_INVOICE_FIELD_TYPES: Readonly<Record<string, string>> = {
  [XERO_INVOICE.name]: 'text',
  [XERO_INVOICE.xeroInvoiceId]: 'text',
  [XERO_INVOICE.number]: 'text',
  [XERO_INVOICE.account]: 'lookup',
  [XERO_INVOICE.deal]: 'lookup',
  [XERO_INVOICE.status]: 'picklist',
  [XERO_INVOICE.currency]: 'text',
  [XERO_INVOICE.total]: 'currency',
  [XERO_INVOICE.amountDue]: 'currency',
  [XERO_INVOICE.amountPaid]: 'currency',
  [XERO_INVOICE.dueDate]: 'date',
  [XERO_INVOICE.onlineInvoiceUrl]: 'website',
};

/**
 * What the org lacks of the Xero_Invoices module, as `Xero_Invoices.Field (why)`; the module
 * itself absent → `Xero_Invoices (absent)`. Kept apart from missingLedgerbridgeFields: the module
 * is an admin's extra step, and an org without it still syncs accounts and deals.
 */
export async function missingInvoiceRecordFields(client: ZohoClient): Promise<string[]> {
  let fields;
  try {
    fields = new Map((await client.fields(XERO_INVOICE.module)).map((f) => [f.api_name, f]));
  } catch (err) {
    if (err instanceof VendorError && err.details.vendorCode === 'INVALID_MODULE')
      return [`${XERO_INVOICE.module} (absent)`];
    throw err;
  }
  const missing: string[] = [];
  for (const [apiName, dataType] of Object.entries(XERO_INVOICE_FIELD_TYPES)) {
    const field = fields.get(apiName);
    const where = `${XERO_INVOICE.module}.${apiName}`;
    if (!field) missing.push(`${where} (absent)`);
    else if (field.data_type !== dataType)
      missing.push(`${where} (is ${field.data_type}, needs ${dataType})`);
    else if (apiName === XERO_INVOICE.xeroInvoiceId && Object.keys(field.unique ?? {}).length === 0)
      missing.push(`${where} (needs unique values)`);
  }
  return missing;
}
