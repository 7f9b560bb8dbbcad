import type { Client } from '@hubspot/api-client';
import type { ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { authorizedCall } from '../authorizedCall';
import { VendorError } from '../errors';
import { hubspotClient } from './hubspotApi';
import { classifyHubspotError } from './hubspotErrors';

export const COMPANY_CARD_PROPERTIES = [
  'name',
  'xero_contact_id',
  'xero_outstanding_balance',
  'xero_overdue_amount',
];
export const DEAL_CARD_PROPERTIES = [
  'dealname',
  'dealstage',
  'hs_is_closed_won',
  'deal_currency_code',
  'xero_invoice_id',
  'xero_invoice_number',
  'xero_invoice_status',
  'xero_invoice_url',
  'xero_amount_due',
  'xero_amount_paid',
  'xero_payment_status',
  'ledgerbridge_sync_problem',
  'ledgerbridge_payment_retry_count',
];

export interface HubspotRecord {
  id: string;
  properties: Record<string, string | null>;
}

/**
 * Reads one company or deal for the record cards through ONE portal's connection (its token, its
 * pacing): a record ID from another portal is simply not found there, which is what keeps a card
 * from reading across portals. Interactive, so one 429 is waited out at most.
 */
export class HubspotRecordReader {
  constructor(
    private readonly deps: {
      connectionId: string;
      apiBase: string;
      connections: ConnectionStore;
      refresh: RefreshService;
      pacer: SharedPacer;
    },
  ) {}

  company(companyId: string): Promise<HubspotRecord | undefined> {
    return this.read((client) => client.crm.companies.basicApi.getById(companyId, COMPANY_CARD_PROPERTIES));
  }

  deal(dealId: string): Promise<HubspotRecord | undefined> {
    return this.read((client) => client.crm.deals.basicApi.getById(dealId, DEAL_CARD_PROPERTIES));
  }

  private async read(
    fn: (client: Client) => Promise<HubspotRecord & { archived?: boolean }>,
  ): Promise<HubspotRecord | undefined> {
    try {
      const record = await authorizedCall(
        {
          vendor: 'hubspot',
          connectionId: this.deps.connectionId,
          connections: this.deps.connections,
          refresh: this.deps.refresh,
          pacer: this.deps.pacer,
          classify: (err) => classifyHubspotError(err),
          maxRateLimitWaits: 1,
        },
        (accessToken) => fn(hubspotClient(this.deps.apiBase, accessToken)),
      );
      return record.archived ? undefined : { id: record.id, properties: record.properties };
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }
}
