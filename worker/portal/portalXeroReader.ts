import { z } from 'zod';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import type { ConnectionStore } from '../connections/connectionStore';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { invoiceById, openInvoicesOf } from '../payments/xeroPaymentReads';

/** The one customer a portal link shows: a Xero contact of one organisation of one installation. */
export interface PortalCustomer {
  installationId: string;
  xeroTenantId: string;
  xeroContactId: string;
}

export interface PortalPayment {
  xeroPaymentId: string;
  /** YYYY-MM-DD. */
  date: string;
  amount: number;
  currency: string;
  invoiceId: string;
  invoiceNumber: string;
  reference?: string;
}

const day = z
  .union([z.date(), z.string()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.slice(0, 10)));

/** The fields of Xero's Payment the portal relies on (xero-node's model, dates already parsed). */
const rawPaymentSchema = z.object({
  paymentID: z.uuid(),
  date: day,
  amount: z.number(),
  reference: z.string().optional(),
  status: z.string().optional(),
  paymentType: z.string().optional(),
  invoice: z.object({
    invoiceID: z.uuid(),
    invoiceNumber: z.string().optional(),
    currencyCode: z.string().optional(),
    contact: z.object({ contactID: z.uuid() }).optional(),
  }),
});

/**
 * What the portal reads from Xero, always through the organisation's own connection and always
 * narrowed to the link's contact: an invoice of anyone else is "not found", whatever ID is asked.
 */
export class PortalXeroReader {
  constructor(
    private readonly api: XeroApi,
    private readonly customer: PortalCustomer,
  ) {}

  /** The contact's approved sales invoices with something still due, oldest due first. */
  async openInvoices(): Promise<CanonicalInvoice[]> {
    const invoices = await openInvoicesOf(this.api, this.customer.xeroContactId);
    return invoices
      .filter((i) => this.isCustomers(i) && i.amountDue > 0)
      .sort(
        (a, b) =>
          (a.dueDate ?? a.date).localeCompare(b.dueDate ?? b.date) || a.number.localeCompare(b.number),
      );
  }

  /** The contact's live payments on its sales invoices, the newest 100, newest first. */
  async payments(): Promise<PortalPayment[]> {
    const contact = this.customer.xeroContactId;
    const res = await this.api.call((xero, tenant) =>
      xero.getPayments(
        tenant,
        undefined,
        `Invoice.Contact.ContactID==Guid("${contact}") AND Status=="AUTHORISED"`,
        'Date DESC',
        // The newest 100 (one page): a history, not an archive.
        1,
      ),
    );
    return (res.body.payments ?? [])
      .map((raw) => rawPaymentSchema.parse(raw))
      .filter(
        (p) =>
          p.invoice.contact?.contactID === contact &&
          (p.status === undefined || String(p.status) === 'AUTHORISED') &&
          (p.paymentType === undefined || String(p.paymentType) === 'ACCRECPAYMENT'),
      )
      .map((p) => ({
        xeroPaymentId: p.paymentID,
        date: p.date,
        amount: p.amount,
        currency: String(p.invoice.currencyCode ?? ''),
        invoiceId: p.invoice.invoiceID,
        invoiceNumber: p.invoice.invoiceNumber ?? '',
        ...(p.reference ? { reference: p.reference } : {}),
      }))
      .sort((a, b) => b.date.localeCompare(a.date));
  }

  /** One of the contact's sales invoices; undefined for a malformed ID or anyone else's invoice. */
  async invoice(invoiceId: string): Promise<CanonicalInvoice | undefined> {
    const invoice = await invoiceById(this.api, invoiceId);
    return invoice && this.isCustomers(invoice) ? invoice : undefined;
  }

  /** Xero's online invoice page (read only for the contact's own approved invoice). */
  async onlineInvoiceUrl(invoiceId: string): Promise<string | undefined> {
    const invoice = await this.invoice(invoiceId);
    if (!invoice || invoice.status !== 'AUTHORISED') return undefined;
    return (await this.api.getInvoice(invoice.xeroInvoiceId)).onlineUrl;
  }

  private isCustomers(invoice: CanonicalInvoice): boolean {
    return (
      invoice.contactId === this.customer.xeroContactId &&
      invoice.type === 'ACCREC' &&
      !['DRAFT', 'SUBMITTED', 'DELETED', 'VOIDED'].includes(invoice.status)
    );
  }
}

/**
 * The link's organisation (its XeroApi and name), only when it is connected to the link's own
 * installation and the connection works: a link never reads another installation's Xero.
 */
export function portalOrganisations(
  connections: Pick<ConnectionStore, 'find'>,
  xeroApi: (connectionId: string) => XeroApi,
): (customer: PortalCustomer) => Promise<{ api: XeroApi; name: string } | undefined> {
  return async (customer) => {
    const connection = await connections.find('xero', customer.xeroTenantId);
    if (connection?.installationId !== customer.installationId || connection.status !== 'active')
      return undefined;
    return { api: xeroApi(connection.id), name: connection.displayName };
  };
}
