import { Connection as JsforceConnection } from 'jsforce';
import type { BareInvoice } from './latencyBareSync';

type Row = Record<string, unknown> & { Id: string };
type Subrequest = { referenceId: string; method: 'GET' | 'PATCH'; url: string; body?: unknown };
interface CompositeBody {
  compositeResponse: Array<{ referenceId: string; httpStatusCode: number; body: unknown }>;
}

const soql = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
export const differs = (row: Record<string, unknown> | undefined, fields: Record<string, unknown>): boolean =>
  !row || Object.entries(fields).some(([name, value]) => row[name] !== value);

/**
 * The bare path's Salesforce write of one invoice, through jsforce: the account, opportunity,
 * Xero_Invoice__c record and its payments read in one composite call, then what differs written in
 * one more (all or none), as the stack's everyday case does.
 */
export function bareSalesforceWriter(salesforce: {
  instanceUrl: string;
  accessToken: string;
  version: string;
}): (invoice: BareInvoice) => Promise<void> {
  const sf = new JsforceConnection(salesforce);
  const base = `/services/data/v${salesforce.version}`;
  const select = (sobject: string, field: string, value: string, names: string[]) =>
    `${base}/query?q=${encodeURIComponent(`SELECT Id, ${names.join(', ')} FROM ${sobject} WHERE ${field} = ${soql(value)} LIMIT 1`)}`;

  async function composite(subrequests: Subrequest[], allOrNone: boolean): Promise<Map<string, unknown>> {
    const raw = await sf.requestPost<CompositeBody>(`${base}/composite`, {
      allOrNone,
      compositeRequest: subrequests,
    });
    // With no invoice record yet, the payments read has no ID to use and fails: there are none.
    for (const r of raw.compositeResponse)
      if (r.httpStatusCode >= 400 && r.referenceId !== 'payments')
        throw new Error(`salesforce ${r.referenceId}: ${JSON.stringify(r.body)}`);
    return new Map(raw.compositeResponse.map((r) => [r.referenceId, r.body]));
  }
  const rows = (body: unknown): Row[] => (body as { records?: Row[] } | undefined)?.records ?? [];

  return async function write(invoice: BareInvoice): Promise<void> {
    const { invoiceId } = invoice;
    const account = {
      Xero_Outstanding_Balance__c: invoice.outstanding,
      Xero_Overdue_Amount__c: invoice.overdue,
    };
    const opportunity = {
      Xero_Invoice_Number__c: invoice.number,
      Xero_Invoice_Status__c: invoice.status,
      Xero_Online_Invoice_URL__c: invoice.url,
      Xero_Amount_Due__c: invoice.amountDue,
      Xero_Amount_Paid__c: invoice.amountPaid,
    };
    const record = {
      Status__c: invoice.status,
      Total__c: invoice.total,
      Amount_Due__c: invoice.amountDue,
      Amount_Paid__c: invoice.amountPaid,
      Online_Invoice_URL__c: invoice.url,
    };
    const read = await composite(
      [
        {
          referenceId: 'account',
          method: 'GET',
          url: select('Account', 'Xero_Contact_ID__c', invoice.contactId, Object.keys(account)),
        },
        {
          referenceId: 'opportunity',
          method: 'GET',
          url: select('Opportunity', 'Xero_Invoice_ID__c', invoiceId, Object.keys(opportunity)),
        },
        {
          referenceId: 'record',
          method: 'GET',
          url: select('Xero_Invoice__c', 'Xero_Invoice_ID__c', invoiceId, Object.keys(record)),
        },
        {
          referenceId: 'payments',
          method: 'GET',
          url: `${base}/query?q=${encodeURIComponent('SELECT Id, Xero_Payment_ID__c FROM Xero_Payment__c WHERE Invoice__c = ')}'@{record.records[0].Id}'`,
        },
      ],
      false,
    );
    const [sfAccount] = rows(read.get('account'));
    const [sfRecord] = rows(read.get('record'));
    const stored = new Set(rows(read.get('payments')).map((p) => String(p.Xero_Payment_ID__c).toLowerCase()));
    const upsert = (referenceId: string, sobject: string, body: unknown): Subrequest => ({
      referenceId,
      method: 'PATCH',
      url: `${base}/sobjects/${sobject}/Xero_Invoice_ID__c/${invoiceId}`,
      body,
    });
    const writes: Subrequest[] = [];
    if (sfAccount && differs(sfAccount, account))
      writes.push({
        referenceId: 'writeAccount',
        method: 'PATCH',
        url: `${base}/sobjects/Account/${sfAccount.Id}`,
        body: account,
      });
    if (differs(rows(read.get('opportunity'))[0], opportunity))
      writes.push(upsert('writeOpportunity', 'Opportunity', opportunity));
    if (differs(sfRecord, record)) writes.push(upsert('writeRecord', 'Xero_Invoice__c', record));
    const fresh = invoice.payments.filter((p) => !stored.has(p.id.toLowerCase()));
    if (fresh.length > 0 && sfRecord)
      writes.push({
        referenceId: 'writePayments',
        method: 'PATCH',
        url: `${base}/composite/sobjects/Xero_Payment__c/Xero_Payment_ID__c`,
        body: {
          allOrNone: true,
          records: fresh.map((p) => ({
            attributes: { type: 'Xero_Payment__c' },
            Xero_Payment_ID__c: p.id,
            Amount__c: p.amount,
            Payment_Date__c: p.date,
            Status__c: 'AUTHORISED',
            Invoice__c: sfRecord.Id,
          })),
        },
      });
    if (writes.length > 0) await composite(writes, true);
  };
}
