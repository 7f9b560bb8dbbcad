import type { Client } from '@hubspot/api-client';
import { openHubspotTasks } from './hubspotOpenTasks';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import { crmDealSchema, type CrmDeal } from '../../../workflows/domain/crmDeal';
import type { CrmDealSource } from '../../sync/crmDeals';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { carriesProblemKey, problemKey, withProblemKey } from '../../sync/crmTaskKeys';

/** HubSpot's default association type ID of task → deal. */
const TASK_TO_DEAL = 216;
/** HubSpot's limit on a property value (hs_task_body included). */
const PROPERTY_VALUE_CHARS = 65_536;
const DEAL_PROPERTIES = [
  'dealname',
  'dealstage',
  'amount',
  'deal_currency_code',
  'closedate',
  'hs_lastmodifieddate',
  'hs_is_closed_won',
  'hubspot_owner_id',
  'xero_invoice_id',
  'ledgerbridge_discount_approved',
  'ledgerbridge_sync_problem',
];
/** The line item properties a deal's invoice is made from (so also what its webhooks watch). */
export const HUBSPOT_DEAL_LINE_PROPERTIES = [
  'name',
  'description',
  'price',
  'quantity',
  'hs_sku',
  'hs_discount_percentage',
  'hs_tax_rate_group_id',
] as const;

/**
 * The HubSpot side of the CRM-to-Xero flow, through @hubspot/api-client: the deal with its line
 * items and company (three calls), the Xero properties written back, a task for the deal owner.
 */
export class HubspotDeals implements CrmDealSource {
  readonly vendor = 'hubspot' as const;

  constructor(
    private readonly deps: {
      connectionId: string;
      call: <T>(fn: (client: Client) => Promise<T>) => Promise<T>;
      ensureReady: () => Promise<void>;
    },
  ) {}

  get connectionId(): string {
    return this.deps.connectionId;
  }

  async readDeal(dealId: string): Promise<CrmDeal | undefined> {
    await this.deps.ensureReady();
    const deal = await this.deps
      .call((client) =>
        client.crm.deals.basicApi.getById(dealId, DEAL_PROPERTIES, undefined, ['companies', 'line_items']),
      )
      .catch((err: unknown) => {
        if (err instanceof Error && 'kind' in err && err.kind === 'notFound') return undefined;
        throw err;
      });
    if (!deal || deal.archived) return undefined;
    const p = deal.properties;
    const lineIds = (
      deal.associations?.['line items']?.results ??
      deal.associations?.line_items?.results ??
      []
    ).map((r) => r.id);
    const companyId = deal.associations?.companies?.results[0]?.id;
    const lines =
      lineIds.length === 0
        ? []
        : (
            await this.deps.call((client) =>
              client.crm.lineItems.batchApi.read({
                inputs: lineIds.map((id) => ({ id })),
                properties: [...HUBSPOT_DEAL_LINE_PROPERTIES],
                propertiesWithHistory: [],
              }),
            )
          ).results.sort((a, b) => Number(a.id) - Number(b.id));
    const company = companyId
      ? await this.deps.call((client) =>
          client.crm.companies.basicApi.getById(companyId, ['name', 'xero_contact_id']),
        )
      : undefined;
    const number = (v: string | null | undefined) =>
      v === null || v === undefined || v === '' ? null : Number(v);
    return crmDealSchema.parse({
      crm: 'hubspot',
      dealId: deal.id,
      name: p.dealname ?? '',
      isWon: p.hs_is_closed_won === 'true' || p.dealstage === 'closedwon',
      amount: number(p.amount),
      currency: p.deal_currency_code || null,
      closeDate: p.closedate ? p.closedate.slice(0, 10) : null,
      version: p.hs_lastmodifieddate ?? deal.updatedAt.toISOString(),
      ownerId: p.hubspot_owner_id || null,
      xeroInvoiceId: p.xero_invoice_id || null,
      discountApproved: p.ledgerbridge_discount_approved === 'true',
      syncProblem: p.ledgerbridge_sync_problem || null,
      lines: lines.map((l) => {
        const q = l.properties;
        const discount = number(q.hs_discount_percentage);
        return {
          description: q.description || q.name || '',
          quantity: number(q.quantity) ?? 1,
          unitPrice: number(q.price) ?? 0,
          ...(discount ? { discountPercent: discount } : {}),
          ...(q.hs_sku ? { productCode: q.hs_sku } : {}),
          ...(q.hs_tax_rate_group_id ? { taxCode: q.hs_tax_rate_group_id } : {}),
        };
      }),
      account: company
        ? {
            crmId: company.id,
            name: company.properties.name ?? '',
            xeroContactId: company.properties.xero_contact_id || null,
            email: null,
          }
        : null,
    });
  }

  async readDealFields(dealId: string, fields: readonly string[]): Promise<Record<string, string | null>> {
    await this.deps.ensureReady();
    const deal = await this.deps.call((client) => client.crm.deals.basicApi.getById(dealId, [...fields]));
    return Object.fromEntries(fields.map((f) => [f, deal.properties[f] || null]));
  }

  async recordInvoice(dealId: string, invoice: CanonicalInvoice): Promise<CrmWriteResult> {
    const wanted: Record<string, string> = {
      xero_invoice_id: invoice.xeroInvoiceId,
      xero_invoice_number: invoice.number,
      xero_invoice_status: invoice.status,
      xero_invoice_url: invoice.onlineUrl ?? '',
      ledgerbridge_sync_problem: '',
    };
    const before = await this.deps.call((client) =>
      client.crm.deals.basicApi.getById(dealId, Object.keys(wanted)),
    );
    const changes: CrmWriteResult['changes'] = {};
    for (const [name, after] of Object.entries(wanted)) {
      const was = before.properties[name] ?? '';
      if (was !== after) changes[name] = { before: was || null, after: after || null };
    }
    if (Object.keys(changes).length > 0)
      await this.deps.call((client) => client.crm.deals.basicApi.update(dealId, { properties: wanted }));
    return { recordId: dealId, created: false, changes };
  }

  async reportProblem(deal: CrmDeal, problem: string): Promise<{ taskId: string | undefined }> {
    // Compared as stored: a text cut to HubSpot's limit must not look new on every run.
    const shown = problem.slice(0, PROPERTY_VALUE_CHARS);
    if (deal.syncProblem === shown) return { taskId: undefined };
    // The task first: should the property write fail, the retry finds the problem not shown yet, and
    // the task it made by its key.
    const taskId = await this.openTask(
      deal.dealId,
      problem,
      `Not invoiced in Xero: ${deal.name}`,
      problem,
      deal.ownerId,
    );
    await this.deps.call((client) =>
      client.crm.deals.basicApi.update(deal.dealId, { properties: { ledgerbridge_sync_problem: shown } }),
    );
    return { taskId };
  }

  async recordPaymentFailures(
    dealId: string,
    failures: number,
    task: { subject: string; body: string } | undefined,
  ): Promise<void> {
    await this.deps.call((client) =>
      client.crm.deals.basicApi.update(dealId, {
        properties: { ledgerbridge_payment_retry_count: String(failures) },
      }),
    );
    if (!task) return;
    const deal = await this.deps.call((client) =>
      client.crm.deals.basicApi.getById(dealId, ['hubspot_owner_id'], undefined, ['companies']),
    );
    const companyId = deal.associations?.companies?.results[0]?.id;
    const company = companyId
      ? await this.deps.call((client) =>
          client.crm.companies.basicApi.getById(companyId, ['hubspot_owner_id']),
        )
      : undefined;
    const ownerId = company?.properties.hubspot_owner_id || deal.properties.hubspot_owner_id || undefined;
    // The subject names the invoice and the count: one problem, one task, however often retried.
    await this.openTask(dealId, task.subject, task.subject, task.body, ownerId ?? null);
  }

  /**
   * The open task on the deal about this problem: the one made before (found by the problem key in
   * its body), else a new one.
   */
  private async openTask(
    dealId: string,
    problem: string,
    subject: string,
    body: string,
    ownerId: string | null,
  ): Promise<string> {
    const key = problemKey(dealId, problem);
    const made = (await this.openTasksOn(dealId)).find((t) => carriesProblemKey(t.body, key));
    if (made) return made.id;
    const task = await this.deps.call((client) =>
      client.crm.objects.tasks.basicApi.create({
        properties: {
          hs_task_subject: subject.slice(0, 255),
          hs_task_body: withProblemKey(body, key, PROPERTY_VALUE_CHARS),
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: 'HIGH',
          hs_task_type: 'TODO',
          hs_timestamp: new Date().toISOString(),
          ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
        },
        associations: [
          {
            to: { id: dealId },
            types: [
              {
                associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                associationTypeId: TASK_TO_DEAL,
              },
            ],
          },
        ],
      }),
    );
    return task.id;
  }

  /** The deal's tasks not completed yet, with their bodies. */
  private async openTasksOn(dealId: string): Promise<Array<{ id: string; body: string | null }>> {
    const deal = await this.deps.call((client) =>
      client.crm.deals.basicApi.getById(dealId, ['hs_object_id'], undefined, ['tasks']),
    );
    const ids = [...new Set((deal.associations?.tasks?.results ?? []).map((r) => r.id))];
    return openHubspotTasks((fn) => this.deps.call(fn), ids);
  }

  async wonDealsSince(since: Date, limit: number): Promise<Array<{ dealId: string; modifiedAt: Date }>> {
    const page = await this.deps.call((client) =>
      client.crm.deals.searchApi.doSearch({
        filterGroups: [
          {
            filters: [
              // Won in any pipeline: a custom pipeline's won stage is not `closedwon`.
              { propertyName: 'hs_is_closed_won', operator: FilterOperatorEnum.Eq, value: 'true' },
              { propertyName: 'xero_invoice_id', operator: FilterOperatorEnum.NotHasProperty },
              {
                propertyName: 'hs_lastmodifieddate',
                operator: FilterOperatorEnum.Gt,
                value: String(since.getTime()),
              },
            ],
          },
        ],
        sorts: ['hs_lastmodifieddate'],
        properties: ['hs_lastmodifieddate'],
        limit: Math.min(limit, 200),
      }),
    );
    return page.results.map((d) => ({
      dealId: d.id,
      modifiedAt: new Date(d.properties.hs_lastmodifieddate ?? d.updatedAt),
    }));
  }

  async linkAccount(accountId: string, xeroContactId: string): Promise<void> {
    await this.deps.call((client) =>
      client.crm.companies.basicApi.update(accountId, { properties: { xero_contact_id: xeroContactId } }),
    );
  }
}
