import type { Connection as JsforceConnection } from 'jsforce';
import { z } from 'zod';
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
import { jsforceConnection } from './salesforceApi';
import { SalesforceBackfill } from './salesforceBackfill';
import { SalesforceParity } from './salesforceParity';
import { SalesforceDeals } from './salesforceDeals';
import { SalesforceInvoiceFiles } from './salesforceInvoiceFiles';
import {
  accountFields,
  invoiceRecordFields,
  opportunityFields,
  syncStamp,
  type Fields,
} from './salesforceFields';
import { writeLinkedDeal } from './salesforceLinkedDealWrite';
import { SalesforceMappingSettings } from './salesforceMappingSettings';
import { SalesforcePayments } from './salesforcePayments';
import { SalesforcePaymentsPort } from './salesforcePaymentsPort';
import { SalesforceSyncStatus } from './salesforceSyncStatus';
import { diffFields } from './salesforceDiff';
import { classifySalesforceError } from './salesforceErrors';
import { soqlContains, soqlString } from './soql';

const instanceSettingsSchema = z.object({
  instanceUrl: z.url(),
  /** The package's namespace when the org has it installed managed (`ns`: its names are ns__…). */
  namespace: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]{0,14}$/, 'a Salesforce namespace prefix')
    .optional(),
});

/**
 * Salesforce as a target of the Xero-to-CRM flow, through jsforce: Account (linked by
 * Xero_Contact_ID__c), Opportunity (upserted by Xero_Invoice_ID__c) and the package's Xero_Invoice__c
 * record. Each write reads the record first, writes only fields that differ (so a replayed event
 * costs one query and no write) and reports the changes for the audit row.
 */
export class SalesforceCrm implements CrmTarget {
  readonly vendor = 'salesforce' as const;
  private multiCurrency: Promise<boolean> | undefined;
  readonly backfill: SalesforceBackfill;
  readonly deals: SalesforceDeals;
  readonly parity: SalesforceParity;
  private readonly payments: SalesforcePayments;
  readonly mappingSettings: SalesforceMappingSettings;
  readonly syncStatus: SalesforceSyncStatus;
  readonly processorPayments: SalesforcePaymentsPort;
  readonly invoiceFiles: SalesforceInvoiceFiles;

  constructor(
    private readonly deps: {
      connection: Connection;
      connections: ConnectionStore;
      refresh: RefreshService;
      pacer: SharedPacer;
      reviews: ReviewQueue;
    },
  ) {
    this.backfill = new SalesforceBackfill({
      crmConnectionId: deps.connection.id,
      call: (fn) => this.call(fn),
      isMultiCurrency: () => this.isMultiCurrency(),
      reviews: deps.reviews,
    });
    this.deals = new SalesforceDeals({
      connectionId: deps.connection.id,
      call: (fn) => this.call(fn),
      isMultiCurrency: () => this.isMultiCurrency(),
    });
    this.payments = new SalesforcePayments({ call: (fn) => this.call(fn) });
    this.processorPayments = new SalesforcePaymentsPort({
      call: (fn) => this.call(fn),
      isMultiCurrency: () => this.isMultiCurrency(),
    });
    this.invoiceFiles = new SalesforceInvoiceFiles({ call: (fn) => this.call(fn) });
    this.mappingSettings = new SalesforceMappingSettings({ call: (fn) => this.call(fn) });
    const namespace = instanceSettingsSchema.partial().safeParse(deps.connection.settings).data?.namespace;
    this.syncStatus = new SalesforceSyncStatus({ call: (fn) => this.call(fn), namespace });
    this.parity = new SalesforceParity({
      call: (fn) => this.call(fn),
      isMultiCurrency: () => this.isMultiCurrency(),
    });
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  async upsertAccount(plan: UpsertAccountPlan, context: SyncContext): Promise<LinkOutcome> {
    return linkAccount(this.accountPort(), plan.contact, plan.owner, this.deps.reviews, context.xeroTenantId);
  }

  async upsertDeal(plan: UpsertDealPlan, context: SyncContext): Promise<DealWrite> {
    // The everyday case (account already linked) in two composite calls; otherwise step by step.
    const linked = await writeLinkedDeal(
      {
        call: (fn) => this.call(fn),
        isMultiCurrency: () => this.isMultiCurrency(),
        connectionId: this.connectionId,
      },
      plan,
      context,
    );
    if (linked) return linked;
    const account = plan.contact
      ? await linkAccount(
          this.accountPort(),
          plan.contact,
          plan.owner,
          this.deps.reviews,
          context.xeroTenantId,
        )
      : undefined;
    const accountId = account?.kind === 'linked' ? account.result.recordId : undefined;
    const { deal, invoice } = plan;
    const currency: Fields = (await this.isMultiCurrency()) ? { CurrencyIsoCode: deal.currency } : {};
    const origin = context.originDeal?.crmConnectionId === this.connectionId ? context.originDeal : undefined;
    if (origin)
      await this.call((conn) =>
        conn.sobject('Opportunity').update({ Id: origin.dealId, Xero_Invoice_ID__c: deal.xeroInvoiceId }),
      );
    const fields = opportunityFields(deal, accountId, currency);
    const opportunity = await this.upsertByExternalId(
      'Opportunity',
      'Xero_Invoice_ID__c',
      deal.xeroInvoiceId,
      origin
        ? Object.fromEntries(Object.entries(fields).filter(([name]) => name.startsWith('Xero_')))
        : fields,
    );
    // Xero_Invoice__c is a detail of its Account (its sharing follows the account's): an invoice
    // whose contact is linked to no account yet is held back, never written where no account
    // guards it. The contact's review (queued by linkAccount) links it; the invoice's next sync
    // (any change in Xero, a backfill, a re-sync) then writes it.
    if (!accountId) return { deal: opportunity, invoiceRecord: undefined, account, payments: [] };
    const invoiceRecord = await this.upsertByExternalId(
      'Xero_Invoice__c',
      'Xero_Invoice_ID__c',
      invoice.xeroInvoiceId,
      invoiceRecordFields(invoice, opportunity.recordId, accountId),
    );
    const payments = await this.payments.sync(invoice, invoiceRecord.recordId, accountId);
    return { deal: opportunity, invoiceRecord, account, payments };
  }

  /** The accounts a person's link decision writes (worker/sync/personLink.ts). */
  personAccounts(): Promise<AccountPort> {
    return Promise.resolve(this.accountPort());
  }

  private accountPort(): AccountPort {
    return {
      crmConnectionId: this.connectionId,
      updateLinked: async (contact, withDetails) => {
        const fields = { Xero_Contact_ID__c: contact.xeroContactId, ...accountFields(contact, withDetails) };
        const existing = await this.readBy('Account', 'Xero_Contact_ID__c', contact.xeroContactId, fields);
        return existing ? this.writeDiff('Account', existing, fields, syncStamp()) : undefined;
      },
      candidates: async (contact) => {
        // Names as stored vary ("Acme Ltd", "ACME Limited"): fetch by the name's words, let the
        // match rules compare normalised names.
        const words = accountSearchWords(contact.name);
        if (words.length === 0) return [];
        const filter = words.map((word) => `Name LIKE ${soqlContains(word)}`).join(' AND ');
        const rows = await this.query<{ Id: string; Name: string; Xero_Contact_ID__c: string | null }>(
          `SELECT Id, Name, Xero_Contact_ID__c FROM Account WHERE ${filter} LIMIT 200`,
        );
        return rows.map((r): CrmCandidate => ({
          crmId: r.Id,
          name: r.Name,
          linkedXeroContactId: r.Xero_Contact_ID__c ?? undefined,
        }));
      },
      writeLinked: async (crmId, contact, withDetails) => {
        const fields = { Xero_Contact_ID__c: contact.xeroContactId, ...accountFields(contact, withDetails) };
        try {
          return await this.updateById('Account', crmId, fields, syncStamp());
        } catch (err) {
          // Xero_Contact_ID__c is unique: a sync of the same contact running at once linked (or made)
          // an account first. That account is the link; this one stays as it was.
          if (!(err instanceof VendorError && err.kind === 'conflict')) throw err;
          const linked = await this.readBy('Account', 'Xero_Contact_ID__c', contact.xeroContactId, fields);
          if (!linked) throw err;
          return this.writeDiff('Account', linked, fields, syncStamp());
        }
      },
      createLinked: (contact) =>
        this.upsertByExternalId('Account', 'Xero_Contact_ID__c', contact.xeroContactId, {
          ...accountFields(contact, true),
          ...syncStamp(),
        }),
    };
  }

  private async upsertByExternalId(
    sobject: string,
    externalIdField: string,
    externalId: string,
    fields: Fields,
  ): Promise<CrmWriteResult> {
    const names = Object.keys(fields);
    const existing = (
      await this.query<Record<string, unknown> & { Id: string }>(
        `SELECT Id, ${names.join(', ')} FROM ${sobject} WHERE ${externalIdField} = ${soqlString(externalId)} LIMIT 1`,
      )
    )[0];
    const changes = diffFields(existing, fields);
    if (existing && Object.keys(changes).length === 0)
      return { recordId: existing.Id, created: false, changes };
    const result = await this.call((conn) =>
      conn.sobject(sobject).upsert({ ...fields, [externalIdField]: externalId }, externalIdField),
    );
    if (!result.success)
      throw new VendorError(
        'validation',
        'salesforce',
        `upsert ${sobject} failed: ${JSON.stringify(result)}`,
      );
    const recordId = existing?.Id ?? result.id;
    if (!recordId) throw new VendorError('retryable', 'salesforce', `upsert ${sobject} returned no id`);
    return { recordId, created: !existing, changes };
  }

  private async updateById(
    sobject: string,
    id: string,
    fields: Fields,
    stamp: Fields = {},
  ): Promise<CrmWriteResult> {
    const existing = await this.readBy(sobject, 'Id', id, fields);
    if (!existing) throw new VendorError('notFound', 'salesforce', `${sobject} ${id} not found`);
    return this.writeDiff(sobject, existing, fields, stamp);
  }

  /** The record whose `field` is `value`, with the fields about to be written (for the diff). */
  private async readBy(
    sobject: string,
    field: string,
    value: string,
    fields: Fields,
  ): Promise<(Record<string, unknown> & { Id: string }) | undefined> {
    const names = [...new Set(['Id', ...Object.keys(fields)])];
    return (
      await this.query<Record<string, unknown> & { Id: string }>(
        `SELECT ${names.join(', ')} FROM ${sobject} WHERE ${field} = ${soqlString(value)} LIMIT 1`,
      )
    )[0];
  }

  /**
   * Writes only the fields that differ from the record as read; reports each change. `stamp` (the
   * last-sync time) goes along with a write but never causes one, so a replay still writes nothing.
   */
  private async writeDiff(
    sobject: string,
    existing: Record<string, unknown> & { Id: string },
    fields: Fields,
    stamp: Fields = {},
  ): Promise<CrmWriteResult> {
    const changes = diffFields(existing, fields);
    if (Object.keys(changes).length > 0) {
      const result = await this.call((conn) =>
        conn.sobject(sobject).update({ Id: existing.Id, ...fields, ...stamp }),
      );
      if (!result.success)
        throw new VendorError(
          'validation',
          'salesforce',
          `update ${sobject} failed: ${JSON.stringify(result)}`,
        );
    }
    return { recordId: existing.Id, created: false, changes };
  }

  isMultiCurrency(): Promise<boolean> {
    this.multiCurrency ??= this.call((conn) => conn.sobject('Opportunity').describe()).then(
      (d) => d.fields.some((f) => f.name === 'CurrencyIsoCode'),
      // A failed describe is not kept: the next call asks Salesforce again.
      (err: unknown) => {
        this.multiCurrency = undefined;
        throw err;
      },
    );
    return this.multiCurrency;
  }

  private async query<T extends Record<string, unknown>>(soql: string): Promise<T[]> {
    // jsforce's Query is a thenable, not a Promise: then() makes it one.
    return this.call((conn) => conn.query<T>(soql).then((result) => result.records));
  }

  /** One authorized, paced, classified jsforce call (also used by the backfill). */
  call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T> {
    let conn: JsforceConnection | undefined;
    return authorizedCall(
      {
        vendor: 'salesforce',
        connectionId: this.connectionId,
        connections: this.deps.connections,
        refresh: this.deps.refresh,
        pacer: this.deps.pacer,
        classify: classifySalesforceError,
      },
      (accessToken, connection) => {
        const { instanceUrl, namespace } = instanceSettingsSchema.parse(connection.settings);
        conn = jsforceConnection({ instanceUrl, accessToken, namespace });
        return fn(conn);
      },
      // jsforce reads Sforce-Limit-Info (api-usage=used/limit) off every response.
      async (_result, paceKey) => {
        const usage = conn?.limitInfo.apiUsage;
        if (usage) await this.deps.pacer.recordBudget(paceKey, { dailyRemaining: usage.limit - usage.used });
      },
    );
  }
}
