import type { Client } from '@hubspot/api-client';
import type { CrmAccountFacts, CrmDealFacts } from '../../../workflows/domain/parity/parityFacts';
import type { CrmParitySource } from '../../parity/crmParitySource';

/** HubSpot's list endpoints return at most 100 records a call. */
const PAGE_SIZE = 100;
const DEAL_PROPERTIES = [
  'dealname',
  'amount',
  'closedate',
  'deal_currency_code',
  'dealstage',
  'hs_is_closed_won',
  'xero_invoice_id',
  'xero_invoice_number',
  'xero_invoice_status',
  'xero_amount_due',
  'xero_amount_paid',
];

/**
 * Parity reads from HubSpot: the objects' list endpoints, 100 a call with each deal's companies.
 * (Search would filter server-side but stops at 10,000 results; a parity check must see them all.)
 * https://developers.hubspot.com/docs/api-reference/crm-deals-v3/basic/get-crm-v3-objects-0-3
 */
export class HubspotParity implements CrmParitySource {
  constructor(
    private readonly deps: {
      call<T>(fn: (client: Client) => Promise<T>): Promise<T>;
      ensureReady(): Promise<void>;
    },
  ) {}

  async dealsPage(next: string | undefined) {
    await this.deps.ensureReady();
    const page = await this.deps.call((client) =>
      client.crm.deals.basicApi.getPage(PAGE_SIZE, next, DEAL_PROPERTIES, undefined, ['companies'], false),
    );
    const number = (v: string | null | undefined) =>
      v === null || v === undefined || v === '' ? null : Number(v);
    const deals = page.results.flatMap((deal): CrmDealFacts[] => {
      const p = deal.properties;
      const isWon = p.hs_is_closed_won === 'true' || p.dealstage === 'closedwon';
      // Linked, won, or carrying an invoice number some other process typed in (cutover reports).
      if (!p.xero_invoice_id && !p.xero_invoice_number && !isWon) return [];
      const companyId = deal.associations?.companies?.results[0]?.id;
      return [
        {
          id: deal.id,
          name: p.dealname ?? '',
          isWon,
          amount: number(p.amount),
          amountDue: number(p.xero_amount_due),
          amountPaid: number(p.xero_amount_paid),
          ...(p.xero_invoice_id ? { xeroInvoiceId: p.xero_invoice_id } : {}),
          ...(p.xero_invoice_number ? { invoiceNumber: p.xero_invoice_number } : {}),
          ...(p.xero_invoice_status ? { invoiceStatus: p.xero_invoice_status } : {}),
          ...(p.deal_currency_code ? { currency: p.deal_currency_code } : {}),
          ...(p.closedate ? { closeDate: p.closedate } : {}),
          ...(companyId ? { accountCrmId: companyId } : {}),
        },
      ];
    });
    return { deals, next: page.paging?.next?.after };
  }

  async accountsPage(next: string | undefined) {
    await this.deps.ensureReady();
    const page = await this.deps.call((client) =>
      client.crm.companies.basicApi.getPage(
        PAGE_SIZE,
        next,
        ['name', 'xero_contact_id'],
        undefined,
        undefined,
        false,
      ),
    );
    const accounts = page.results.flatMap((c): CrmAccountFacts[] =>
      c.properties.xero_contact_id
        ? [{ id: c.id, name: c.properties.name ?? '', xeroContactId: c.properties.xero_contact_id }]
        : [],
    );
    return { accounts, next: page.paging?.next?.after };
  }
}
