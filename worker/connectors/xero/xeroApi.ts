import { XeroClient, type AccountingApi, type Authentication } from 'xero-node';
import type { OnlineInvoiceUrls } from './onlineInvoiceUrls';
import { z } from 'zod';
import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { authorizedCall } from '../authorizedCall';
import { VendorError } from '../errors';
import { VENDOR_REQUEST_TIMEOUT_MS } from '../vendorRequestTimeout';
import { classifyXeroError } from './xeroErrors';
import type { XeroEndpoints } from './xeroEndpoints';
import { mapContact, mapInvoice } from './mapXero';

export interface Page<T> {
  items: T[];
  pageCount: number;
  itemCount: number;
}

export interface RecordChange {
  id: string;
  /** ISO-8601 UTC. */
  updatedAt: string;
}

const recordChangeSchema = z.object({
  id: z.uuid(),
  updatedAt: z
    .union([z.date(), z.string()])
    .transform((v) => (v instanceof Date ? v : new Date(v)).toISOString()),
});

/**
 * The Xero connector for one connection (one organisation): every call is paced under the tenant's
 * limits shared by all worker processes, authenticated with the stored token (refreshed once on a
 * 401, under the single-flight refresh), told to wait exactly Retry-After on a 429 (for everyone on
 * the tenant), and its failure classified for Temporal. Results come back in canonical terms.
 */
export class XeroApi {
  constructor(
    private readonly deps: {
      endpoints: XeroEndpoints;
      connections: ConnectionStore;
      refresh: RefreshService;
      pacer: SharedPacer;
      connectionId: string;
      /** How many 429s one call absorbs before it hands the wait to Temporal's retry. */
      maxRateLimitWaits?: number;
      /** Online invoice links already read (shared by the process's XeroApi instances). */
      onlineUrls?: OnlineInvoiceUrls;
    },
  ) {}

  async getInvoice(invoiceId: string): Promise<CanonicalInvoice> {
    const res = await this.call((api, tenant) => api.getInvoice(tenant, invoiceId));
    const raw = res.body.invoices?.[0];
    if (!raw) throw new VendorError('notFound', 'xero', `invoice ${invoiceId} not found`);
    const online =
      String(raw.type) === 'ACCREC' && !['DRAFT', 'DELETED'].includes(String(raw.status))
        ? await this.onlineUrl(invoiceId)
        : undefined;
    return mapInvoice(raw, online);
  }

  /** One page (up to 1,000, the largest Xero allows) of invoices modified since a moment. */
  async listInvoices(options: {
    page: number;
    modifiedSince?: Date;
    pageSize?: number;
  }): Promise<CanonicalInvoice[]> {
    return (await this.invoicePage(options)).items;
  }

  /** A page of invoices with Xero's pagination (how many pages and items there are in all). */
  async invoicePage(options: {
    page: number;
    modifiedSince?: Date;
    pageSize?: number;
  }): Promise<Page<CanonicalInvoice>> {
    const res = await this.call((api, tenant) =>
      api.getInvoices(
        tenant,
        options.modifiedSince,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        options.page,
        undefined,
        undefined,
        undefined,
        undefined,
        options.pageSize ?? 1_000,
      ),
    );
    return {
      items: (res.body.invoices ?? []).map((raw) => mapInvoice(raw)),
      pageCount: res.body.pagination?.pageCount ?? 1,
      itemCount: res.body.pagination?.itemCount ?? 0,
    };
  }

  /** One page (up to 1,000) of contacts modified since a moment, archived ones included. */
  async listContacts(options: {
    page: number;
    modifiedSince?: Date;
    pageSize?: number;
  }): Promise<CanonicalContact[]> {
    return (await this.contactPage(options)).items;
  }

  /** A page of contacts with Xero's pagination. */
  async contactPage(options: {
    page: number;
    modifiedSince?: Date;
    pageSize?: number;
  }): Promise<Page<CanonicalContact>> {
    const res = await this.call((api, tenant) =>
      api.getContacts(
        tenant,
        options.modifiedSince,
        undefined,
        undefined,
        undefined,
        options.page,
        true,
        undefined,
        undefined,
        options.pageSize ?? 1_000,
      ),
    );
    return {
      items: (res.body.contacts ?? []).map((raw) => mapContact(raw)),
      pageCount: res.body.pagination?.pageCount ?? 1,
      itemCount: res.body.pagination?.itemCount ?? 0,
    };
  }

  /**
   * Which invoices changed since a moment, one page of up to 1,000: IDs and UpdatedDateUTC only,
   * asked with summaryOnly (no line items or payments), which is all the safety-net pull needs.
   */
  async listInvoiceChanges(options: { page: number; modifiedSince: Date }): Promise<RecordChange[]> {
    const res = await this.call((api, tenant) =>
      api.getInvoices(
        tenant,
        options.modifiedSince,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        options.page,
        undefined,
        undefined,
        undefined,
        true,
        1_000,
      ),
    );
    return (res.body.invoices ?? []).map((raw) =>
      recordChangeSchema.parse({ id: raw.invoiceID, updatedAt: raw.updatedDateUTC }),
    );
  }

  /** The invoices a credit note is allocated to (what its change means for the CRM). */
  async getCreditNoteInvoiceIds(creditNoteId: string): Promise<string[]> {
    const res = await this.call((api, tenant) => api.getCreditNote(tenant, creditNoteId));
    const note = res.body.creditNotes?.[0];
    if (!note) throw new VendorError('notFound', 'xero', `credit note ${creditNoteId} not found`);
    return [
      ...new Set(
        (note.allocations ?? []).flatMap((a) => (a.invoice?.invoiceID ? [a.invoice.invoiceID] : [])),
      ),
    ];
  }

  async getContact(contactId: string): Promise<CanonicalContact> {
    const res = await this.call((api, tenant) => api.getContact(tenant, contactId));
    const raw = res.body.contacts?.[0];
    if (!raw) throw new VendorError('notFound', 'xero', `contact ${contactId} not found`);
    return mapContact(raw);
  }

  private async onlineUrl(invoiceId: string): Promise<string | undefined> {
    const known = this.deps.onlineUrls?.get(this.deps.connectionId, invoiceId);
    if (known) return known;
    const res = await this.call((api, tenant) => api.getOnlineInvoice(tenant, invoiceId));
    const url = res.body.onlineInvoices?.[0]?.onlineInvoiceUrl;
    if (url) this.deps.onlineUrls?.set(this.deps.connectionId, invoiceId, url);
    return url;
  }

  /** One paced, authorized, classified call of xero-node's AccountingApi (XeroWrites builds on it). */
  call<T extends { response: { headers: Record<string, unknown> } }>(
    fn: (api: AccountingApi, tenantId: string) => Promise<T>,
  ): Promise<T> {
    const { pacer } = this.deps;
    return authorizedCall(
      { ...this.deps, vendor: 'xero', classify: (err) => classifyXeroError(err) },
      (accessToken, connection) => fn(this.client(accessToken), connection.externalId),
      (result, paceKey) =>
        pacer.recordBudget(paceKey, {
          dailyRemaining: numberHeader(result.response.headers['x-daylimit-remaining']),
          minuteRemaining: numberHeader(result.response.headers['x-minlimit-remaining']),
        }),
    );
  }

  private client(accessToken: string): AccountingApi {
    const xero = new XeroClient();
    xero.accountingApi.basePath = this.deps.endpoints.accountingApi;
    xero.setTokenSet({ access_token: accessToken, token_type: 'Bearer' });
    xero.accountingApi.setDefaultAuthentication(xeroRequestTimeout());
    return xero.accountingApi;
  }
}

/**
 * xero-node sets no timeout on its axios requests; its default-authentication hook sees each
 * request's options, so a request Xero leaves unanswered is aborted there.
 */
export function xeroRequestTimeout(timeoutMs = VENDOR_REQUEST_TIMEOUT_MS): Authentication {
  return {
    applyToRequest: (request) => {
      request.timeout = timeoutMs;
    },
  };
}

function numberHeader(value: unknown): number | undefined {
  const n = Number(value);
  return value === undefined || Number.isNaN(n) ? undefined : n;
}
