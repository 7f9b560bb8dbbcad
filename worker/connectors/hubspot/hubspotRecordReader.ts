import type { Client } from '@hubspot/api-client';
import { z } from 'zod';
import type { ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { authorizedCall } from '../authorizedCall';
import { VendorError } from '../errors';
import type { DealPipeline } from '../../hubspotApp/contracts/dealPipelines';
import { hubspotClient } from './hubspotApi';
import { classifyHubspotError } from './hubspotErrors';
import { mapDealPipelines } from './hubspotPipelines';

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

const accountCurrencySchema = z.object({
  companyCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});

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

  /**
   * The portal's company currency (what a deal without `deal_currency_code` is in), from the
   * account-info API. https://developers.hubspot.com/docs/api-reference/account-account-info-v3/guide
   */
  async companyCurrency(): Promise<string | null> {
    const details = await this.call(async (client) => {
      const res = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
      const body: unknown = await res.json().catch(() => undefined);
      // apiRequest resolves on any status: thrown in the SDK's shape, it is classified like the rest.
      if (!res.ok) throw { code: res.status, body, headers: Object.fromEntries(res.headers.entries()) };
      return accountCurrencySchema.parse(body);
    });
    return details.companyCurrency ?? null;
  }

  /**
   * The deals each line item belongs to (a line item's webhook names only the line item), through
   * one v4 batch read. https://developers.hubspot.com/docs/api-reference/crm-associations-v4/batch/post-crm-v4-associations-fromObjectType-toObjectType-batch-read
   */
  async dealsOfLineItems(lineItemIds: readonly string[]): Promise<string[]> {
    if (lineItemIds.length === 0) return [];
    const answer = await this.call((client) =>
      client.crm.associations.v4.batchApi.getPage('line_items', 'deals', {
        inputs: lineItemIds.map((id) => ({ id })),
      }),
    );
    const deals = answer.results.flatMap((r) => r.to.map((to) => String(to.toObjectId)));
    return [...new Set(deals)];
  }

  /** The portal's deal pipelines and their stages (hubspotPipelines.ts has the contract). */
  async dealPipelines(): Promise<DealPipeline[]> {
    return mapDealPipelines(await this.call((client) => client.crm.pipelines.pipelinesApi.getAll('deals')));
  }

  private async read(
    fn: (client: Client) => Promise<HubspotRecord & { archived?: boolean }>,
  ): Promise<HubspotRecord | undefined> {
    try {
      const record = await this.call(fn);
      return record.archived ? undefined : { id: record.id, properties: record.properties };
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }

  private call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    return authorizedCall(
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
  }
}
