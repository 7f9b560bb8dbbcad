import type { Client } from '@hubspot/api-client';
import { openHubspotTasks } from './hubspotOpenTasks';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/tasks';
import type {
  AccountFigures,
  CrmAccountRef,
  CrmDealRef,
  CrmPaymentsPort,
  CrmTaskRequest,
  DealPaymentState,
  RenewalDealRequest,
  SubscriptionState,
} from '../../payments/crmPaymentsPort';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { carriesProblemKey, problemKey, withProblemKey } from '../../sync/crmTaskKeys';
import { VendorError } from '../errors';
import { diffProperties } from './hubspotDiff';
import type { Properties } from './hubspotProperties';

/** HubSpot's default association type IDs of task → deal and task → company. */
const TASK_TO = { deals: 216, companies: 192 } as const;
/** HubSpot's limit on a property value (hs_task_body included). */
const PROPERTY_VALUE_CHARS = 65_536;
/** The last-order line's length, as Salesforce's Last_Order__c (one line on every CRM). */
const LAST_ORDER_CHARS = 255;

type RecordType = 'deals' | 'companies';
interface HubspotRecord {
  id: string;
  properties: Record<string, string | null>;
  associations?: Record<string, { results: Array<{ id: string }> }>;
}

const money = (n: number): string => String(Math.round(n * 100) / 100);

/**
 * Stripe payments shown in HubSpot (issue #22) through @hubspot/api-client: the deal's payment and
 * subscription properties, the company's subscription totals and receivables, task engagements
 * made once per key and renewal deals made once per `ledgerbridge_renewal_key` (a unique
 * property). Reads first and writes only what differs.
 */
export class HubspotPaymentsPort implements CrmPaymentsPort {
  constructor(
    private readonly deps: {
      call: <T>(fn: (client: Client) => Promise<T>) => Promise<T>;
      /** The Ledgerbridge properties exist in the portal (hubspotSchema.ts). */
      ensureReady: () => Promise<void>;
    },
  ) {}

  async dealForXeroInvoice(xeroInvoiceId: string): Promise<CrmDealRef | undefined> {
    await this.deps.ensureReady();
    const deal = await this.read('deals', xeroInvoiceId, ['dealname', 'hubspot_owner_id'], {
      idProperty: 'xero_invoice_id',
      associations: ['companies'],
    });
    if (!deal) return undefined;
    return {
      dealId: deal.id,
      name: deal.properties.dealname ?? '',
      accountId: deal.associations?.companies?.results[0]?.id ?? null,
      ownerId: deal.properties.hubspot_owner_id || null,
    };
  }

  async accountForXeroContact(xeroContactId: string): Promise<CrmAccountRef | undefined> {
    await this.deps.ensureReady();
    const company = await this.read(
      'companies',
      xeroContactId,
      ['name', 'hubspot_owner_id', 'ledgerbridge_monthly_billing'],
      { idProperty: 'xero_contact_id' },
    );
    if (!company) return undefined;
    return {
      accountId: company.id,
      name: company.properties.name ?? '',
      ownerId: company.properties.hubspot_owner_id || null,
      // A booleancheckbox reads `true`/`false`, or null when nobody set it.
      monthlyBilling: company.properties.ledgerbridge_monthly_billing === 'true',
    };
  }

  writeDealPayment(dealId: string, state: DealPaymentState): Promise<CrmWriteResult> {
    const { dispute } = state;
    return this.writeDiff('deals', dealId, {
      ledgerbridge_payment_status: state.status,
      ledgerbridge_payment_retry_count: String(state.failedAttempts),
      ledgerbridge_next_payment_attempt: state.nextAttemptAt ?? '',
      ledgerbridge_last_decline_code: state.lastDeclineCode ?? '',
      ledgerbridge_refunded_amount: money(state.refundedAmount),
      ledgerbridge_dispute_status: dispute
        ? `${dispute.status}: ${dispute.reason} (${dispute.amount.toFixed(2)})`
        : '',
      stripe_reference: state.stripeReference,
    });
  }

  writeDealSubscription(dealId: string, state: SubscriptionState): Promise<CrmWriteResult> {
    return this.writeDiff('deals', dealId, {
      ledgerbridge_subscription_arr: money(state.arr),
      ledgerbridge_subscription_mrr: money(state.mrr),
      ledgerbridge_renewal_date: state.renewalDate ?? '',
      stripe_subscription_status: state.status,
      stripe_subscription_id: state.stripeSubscriptionId,
    });
  }

  writeAccountFigures(accountId: string, figures: AccountFigures): Promise<CrmWriteResult> {
    const { subscriptions: subs, receivables: r, orders } = figures;
    return this.writeDiff('companies', accountId, {
      ...(subs
        ? { ledgerbridge_subscription_arr: money(subs.arr), ledgerbridge_subscription_mrr: money(subs.mrr) }
        : {}),
      ...(r
        ? {
            ledgerbridge_receivables_as_of: r.asOf,
            ledgerbridge_dso:
              r.daysSalesOutstanding === null ? '' : String(Math.round(r.daysSalesOutstanding * 10) / 10),
            ledgerbridge_receivables_current: money(r.current),
            ledgerbridge_receivables_1_30: money(r.days1to30),
            ledgerbridge_receivables_31_60: money(r.days31to60),
            ledgerbridge_receivables_61_90: money(r.days61to90),
            ledgerbridge_receivables_over_90: money(r.over90),
          }
        : {}),
      ...(orders
        ? {
            ledgerbridge_orders_awaiting_billing: String(orders.awaitingCount),
            ledgerbridge_orders_awaiting_amount: money(orders.awaitingAmount),
            ledgerbridge_last_order: orders.lastOrder.slice(0, LAST_ORDER_CHARS),
          }
        : {}),
    });
  }

  async openTask(recordId: string, task: CrmTaskRequest): Promise<{ taskId: string; created: boolean }> {
    await this.deps.ensureReady();
    // The record is a deal or a company; HubSpot's IDs do not say which, so ask for a deal first.
    let type: RecordType = 'deals';
    let record = await this.read('deals', recordId, ['hubspot_owner_id'], { associations: ['tasks'] });
    if (!record) {
      type = 'companies';
      record = await this.read('companies', recordId, ['hubspot_owner_id'], { associations: ['tasks'] });
    }
    if (!record) throw new VendorError('notFound', 'hubspot', `no deal or company ${recordId}`);
    const key = problemKey(recordId, task.key);
    const ids = [...new Set((record.associations?.tasks?.results ?? []).map((r) => r.id))];
    const made = (await this.openTasks(ids)).find((t) => carriesProblemKey(t.body, key));
    if (made) return { taskId: made.id, created: false };
    const ownerId = task.ownerId ?? (record.properties.hubspot_owner_id || null);
    const created = await this.deps.call((client) =>
      client.crm.objects.tasks.basicApi.create({
        properties: {
          hs_task_subject: task.subject.slice(0, 255),
          hs_task_body: withProblemKey(task.body, key, PROPERTY_VALUE_CHARS),
          hs_task_status: 'NOT_STARTED',
          hs_task_priority: task.priority === 'high' ? 'HIGH' : 'MEDIUM',
          hs_task_type: 'TODO',
          // A task's hs_timestamp is its due date.
          hs_timestamp: `${task.dueDate}T00:00:00.000Z`,
          ...(ownerId ? { hubspot_owner_id: ownerId } : {}),
        },
        associations: [
          {
            to: { id: recordId },
            types: [
              {
                associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                associationTypeId: TASK_TO[type],
              },
            ],
          },
        ],
      }),
    );
    return { taskId: created.id, created: true };
  }

  /**
   * Made once: when the key's deal exists it is returned untouched (from then on the rep's). The
   * batch upsert by the unique key keeps two racing calls to one deal.
   */
  async ensureRenewalDeal(request: RenewalDealRequest): Promise<CrmWriteResult> {
    await this.deps.ensureReady();
    const existing = await this.read('deals', request.renewalKey, ['hs_object_id'], {
      idProperty: 'ledgerbridge_renewal_key',
    });
    if (existing) return { recordId: existing.id, created: false, changes: {} };
    const { pipeline, stage } = await this.firstStage();
    const properties: Properties = {
      dealname: request.name,
      pipeline,
      dealstage: stage,
      amount: money(request.amount),
      deal_currency_code: request.currency,
      closedate: `${request.closeDate}T00:00:00.000Z`,
      ...(request.ownerId ? { hubspot_owner_id: request.ownerId } : {}),
    };
    const response = await this.deps.call((client) =>
      client.crm.deals.batchApi.upsert({
        inputs: [{ idProperty: 'ledgerbridge_renewal_key', id: request.renewalKey, properties }],
      }),
    );
    const written = response.results[0];
    if (!written) throw new VendorError('retryable', 'hubspot', 'the renewal deal upsert returned nothing');
    if (request.accountId) {
      const companyId = request.accountId;
      await this.deps.call((client) =>
        client.crm.associations.v4.basicApi.createDefault('deals', written.id, 'companies', companyId),
      );
    }
    return {
      recordId: written.id,
      created: written._new,
      changes: diffProperties(undefined, { ...properties, ledgerbridge_renewal_key: request.renewalKey }),
    };
  }

  /** The default pipeline's first stage (else the first pipeline's): a renewal starts the pipeline. */
  private async firstStage(): Promise<{ pipeline: string; stage: string }> {
    const { results } = await this.deps.call((client) => client.crm.pipelines.pipelinesApi.getAll('deals'));
    const pipeline = results.find((p) => p.id === 'default') ?? results[0];
    const stage = [...(pipeline?.stages ?? [])].sort((a, b) => a.displayOrder - b.displayOrder)[0];
    if (!pipeline || !stage) throw new VendorError('validation', 'hubspot', 'the portal has no deal stage');
    return { pipeline: pipeline.id, stage: stage.id };
  }

  private openTasks(ids: string[]): Promise<Array<{ id: string; body: string | null }>> {
    return openHubspotTasks((fn) => this.deps.call(fn), ids);
  }

  private async writeDiff(type: RecordType, id: string, wanted: Properties): Promise<CrmWriteResult> {
    await this.deps.ensureReady();
    const current = await this.read(type, id, Object.keys(wanted));
    if (!current) throw new VendorError('notFound', 'hubspot', `${type} ${id} not found`);
    const changes = diffProperties(current.properties, wanted);
    if (Object.keys(changes).length > 0)
      await this.deps.call((client) => client.crm[type].basicApi.update(id, { properties: wanted }));
    return { recordId: id, created: false, changes };
  }

  private async read(
    type: RecordType,
    id: string,
    properties: string[],
    options: { idProperty?: string; associations?: string[] } = {},
  ): Promise<HubspotRecord | undefined> {
    try {
      return await this.deps.call((client) =>
        client.crm[type].basicApi.getById(
          id,
          properties,
          undefined,
          options.associations,
          false,
          options.idProperty,
        ),
      );
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }
}
