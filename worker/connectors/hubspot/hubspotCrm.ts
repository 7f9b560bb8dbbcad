import type { Client } from '@hubspot/api-client';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/companies';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import type { Connection, ConnectionStore } from '../../connections/connectionStore';
import type { RefreshService } from '../../connections/refreshService';
import type { SharedPacer } from '../../pacing/sharedPacer';
import { linkAccount, type AccountPort, type LinkOutcome } from '../../sync/accountLinker';
import type {
  CrmTarget,
  CrmWriteResult,
  DealWrite,
  SyncContext,
  UpsertAccountPlan,
  UpsertDealPlan,
} from '../../sync/crmTarget';
import type { ReviewQueue } from '../../sync/reviewQueue';
import { accountSearchWords } from '../accountSearchWords';
import { authorizedCall } from '../authorizedCall';
import { VendorError } from '../errors';
import { hubspotClient } from './hubspotApi';
import { HubspotBackfill } from './hubspotBackfill';
import { HubspotParity } from './hubspotParity';
import { HubspotDeals } from './hubspotDeals';
import { HubspotInvoiceFiles } from './hubspotInvoiceFiles';
import { HubspotPaymentsPort } from './hubspotPaymentsPort';
import { diffProperties } from './hubspotDiff';
import { companyFields, dealProperties, type Properties } from './hubspotProperties';
import { classifyHubspotError } from './hubspotErrors';
import { ensureLedgerbridgeProperties } from './hubspotSchema';

/**
 * HubSpot as a target of the Xero-to-CRM flow, through @hubspot/api-client: companies linked by
 * `xero_contact_id`, deals upserted by `xero_invoice_id` (both unique properties, created on first
 * use) and associated with their company. Reads first and writes only what differs.
 */
export class HubspotCrm implements CrmTarget {
  readonly vendor = 'hubspot' as const;
  private ready: Promise<void> | undefined;
  private stages: Promise<Map<string, string>> | undefined;
  readonly backfill: HubspotBackfill;
  readonly deals: HubspotDeals;
  readonly parity: HubspotParity;
  readonly processorPayments: HubspotPaymentsPort;
  readonly invoiceFiles: HubspotInvoiceFiles;

  constructor(
    private readonly deps: {
      connection: Connection;
      apiBase: string;
      connections: ConnectionStore;
      refresh: RefreshService;
      pacer: SharedPacer;
      reviews: ReviewQueue;
    },
  ) {
    this.backfill = new HubspotBackfill({
      crmConnectionId: deps.connection.id,
      call: (fn) => this.call(fn),
      ensureReady: () => this.ensureReady(),
      stageId: (stage) => this.stageId(stage),
      reviews: deps.reviews,
    });
    this.deals = new HubspotDeals({
      connectionId: deps.connection.id,
      call: (fn) => this.call(fn),
      ensureReady: () => this.ensureReady(),
    });
    this.parity = new HubspotParity({
      call: (fn) => this.call(fn),
      ensureReady: () => this.ensureReady(),
    });
    this.processorPayments = new HubspotPaymentsPort({
      call: (fn) => this.call(fn),
      ensureReady: () => this.ensureReady(),
    });
    this.invoiceFiles = new HubspotInvoiceFiles({
      portalId: deps.connection.externalId,
      call: (fn) => this.call(fn),
      now: () => new Date(),
    });
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  async upsertAccount(plan: UpsertAccountPlan, context: SyncContext): Promise<LinkOutcome> {
    await this.ensureReady();
    return linkAccount(this.accountPort(), plan.contact, plan.owner, this.deps.reviews, context.xeroTenantId);
  }

  async upsertDeal(plan: UpsertDealPlan, context: SyncContext): Promise<DealWrite> {
    await this.ensureReady();
    const account = plan.contact
      ? await linkAccount(
          this.accountPort(),
          plan.contact,
          plan.owner,
          this.deps.reviews,
          context.xeroTenantId,
        )
      : undefined;
    const { deal } = plan;
    const origin = context.originDeal?.crmConnectionId === this.connectionId ? context.originDeal : undefined;
    if (origin)
      await this.call((client) =>
        client.crm.deals.basicApi.update(origin.dealId, {
          properties: { xero_invoice_id: deal.xeroInvoiceId },
        }),
      );
    const properties = dealProperties(deal, await this.stageId(deal.stage));
    const { result, companyIds } = await this.upsert(
      'deals',
      'xero_invoice_id',
      deal.xeroInvoiceId,
      origin
        ? Object.fromEntries(Object.entries(properties).filter(([name]) => name.startsWith('xero_')))
        : properties,
      ['companies'],
    );
    if (account?.kind === 'linked' && !companyIds.includes(account.result.recordId)) {
      const companyId = account.result.recordId;
      // Default association deal → company (PUT, idempotent), unless the deal already has it.
      await this.call((client) =>
        client.crm.associations.v4.basicApi.createDefault('deals', result.recordId, 'companies', companyId),
      );
    }
    return { deal: result, invoiceRecord: undefined, account };
  }

  /** The accounts a person's link decision writes (worker/sync/personLink.ts). */
  async personAccounts(): Promise<AccountPort> {
    await this.ensureReady();
    return this.accountPort();
  }

  private accountPort(): AccountPort {
    return {
      crmConnectionId: this.connectionId,
      updateLinked: async (contact, withDetails) => {
        const wanted: Properties = {
          xero_contact_id: contact.xeroContactId,
          ...companyFields(contact, withDetails),
        };
        const current = await this.read(
          'companies',
          contact.xeroContactId,
          'xero_contact_id',
          Object.keys(wanted),
        );
        return current ? this.writeDiff('companies', current, wanted) : undefined;
      },
      candidates: async (contact) => {
        // A filter group holds at most six filters (CRM search API limits).
        const words = accountSearchWords(contact.name, 6);
        if (words.length === 0) return [];
        const page = await this.call((client) =>
          client.crm.companies.searchApi.doSearch({
            filterGroups: [
              {
                filters: words.map((value) => ({
                  propertyName: 'name',
                  operator: FilterOperatorEnum.ContainsToken,
                  value,
                })),
              },
            ],
            properties: ['name', 'xero_contact_id', 'domain'],
            limit: 100,
          }),
        );
        return page.results.map((c): CrmCandidate => ({
          crmId: c.id,
          name: c.properties.name ?? '',
          linkedXeroContactId: c.properties.xero_contact_id ?? undefined,
        }));
      },
      writeLinked: async (crmId, contact, withDetails) => {
        const wanted: Properties = {
          xero_contact_id: contact.xeroContactId,
          ...companyFields(contact, withDetails),
        };
        const current = await this.call((client) =>
          client.crm.companies.basicApi.getById(crmId, Object.keys(wanted)),
        );
        try {
          return await this.writeDiff('companies', current, wanted);
        } catch (err) {
          // xero_contact_id is unique: a sync of the same contact running at once linked (or made) a
          // company first. That company is the link; this one stays as it was.
          if (!(err instanceof VendorError && err.kind === 'conflict')) throw err;
          const linked = await this.read(
            'companies',
            contact.xeroContactId,
            'xero_contact_id',
            Object.keys(wanted),
          );
          if (!linked) throw err;
          return this.writeDiff('companies', linked, wanted);
        }
      },
      createLinked: async (contact) =>
        (
          await this.upsert(
            'companies',
            'xero_contact_id',
            contact.xeroContactId,
            companyFields(contact, true),
          )
        ).result,
    };
  }

  /** Updates only the properties that differ from the record as read; reports each change. */
  private async writeDiff(
    objectType: 'companies' | 'deals',
    current: { id: string; properties: Record<string, string | null> },
    wanted: Properties,
  ): Promise<CrmWriteResult> {
    const changes = diffProperties(current.properties, wanted);
    if (Object.keys(changes).length > 0)
      await this.call((client) => client.crm[objectType].basicApi.update(current.id, { properties: wanted }));
    return { recordId: current.id, created: false, changes };
  }

  /** Read by unique property, diff, and batch-upsert only when something differs. */
  private async upsert(
    objectType: 'companies' | 'deals',
    idProperty: string,
    id: string,
    wanted: Properties,
    /** Also report the record's associations to these types, read in the same call. */
    associations: string[] = [],
  ): Promise<{ result: CrmWriteResult; companyIds: string[] }> {
    const current = await this.read(objectType, id, idProperty, Object.keys(wanted), associations);
    const companyIds = (current?.associations?.companies?.results ?? []).map((r) => r.id);
    const changes = diffProperties(current?.properties, wanted);
    if (current && Object.keys(changes).length === 0)
      return { result: { recordId: current.id, created: false, changes }, companyIds };
    const response = await this.call((client) =>
      client.crm[objectType].batchApi.upsert({ inputs: [{ idProperty, id, properties: wanted }] }),
    );
    const written = response.results[0];
    if (!written)
      throw new VendorError('retryable', 'hubspot', `upsert of ${objectType} ${id} returned nothing`);
    return { result: { recordId: written.id, created: written._new, changes }, companyIds };
  }

  private async read(
    objectType: 'companies' | 'deals',
    id: string,
    idProperty: string,
    properties: string[],
    associations: string[] = [],
  ): Promise<
    | {
        id: string;
        properties: Record<string, string | null>;
        associations?: Record<string, { results: Array<{ id: string }> }>;
      }
    | undefined
  > {
    try {
      return await this.call((client) =>
        client.crm[objectType].basicApi.getById(
          id,
          properties,
          undefined,
          associations.length > 0 ? associations : undefined,
          false,
          idProperty,
        ),
      );
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }

  /** Mapping settings name stages by label ("Closed Won") or id ("closedwon"); HubSpot wants the id. */
  async stageId(stage: string): Promise<string> {
    this.stages ??= this.call((client) => client.crm.pipelines.pipelinesApi.getAll('deals')).then(
      (pipelines) => {
        const byName = new Map<string, string>();
        for (const pipeline of pipelines.results)
          for (const s of pipeline.stages) {
            byName.set(s.id.toLowerCase(), s.id);
            byName.set(s.label.toLowerCase(), s.id);
          }
        return byName;
      },
      // A failed read is not kept: the next call asks HubSpot again (a kept rejection failed every
      // later deal write of this adapter, fast, until the worker restarted).
      (err: unknown) => {
        this.stages = undefined;
        throw err;
      },
    );
    const id = (await this.stages).get(stage.toLowerCase());
    if (!id)
      throw new VendorError('validation', 'hubspot', `no deal stage "${stage}" in the portal's pipelines`);
    return id;
  }

  ensureReady(): Promise<void> {
    this.ready ??= this.call((client) => ensureLedgerbridgeProperties(client)).catch((err: unknown) => {
      this.ready = undefined;
      throw err;
    });
    return this.ready;
  }

  /** One authorized, paced, classified SDK call (also used by the backfill). */
  call<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    return authorizedCall(
      {
        vendor: 'hubspot',
        connectionId: this.connectionId,
        connections: this.deps.connections,
        refresh: this.deps.refresh,
        pacer: this.deps.pacer,
        classify: (err) => classifyHubspotError(err),
      },
      (accessToken) => fn(hubspotClient(this.deps.apiBase, accessToken)),
    );
  }
}
