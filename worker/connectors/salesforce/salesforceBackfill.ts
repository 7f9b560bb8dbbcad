import type { Connection as JsforceConnection, QueryResult, SaveResult, UpsertResult } from 'jsforce';
import { planAccountLinks } from '../../../workflows/domain/accountLinkPlan';
import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import type { DealFromInvoice } from '../../../workflows/domain/invoiceToDeal';
import type { BatchOutcome, CrmBackfill, SyncContext } from '../../sync/crmTarget';
import { accountLinksOf } from '../../sync/recordLinks';
import type { ReviewQueue } from '../../sync/reviewQueue';
import {
  accountFields,
  invoiceRecordFields,
  LAST_SYNC_FIELD,
  opportunityFields,
  type Fields,
} from './salesforceFields';

/** sObject Collections take at most 200 records per call. */
const COLLECTION_SIZE = 200;

/**
 * The initial load into Salesforce in as few calls as the REST API allows: accounts read once per
 * page (2,000 per query batch), then written 200 to a call through sObject Collections (update by
 * Id, upsert by external ID), never allOrNone, so one bad record does not sink its 199 neighbours.
 */
export class SalesforceBackfill implements CrmBackfill {
  constructor(
    private readonly deps: {
      crmConnectionId: string;
      call<T>(fn: (conn: JsforceConnection) => Promise<T>): Promise<T>;
      isMultiCurrency(): Promise<boolean>;
      reviews: ReviewQueue;
    },
  ) {}

  async accounts(
    contacts: CanonicalContact[],
    owner: 'xero' | 'crm',
    context: SyncContext,
  ): Promise<BatchOutcome> {
    const index = await this.accountIndex(context.backfillId);
    const outcome: BatchOutcome = { written: 0, queuedForReview: 0, failed: [] };
    const updates: Array<{ xeroId: string; record: Fields & { Id: string } }> = [];
    const creates: Array<{ xeroId: string; record: Fields }> = [];
    for (const step of planAccountLinks(contacts, index, owner)) {
      const xeroId = step.contact.xeroContactId;
      if (step.kind === 'update') {
        const current = index.find((a) => a.crmId === step.crmId);
        const wanted: Fields = {
          Xero_Contact_ID__c: xeroId,
          ...accountFields(step.contact, step.withDetails),
        };
        const unchanged =
          current?.linkedXeroContactId === xeroId && (!step.withDetails || current.name === wanted.Name);
        if (!unchanged)
          updates.push({
            xeroId,
            record: { Id: step.crmId, ...wanted, [LAST_SYNC_FIELD]: new Date().toISOString() },
          });
      } else if (step.kind === 'create') {
        creates.push({
          xeroId,
          record: {
            Xero_Contact_ID__c: xeroId,
            ...accountFields(step.contact, true),
            [LAST_SYNC_FIELD]: new Date().toISOString(),
          },
        });
      } else {
        await this.deps.reviews.enqueue({
          crmConnectionId: this.deps.crmConnectionId,
          xeroTenantId: context.xeroTenantId,
          xeroContactId: xeroId,
          contactName: step.contact.name,
          email: step.contact.email,
          taxNumber: step.contact.taxNumber,
          reason: step.reason,
          rule: step.reason === 'ambiguous' ? 'name' : undefined,
          candidates: step.candidates.map((c) => ({ crmId: c.crmId, name: c.name })),
        });
        outcome.queuedForReview++;
      }
    }
    for (const chunk of chunks(updates))
      tally(
        outcome,
        chunk,
        await this.deps.call((conn) =>
          conn.update(
            'Account',
            chunk.map((u) => u.record),
          ),
        ),
      );
    const created: Array<string | undefined> = [];
    for (const chunk of chunks(creates)) {
      const results = await this.deps.call((conn) =>
        conn.upsert(
          'Account',
          chunk.map((c) => c.record),
          'Xero_Contact_ID__c',
        ),
      );
      tally(outcome, chunk, results);
      created.push(...results.map((r) => (r.success ? r.id : undefined)));
    }
    // Keep the run's cached index true to what was just written (see accountIndex).
    for (const u of updates) {
      const entry = index.find((a) => a.crmId === u.record.Id);
      if (entry)
        Object.assign(entry, { linkedXeroContactId: u.xeroId, name: String(u.record.Name ?? entry.name) });
    }
    for (const [n, c] of creates.entries()) {
      const id = created[n];
      if (id) index.push({ crmId: id, name: String(c.record.Name ?? ''), linkedXeroContactId: c.xeroId });
    }
    outcome.linked = accountLinksOf(contacts, index, outcome.failed);
    return outcome;
  }

  async deals(
    items: Array<{ invoice: CanonicalInvoice; deal: DealFromInvoice }>,
    context: SyncContext,
  ): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { written: 0, queuedForReview: 0, failed: [] };
    const accountOf = new Map(
      (await this.accountIndex(context.backfillId)).flatMap((a) =>
        a.linkedXeroContactId ? [[a.linkedXeroContactId, a.crmId] as const] : [],
      ),
    );
    const currency = (code: string): Fields => (this.multiCurrency ? { CurrencyIsoCode: code } : {});
    this.multiCurrency = await this.deps.isMultiCurrency();
    for (const chunk of chunks(items.map((i) => ({ xeroId: i.invoice.xeroInvoiceId, ...i })))) {
      const opportunities = await this.deps.call((conn) =>
        conn.upsert(
          'Opportunity',
          chunk.map((i) => ({
            Xero_Invoice_ID__c: i.xeroId,
            ...opportunityFields(i.deal, accountOf.get(i.invoice.contactId), currency(i.deal.currency)),
          })),
          'Xero_Invoice_ID__c',
        ),
      );
      tally(outcome, chunk, opportunities);
      // An invoice whose contact has no account yet is held back (see SalesforceCrm.upsertDeal).
      const records = chunk.flatMap((i, n) => {
        const opp = opportunities[n];
        return opp?.success && accountOf.has(i.invoice.contactId)
          ? [
              {
                Xero_Invoice_ID__c: i.xeroId,
                ...invoiceRecordFields(i.invoice, opp.id, accountOf.get(i.invoice.contactId)),
              },
            ]
          : [];
      });
      if (records.length > 0) {
        const results = await this.deps.call((conn) =>
          conn.upsert('Xero_Invoice__c', records, 'Xero_Invoice_ID__c'),
        );
        results.forEach((r, n) => {
          if (!r.success)
            outcome.failed.push({ xeroId: String(records[n]?.Xero_Invoice_ID__c), error: errorsOf(r) });
        });
      }
    }
    return outcome;
  }

  private multiCurrency = false;

  private cached: { key: string; index: CrmCandidate[] } | undefined;

  /**
   * Every account with its name and link, read once per backfill run (keyed by its workflow ID)
   * and kept current with what the run writes: re-reading it for every page would cost a query
   * batch per 2,000 accounts each time. An account a user adds mid-run is found by the next
   * run or by the record's own sync.
   */
  private async accountIndex(key: string | undefined): Promise<CrmCandidate[]> {
    if (key && this.cached?.key === key) return this.cached.index;
    const index = await this.readAccountIndex();
    if (key) this.cached = { key, index };
    return index;
  }

  /** Every account with its name and link, read with queryMore (2,000 a call). */
  private async readAccountIndex(): Promise<CrmCandidate[]> {
    type Row = { Id: string; Name: string; Xero_Contact_ID__c: string | null };
    const accounts: CrmCandidate[] = [];
    let page: QueryResult<Row> = await this.deps.call((conn) =>
      conn.query<Row>('SELECT Id, Name, Xero_Contact_ID__c FROM Account').then((r) => r),
    );
    for (;;) {
      for (const r of page.records)
        accounts.push({ crmId: r.Id, name: r.Name, linkedXeroContactId: r.Xero_Contact_ID__c ?? undefined });
      const next = page.nextRecordsUrl;
      if (page.done || !next) return accounts;
      page = await this.deps.call((conn) => conn.queryMore<Row>(next).then((r) => r));
    }
  }
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += COLLECTION_SIZE) out.push(items.slice(i, i + COLLECTION_SIZE));
  return out;
}

function tally(
  outcome: BatchOutcome,
  chunk: Array<{ xeroId: string }>,
  results: Array<SaveResult | UpsertResult>,
): void {
  results.forEach((r, n) => {
    if (r.success) outcome.written++;
    else outcome.failed.push({ xeroId: chunk[n]?.xeroId ?? '?', error: errorsOf(r) });
  });
}

function errorsOf(result: SaveResult | UpsertResult): string {
  return 'errors' in result ? JSON.stringify(result.errors) : 'failed';
}
