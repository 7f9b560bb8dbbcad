import { Client as HubspotClient } from '@hubspot/api-client';
import { XeroClient } from 'xero-node';
import type { Invoice } from 'xero-node/dist/gen/model/accounting/invoice';
import { bareSalesforceWriter, differs } from './latencyBareSalesforce';

/**
 * The bare path's sync of one Xero invoice: the reads and writes bench:latency's stack makes for a
 * payment, made straight with the vendors' SDKs (no Temporal, no store, no pacer, no retries):
 * Xero's invoice (its online link once per invoice) and contact; Salesforce's records in two
 * composite calls (latencyBareSalesforce.ts); HubSpot's company (updated when its balances moved)
 * and deal (read with its associations, upserted). Fields are mapped plainly from Xero's; name,
 * stage and close date, which a payment does not change, are left as they are.
 */
export interface BareVendors {
  tenantId: string;
  xero: { apiBase: string; accessToken: string };
  salesforce: { instanceUrl: string; accessToken: string; version: string };
  hubspot: { apiBase: string; accessToken: string };
}

/** What the CRMs are given of an invoice and its contact. */
export interface BareInvoice {
  invoiceId: string;
  contactId: string;
  number: string;
  status: string;
  total: number;
  amountDue: number;
  amountPaid: number;
  url: string | null;
  payments: Array<{ id: string; amount: number; date: string }>;
  outstanding: number;
  overdue: number;
}

export function bareSync(vendors: BareVendors): (invoiceId: string) => Promise<void> {
  const xeroClient = new XeroClient();
  xeroClient.accountingApi.basePath = `${vendors.xero.apiBase}/api.xro/2.0`;
  xeroClient.setTokenSet({ access_token: vendors.xero.accessToken, token_type: 'Bearer' });
  const xero = xeroClient.accountingApi;
  const hs = new HubspotClient({
    accessToken: vendors.hubspot.accessToken,
    basePath: vendors.hubspot.apiBase,
  });
  const salesforce = bareSalesforceWriter(vendors.salesforce);
  const onlineUrls = new Map<string, string>();
  const { tenantId } = vendors;

  /** Xero's online invoice link never changes: read once per invoice, as the stack does. */
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

  async function readXero(invoiceId: string): Promise<BareInvoice> {
    const invoice = (await xero.getInvoice(tenantId, invoiceId)).body.invoices?.[0];
    if (!invoice) throw new Error(`invoice ${invoiceId} not found`);
    const url = await onlineUrl(invoice);
    const contactId = invoice.contact?.contactID ?? '';
    const contact = (await xero.getContact(tenantId, contactId)).body.contacts?.[0];
    const receivable = contact?.balances?.accountsReceivable;
    return {
      invoiceId,
      contactId,
      number: invoice.invoiceNumber ?? '',
      status: String(invoice.status),
      total: invoice.total ?? 0,
      amountDue: invoice.amountDue ?? 0,
      amountPaid: invoice.amountPaid ?? 0,
      url,
      payments: (invoice.payments ?? []).map((p) => ({
        id: p.paymentID ?? '',
        amount: p.amount ?? 0,
        date: String(p.date ?? ''),
      })),
      outstanding: receivable?.outstanding ?? 0,
      overdue: receivable?.overdue ?? 0,
    };
  }

  async function writeHubspot(invoice: BareInvoice): Promise<void> {
    const balances = {
      xero_outstanding_balance: String(invoice.outstanding),
      xero_overdue_amount: String(invoice.overdue),
    };
    const company = await hs.crm.companies.basicApi.getById(
      invoice.contactId,
      Object.keys(balances),
      undefined,
      undefined,
      false,
      'xero_contact_id',
    );
    if (differs(company.properties, balances))
      await hs.crm.companies.basicApi.update(company.id, { properties: balances });
    const properties = {
      xero_invoice_number: invoice.number,
      xero_invoice_status: invoice.status,
      xero_invoice_url: invoice.url ?? '',
      xero_amount_due: String(invoice.amountDue),
      xero_amount_paid: String(invoice.amountPaid),
    };
    const deal = await hs.crm.deals.basicApi.getById(
      invoice.invoiceId,
      Object.keys(properties),
      undefined,
      ['companies'],
      false,
      'xero_invoice_id',
    );
    if (differs(deal.properties, properties))
      await hs.crm.deals.batchApi.upsert({
        inputs: [{ idProperty: 'xero_invoice_id', id: invoice.invoiceId, properties }],
      });
    if (!(deal.associations?.companies?.results ?? []).some((r) => r.id === company.id))
      await hs.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
  }

  return async function sync(invoiceId: string): Promise<void> {
    const invoice = await readXero(invoiceId);
    await salesforce(invoice);
    await writeHubspot(invoice);
  };
}
