import { z } from 'zod';
import type { CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { CrmDeal } from '../../../workflows/domain/crmDeal';
import type { CrmDealSource } from '../../sync/crmDeals';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import {
  fieldText,
  toCrmDeal,
  zohoDealAccount,
  zohoDealContact,
  zohoDealRecord,
  ZOHO_ACCOUNT_READ_FIELDS,
  ZOHO_CONTACT_READ_FIELDS,
  ZOHO_DEAL_READ_FIELDS,
  ZOHO_WON_STAGE,
} from './zohoDealRecord';
import { openKeyedZohoTask } from './zohoKeyedTasks';
import { diffZohoFields, zohoDateTime, type ZohoFields } from './zohoRecordDiff';
import { ACCOUNT, DEAL } from './zohoSchema';
import { written } from './zohoWriteOutcomes';

/** Ledgerbridge_Sync_Problem is a large multi-line field. */
const SYNC_PROBLEM_CHARS = 32_000;
/** COQL answers at most 2,000 rows a query. */
const COQL_MAX_ROWS = 2_000;
/** v8 takes at most 50 fields a read. */
const MAX_FIELDS = 50;

const owner = z.looseObject({ id: z.string() }).nullish();
const wonRow = z.looseObject({ id: z.string(), Modified_Time: z.string() });

/**
 * The Zoho side of the CRM-to-Xero flow, over the typed v8 client: the deal with its account and
 * contact (up to three reads), the Xero fields written back only where they differ, a Task for
 * the owner on a problem (once per problem, by its key).
 */
export class ZohoDeals implements CrmDealSource {
  readonly vendor = 'zoho' as const;

  constructor(
    private readonly deps: {
      connectionId: string;
      client: ZohoClient;
      ensureReady: () => Promise<void>;
      now: () => Date;
    },
  ) {}

  get connectionId(): string {
    return this.deps.connectionId;
  }

  async readDeal(dealId: string): Promise<CrmDeal | undefined> {
    await this.deps.ensureReady();
    const { client } = this.deps;
    const raw = await client.getRecord(DEAL.module, dealId, ZOHO_DEAL_READ_FIELDS);
    if (!raw) return undefined;
    const deal = zohoDealRecord.parse(raw);
    const [account, contact] = await Promise.all([
      deal.Account_Name
        ? client.getRecord(ACCOUNT.module, deal.Account_Name.id, ZOHO_ACCOUNT_READ_FIELDS)
        : undefined,
      deal.Contact_Name
        ? client.getRecord('Contacts', deal.Contact_Name.id, ZOHO_CONTACT_READ_FIELDS)
        : undefined,
    ]);
    return toCrmDeal(
      deal,
      account && zohoDealAccount.parse(account),
      contact && zohoDealContact.parse(contact),
    );
  }

  async readDealFields(dealId: string, fields: readonly string[]): Promise<Record<string, string | null>> {
    await this.deps.ensureReady();
    // The names go into the query string: Deals field API names only.
    const bad = fields.find((f) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(f));
    if (bad) throw new VendorError('validation', 'zoho', `"${bad}" is not a Deals field API name`);
    if (fields.length > MAX_FIELDS)
      throw new VendorError('validation', 'zoho', `at most ${MAX_FIELDS} deal fields, not ${fields.length}`);
    const deal = await this.deps.client.getRecord(DEAL.module, dealId, fields);
    return Object.fromEntries(fields.map((f) => [f, fieldText(deal?.[f])]));
  }

  async recordInvoice(dealId: string, invoice: CanonicalInvoice): Promise<CrmWriteResult> {
    const wanted: ZohoFields = {
      [DEAL.xeroInvoiceId]: invoice.xeroInvoiceId,
      [DEAL.invoiceNumber]: invoice.number,
      [DEAL.invoiceStatus]: invoice.status,
      [DEAL.onlineInvoiceUrl]: invoice.onlineUrl ?? null,
      [DEAL.syncProblem]: null,
    };
    const changes = await this.writeDiff(dealId, wanted);
    return { recordId: dealId, created: false, changes };
  }

  async reportProblem(deal: CrmDeal, problem: string): Promise<{ taskId: string | undefined }> {
    // Compared as stored: a text cut to the field's length must not look new on every run (each
    // write moves Modified_Time, and the won-deal poll would pick the deal up again).
    const shown = problem.slice(0, SYNC_PROBLEM_CHARS);
    if (deal.syncProblem === shown) return { taskId: undefined };
    // The task first: should the field write fail, the retry finds the problem not shown yet, and
    // the task it made by its key.
    const { taskId } = await openKeyedZohoTask(this.deps.client, deal.dealId, {
      key: problem,
      subject: `Not invoiced in Xero: ${deal.name}`,
      body: problem,
      dueDate: this.today(),
      priority: 'high',
      ownerId: deal.ownerId,
    });
    await this.writeDiff(deal.dealId, { [DEAL.syncProblem]: shown });
    return { taskId };
  }

  async recordPaymentFailures(
    dealId: string,
    failures: number,
    task: { subject: string; body: string } | undefined,
  ): Promise<void> {
    await this.writeDiff(dealId, { [DEAL.paymentFailures]: failures });
    if (!task) return;
    const { client } = this.deps;
    const deal = z
      .looseObject({ Owner: owner, Account_Name: owner })
      .parse((await client.getRecord(DEAL.module, dealId, ['Owner', DEAL.account])) ?? {});
    const account = deal.Account_Name
      ? await client.getRecord(ACCOUNT.module, deal.Account_Name.id, ['Owner'])
      : undefined;
    const accountOwner = z.looseObject({ Owner: owner }).parse(account ?? {}).Owner;
    // The subject names the invoice and the count: one problem, one task, however often retried.
    await openKeyedZohoTask(client, dealId, {
      key: task.subject,
      ...task,
      dueDate: this.today(),
      priority: 'high',
      ownerId: accountOwner?.id ?? deal.Owner?.id ?? null,
    });
  }

  /**
   * Zoho's Modified_Time has second precision: a page cut inside a second would leave that second's
   * other deals behind the cursor (`>`), so one row more is read, and a page it would cut ends
   * before that second (unless the whole page is that one second).
   */
  async wonDealsSince(since: Date, limit: number): Promise<Array<{ dealId: string; modifiedAt: Date }>> {
    await this.deps.ensureReady();
    const rows = Math.min(Math.max(Math.floor(limit), 1), COQL_MAX_ROWS - 1);
    // Zoho keeps Modified_Time to the second and the cursor to the millisecond: a deal changed in
    // the cursor's own second must still be found (a repeat notice is harmless; `>` lost it for good).
    const page = await this.deps.client.coql(
      `select id, Modified_Time from ${DEAL.module} where ((${DEAL.stage} = '${ZOHO_WON_STAGE}' and ${DEAL.xeroInvoiceId} is null) and Modified_Time >= '${zohoDateTime(since)}') order by Modified_Time asc limit ${rows + 1}`,
    );
    const deals = page.records.map((r) => {
      const row = wonRow.parse(r);
      return { dealId: row.id, modifiedAt: new Date(row.Modified_Time) };
    });
    const cut = deals[rows]?.modifiedAt.getTime();
    const kept = deals.slice(0, rows);
    if (cut === undefined || kept.at(-1)?.modifiedAt.getTime() !== cut) return kept;
    const before = kept.filter((d) => d.modifiedAt.getTime() < cut);
    // Rows of the cursor's own second alone before the cut would make no progress: the whole page does.
    const sinceSecond = Math.floor(since.getTime() / 1000) * 1000;
    return before.some((d) => d.modifiedAt.getTime() > sinceSecond) ? before : kept;
  }

  async linkAccount(accountId: string, xeroContactId: string): Promise<void> {
    await this.writeDiff(accountId, { [ACCOUNT.xeroContactId]: xeroContactId }, ACCOUNT.module);
  }

  /** Reads the fields, writes those that differ (one update), and returns what changed. */
  private async writeDiff(
    id: string,
    wanted: ZohoFields,
    module: string = DEAL.module,
  ): Promise<CrmWriteResult['changes']> {
    const { client } = this.deps;
    const current = await client.getRecord(module, id, Object.keys(wanted));
    if (!current) throw new VendorError('notFound', 'zoho', `${module} ${id} does not exist`);
    const changes = diffZohoFields(current, wanted);
    if (Object.keys(changes).length > 0) written(await client.updateRecords(module, [{ ...wanted, id }]));
    return changes;
  }

  private today(): string {
    return this.deps.now().toISOString().slice(0, 10);
  }
}
