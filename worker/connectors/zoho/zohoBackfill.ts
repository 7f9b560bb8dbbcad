import { VendorError } from '../errors';
import { planAccountLinks } from '../../../workflows/domain/accountLinkPlan';
import type { CanonicalContact, CanonicalInvoice } from '../../../workflows/domain/canonical';
import type { DealFromInvoice } from '../../../workflows/domain/invoiceToDeal';
import { linkAccount, type AccountPort } from '../../sync/accountLinker';
import type { BatchOutcome, CrmBackfill, SyncContext } from '../../sync/crmTarget';
import { accountLinksOf } from '../../sync/recordLinks';
import type { ReviewQueue } from '../../sync/reviewQueue';
import { accountFields } from './zohoAccounts';
import { ZohoAccountIndex } from './zohoAccountIndex';
import { MAX_RECORDS_PER_WRITE, type ZohoClient } from './zohoClient';
import { dealFields } from './zohoDealWrites';
import { coqlLiteral, diffZohoFields, zohoDateTime, type ZohoFields } from './zohoRecordDiff';
import { ACCOUNT, DEAL } from './zohoSchema';
import type { ZohoWriteOutcome } from './zohoWriteOutcomes';

interface PendingWrite {
  xeroId: string;
  fields: ZohoFields;
}

/**
 * The initial load into Zoho CRM in few calls and credits: the accounts read once per backfill run
 * (COQL, 2,000 a call) and matched a page at a time by the batch match rules; deals read 100 at a
 * time by their unique Xero_Invoice_ID (one COQL) with their contacts' accounts (one COQL), then
 * everything that differs written 100 to a call (Zoho's most; 10 credits). Each record succeeds or
 * fails on its own, so one refused record does not sink its 99 neighbours, and a replayed page
 * reads and writes nothing.
 */
export class ZohoBackfill implements CrmBackfill {
  constructor(
    private readonly deps: {
      crmConnectionId: string;
      client: ZohoClient;
      /** The one-by-one linker's port (a ZohoAccounts), for a link another sync made meanwhile. */
      accounts: AccountPort;
      reviews: ReviewQueue;
      ensureReady: () => Promise<void>;
      now: () => Date;
      /** The org's Stage value for the settings' stage name (ZohoStages.resolve). */
      stageOf: (stage: string) => Promise<string>;
    },
  ) {}

  async accounts(
    contacts: CanonicalContact[],
    owner: 'xero' | 'crm',
    context: SyncContext,
  ): Promise<BatchOutcome> {
    await this.deps.ensureReady();
    const index = await this.accountIndex(context.backfillId);
    const outcome: BatchOutcome = { written: 0, queuedForReview: 0, failed: [] };
    const updates: Array<PendingWrite & { crmId: string; contact: CanonicalContact }> = [];
    const creates: PendingWrite[] = [];
    for (const step of planAccountLinks(contacts, index.candidates, owner)) {
      const xeroId = step.contact.xeroContactId;
      if (step.kind === 'update') {
        const fields = accountFields(step.contact, step.withDetails);
        if (Object.keys(diffZohoFields(index.record(step.crmId), fields)).length > 0)
          updates.push({ xeroId, fields, crmId: step.crmId, contact: step.contact });
      } else if (step.kind === 'create') {
        creates.push({ xeroId, fields: accountFields(step.contact, true) });
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
    const stamp = { [ACCOUNT.lastSync]: zohoDateTime(this.deps.now()) };
    for (const chunk of chunks(updates)) {
      const outcomes = await this.deps.client.updateRecords(
        ACCOUNT.module,
        chunk.map((u) => ({ id: u.crmId, ...u.fields, ...stamp })),
      );
      for (const o of outcomes) {
        const update = chunk[o.index];
        if (!update) continue;
        if (o.ok) {
          outcome.written++;
          index.put(update.crmId, update.fields);
        } else if (o.code === 'DUPLICATE_DATA') {
          // Xero_Contact_ID is unique: another sync linked this contact since the index was read.
          await this.relink(update.contact, owner, context, index, outcome);
        } else outcome.failed.push(failure(update, o));
      }
    }
    for (const chunk of chunks(creates)) {
      const outcomes = await this.deps.client.upsertRecords(
        ACCOUNT.module,
        chunk.map((c) => ({ ...c.fields, ...stamp })),
        [ACCOUNT.xeroContactId],
      );
      for (const o of outcomes) {
        const create = chunk[o.index];
        if (!create) continue;
        if (o.ok) {
          outcome.written++;
          index.put(o.id, create.fields);
        } else outcome.failed.push(failure(create, o));
      }
    }
    outcome.linked = accountLinksOf(contacts, index.candidates, outcome.failed);
    return outcome;
  }

  /**
   * Deals 100 at a time: their contacts' linked accounts and the deals already there, one COQL
   * each, then one upsert by Xero_Invoice_ID of those that differ. A contact with no linked
   * account leaves its deal's account lookup as it is.
   */
  async deals(
    items: Array<{ invoice: CanonicalInvoice; deal: DealFromInvoice }>,
    _context: SyncContext,
  ): Promise<BatchOutcome> {
    await this.deps.ensureReady();
    const outcome: BatchOutcome = { written: 0, queuedForReview: 0, failed: [] };
    for (const chunk of chunks(items)) {
      const accountOf = await this.linkedAccounts(chunk.map((i) => i.invoice.contactId));
      const wanted: PendingWrite[] = [];
      for (const i of chunk) {
        try {
          const deal = { ...i.deal, stage: await this.deps.stageOf(i.deal.stage) };
          const accountId = accountOf.get(i.invoice.contactId.toLowerCase());
          wanted.push({ xeroId: i.invoice.xeroInvoiceId, fields: dealFields(deal, i.invoice, accountId) });
        } catch (err) {
          // A stage the org lacks fails its record, not the page.
          if (!(err instanceof VendorError && err.kind === 'validation')) throw err;
          outcome.failed.push({ xeroId: i.invoice.xeroInvoiceId, error: err.message });
        }
      }
      const current = await this.currentDeals(wanted);
      const pending = wanted.filter((w) => {
        const stored = current.get(w.xeroId.toLowerCase());
        return !stored || Object.keys(diffZohoFields(stored, w.fields)).length > 0;
      });
      if (pending.length === 0) continue;
      const outcomes = await this.deps.client.upsertRecords(
        DEAL.module,
        pending.map((p) => p.fields),
        [DEAL.xeroInvoiceId],
      );
      for (const o of outcomes) {
        const write = pending[o.index];
        if (!write) continue;
        if (o.ok) outcome.written++;
        else outcome.failed.push(failure(write, o));
      }
    }
    return outcome;
  }

  /** One contact the batch could not link, through the one-by-one linker (reads, then writes). */
  private async relink(
    contact: CanonicalContact,
    owner: 'xero' | 'crm',
    context: SyncContext,
    index: ZohoAccountIndex,
    outcome: BatchOutcome,
  ): Promise<void> {
    try {
      const link = await linkAccount(
        this.deps.accounts,
        contact,
        owner,
        this.deps.reviews,
        context.xeroTenantId,
      );
      if (link.kind === 'queued_for_review') outcome.queuedForReview++;
      else {
        outcome.written++;
        index.put(link.result.recordId, { [ACCOUNT.xeroContactId]: contact.xeroContactId });
      }
    } catch (error) {
      outcome.failed.push({
        xeroId: contact.xeroContactId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private cached: { key: string; index: ZohoAccountIndex } | undefined;

  /**
   * Read once per backfill run (keyed by its workflow ID) and kept current with its writes, as the
   * other CRMs' backfills keep theirs: an account a user adds mid-run is found by the next run or
   * by the record's own sync.
   */
  private async accountIndex(key: string | undefined): Promise<ZohoAccountIndex> {
    if (key && this.cached?.key === key) return this.cached.index;
    const index = await ZohoAccountIndex.read(this.deps.client);
    if (key) this.cached = { key, index };
    return index;
  }

  /** Xero contact ID (lower case) → the id of the account linked to it, in one COQL. */
  private async linkedAccounts(contactIds: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(contactIds.map((id) => id.toLowerCase()))];
    if (unique.length === 0) return new Map();
    const page = await this.deps.client.coql(
      `select id, ${ACCOUNT.xeroContactId} from ${ACCOUNT.module} where ${ACCOUNT.xeroContactId} in (${unique.map(coqlLiteral).join(', ')}) limit ${MAX_RECORDS_PER_WRITE}`,
    );
    return new Map(
      page.records.flatMap((r) => {
        const link = r[ACCOUNT.xeroContactId];
        return typeof link === 'string' ? [[link.toLowerCase(), r.id] as const] : [];
      }),
    );
  }

  /** The deals holding these Xero invoice IDs (lower case) with the fields written, in one COQL. */
  private async currentDeals(wanted: PendingWrite[]) {
    const fields = [...new Set(['id', ...wanted.flatMap((w) => Object.keys(w.fields))])];
    const page = await this.deps.client.coql(
      `select ${fields.join(', ')} from ${DEAL.module} where ${DEAL.xeroInvoiceId} in (${wanted.map((w) => coqlLiteral(w.xeroId)).join(', ')}) limit ${MAX_RECORDS_PER_WRITE}`,
    );
    return new Map(
      page.records.flatMap((r) => {
        const id = r[DEAL.xeroInvoiceId];
        return typeof id === 'string' ? [[id.toLowerCase(), r] as const] : [];
      }),
    );
  }
}

/** COQL's IN takes at most 100 values, as a write takes at most 100 records. */
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_RECORDS_PER_WRITE)
    out.push(items.slice(i, i + MAX_RECORDS_PER_WRITE));
  return out;
}

/** A refused record, as Zoho named its reason and field. */
function failure(write: { xeroId: string }, o: Extract<ZohoWriteOutcome, { ok: false }>) {
  const fields = o.error.details.fields;
  return { xeroId: write.xeroId, error: `${o.error.message}${fields ? ` (${fields.join(', ')})` : ''}` };
}
