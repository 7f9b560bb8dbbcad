import { Client as HubspotClient } from '@hubspot/api-client';
import { Connection as JsforceConnection } from 'jsforce';
import { XeroClient } from 'xero-node';
import type { Invoice } from 'xero-node/dist/gen/model/accounting/invoice';

/**
 * The bare path's sync of one Xero invoice: the reads and writes bench:latency's stack makes for a
 * payment, made straight with the vendors' SDKs (no Temporal, no store, no pacer, no retries):
 * Xero's invoice (its online link once per invoice), its contact; Salesforce's account,
 * opportunity, invoice record and payments read in one composite call and what differs written in
 * another; HubSpot's company (updated if its balances moved), the deal with its associations, the
 * deal upserted. Fields are mapped plainly from Xero's (name, stage and close date left as they are).
 */
export interface BareVendors {
  tenantId: string;
  xero: { apiBase: string; accessToken: string };
  salesforce: { instanceUrl: string; accessToken: string; version: string };
  hubspot: { apiBase: string; accessToken: string };
}

type Row = Record<string, unknown> & { Id: string };
type Sub = { referenceId: string; method: string; url: string; body?: unknown };
interface Composite {
  compositeResponse: Array<{ referenceId: string; httpStatusCode: number; body: unknown }>;
}

const soql = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const differs = (row: Record<string, unknown> | undefined, fields: Record<string, unknown>) =>
  !row || Object.entries(fields).some(([name, value]) => row[name] !== value);
const asString = (value: unknown) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value ?? '');

export function bareSync(vendors: BareVendors): (invoiceId: string) => Promise<void> {
  const xeroClient = new XeroClient();
  xeroClient.accountingApi.basePath = `${vendors.xero.apiBase}/api.xro/2.0`;
  xeroClient.setTokenSet({ access_token: vendors.xero.accessToken, token_type: 'Bearer' });
  const xero = xeroClient.accountingApi;
  const sf = new JsforceConnection(vendors.salesforce);
  const base = `/services/data/v${vendors.salesforce.version}`;
  const hs = new HubspotClient({
    accessToken: vendors.hubspot.accessToken,
    basePath: vendors.hubspot.apiBase,
  });
  const onlineUrls = new Map<string, string>();
  const { tenantId } = vendors;

  async function onlineUrl(invoice: Invoice): Promise<string | null> {
    const id = invoice.invoiceID ?? '';
    if (String(invoice.type) !== 'ACCREC' || ['DRAFT', 'DELETED'].includes(String(invoice.status)))
      return null;
    if (!onlineUrls.has(id)) {
      const url = (await xero.getOnlineInvoice(tenantId, id)).body.onlineInvoices?.[0]?.onlineInvoiceUrl;
      if (url) onlineUrls.set(id, url);
    }
    return onlineUrls.get(id) ?? null;
  }

  async function composite(
    subrequests: Sub[],
    allOrNone: boolean,
  ): Promise<Map<string, { status: number; body: unknown }>> {
    const raw = await sf.requestPost<Composite>(`${base}/composite`, {
      allOrNone,
      compositeRequest: subrequests,
    });
    const byRef = new Map(
      raw.compositeResponse.map((r) => [r.referenceId, { status: r.httpStatusCode, body: r.body }]),
    );
    // With no invoice record yet, the payments read has no ID to use and fails: there are none.
    for (const [ref, r] of byRef)
      if (r.status >= 400 && ref !== 'payments')
        throw new Error(`salesforce ${ref}: ${JSON.stringify(r.body)}`);
    return byRef;
  }
  const first = (r: { body: unknown } | undefined): Row | undefined =>
    (r?.body as { records: Row[] } | undefined)?.records[0];

  return async function sync(invoiceId: string): Promise<void> {
    const invoice = (await xero.getInvoice(tenantId, invoiceId)).body.invoices?.[0];
    if (!invoice) throw new Error(`invoice ${invoiceId} not found`);
    const url = await onlineUrl(invoice);
    const contactId = invoice.contact?.contactID ?? '';
    const contact = (await xero.getContact(tenantId, contactId)).body.contacts?.[0];
    const receivable = contact?.balances?.accountsReceivable;
    const payments = invoice.payments ?? [];

    // Salesforce: one composite read, one composite write of what differs.
    const account = {
      Xero_Outstanding_Balance__c: receivable?.outstanding ?? 0,
      Xero_Overdue_Amount__c: receivable?.overdue ?? 0,
    };
    const opportunity = {
      Xero_Invoice_Number__c: invoice.invoiceNumber ?? '',
      Xero_Invoice_Status__c: String(invoice.status),
      Xero_Online_Invoice_URL__c: url,
      Xero_Amount_Due__c: invoice.amountDue ?? 0,
      Xero_Amount_Paid__c: invoice.amountPaid ?? 0,
    };
    const record = {
      Status__c: String(invoice.status),
      Total__c: invoice.total ?? 0,
      Amount_Due__c: invoice.amountDue ?? 0,
      Amount_Paid__c: invoice.amountPaid ?? 0,
      Online_Invoice_URL__c: url,
    };
    const select = (sobject: string, field: string, value: string, names: string[]) =>
      `${base}/query?q=${encodeURIComponent(`SELECT Id, ${names.join(', ')} FROM ${sobject} WHERE ${field} = ${soql(value)} LIMIT 1`)}`;
    const read = await composite(
      [
        {
          referenceId: 'account',
          method: 'GET',
          url: select('Account', 'Xero_Contact_ID__c', contactId, Object.keys(account)),
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
    const [sfAccount, sfOpp, sfRecord] = [
      first(read.get('account')),
      first(read.get('opportunity')),
      first(read.get('record')),
    ];
    const stored = new Set(
      ((read.get('payments')?.body as { records?: Row[] } | undefined)?.records ?? []).map((p) =>
        String(p.Xero_Payment_ID__c).toLowerCase(),
      ),
    );
    const writes: Sub[] = [];
    if (sfAccount && differs(sfAccount, account))
      writes.push({
        referenceId: 'writeAccount',
        method: 'PATCH',
        url: `${base}/sobjects/Account/${sfAccount.Id}`,
        body: account,
      });
    if (differs(sfOpp, opportunity))
      writes.push({
        referenceId: 'writeOpportunity',
        method: 'PATCH',
        url: `${base}/sobjects/Opportunity/Xero_Invoice_ID__c/${invoiceId}`,
        body: opportunity,
      });
    if (differs(sfRecord, record))
      writes.push({
        referenceId: 'writeRecord',
        method: 'PATCH',
        url: `${base}/sobjects/Xero_Invoice__c/Xero_Invoice_ID__c/${invoiceId}`,
        body: record,
      });
    const fresh = payments.filter((p) => !stored.has(String(p.paymentID).toLowerCase()));
    if (fresh.length > 0 && sfRecord)
      writes.push({
        referenceId: 'writePayments',
        method: 'PATCH',
        url: `${base}/composite/sobjects/Xero_Payment__c/Xero_Payment_ID__c`,
        body: {
          allOrNone: true,
          records: fresh.map((p) => ({
            attributes: { type: 'Xero_Payment__c' },
            Xero_Payment_ID__c: p.paymentID,
            Amount__c: p.amount ?? 0,
            Payment_Date__c: asString(p.date),
            Status__c: 'AUTHORISED',
            Invoice__c: sfRecord.Id,
          })),
        },
      });
    if (writes.length > 0) await composite(writes, true);

    // HubSpot: the company's balances, then the deal (read with its associations, upserted).
    const company = await hs.crm.companies.basicApi.getById(
      contactId,
      ['xero_outstanding_balance', 'xero_overdue_amount'],
      undefined,
      undefined,
      false,
      'xero_contact_id',
    );
    const balances = {
      xero_outstanding_balance: String(account.Xero_Outstanding_Balance__c),
      xero_overdue_amount: String(account.Xero_Overdue_Amount__c),
    };
    if (differs(company.properties, balances))
      await hs.crm.companies.basicApi.update(company.id, { properties: balances });
    const deal = await hs.crm.deals.basicApi.getById(
      invoiceId,
      ['xero_amount_paid', 'xero_amount_due', 'xero_invoice_status'],
      undefined,
      ['companies'],
      false,
      'xero_invoice_id',
    );
    const properties = {
      xero_invoice_number: opportunity.Xero_Invoice_Number__c,
      xero_invoice_status: opportunity.Xero_Invoice_Status__c,
      xero_invoice_url: url ?? '',
      xero_amount_due: String(opportunity.Xero_Amount_Due__c),
      xero_amount_paid: String(opportunity.Xero_Amount_Paid__c),
    };
    if (differs(deal.properties, properties))
      await hs.crm.deals.batchApi.upsert({
        inputs: [{ idProperty: 'xero_invoice_id', id: invoiceId, properties }],
      });
    if (!(deal.associations?.companies?.results ?? []).some((r) => r.id === company.id))
      await hs.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
  };
}
