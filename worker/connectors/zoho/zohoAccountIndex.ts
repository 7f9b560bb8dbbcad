import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import type { ZohoClient } from './zohoClient';
import { coqlIdPage } from './zohoCoqlPages';
import type { ZohoFields } from './zohoRecordDiff';
import { ACCOUNT } from './zohoSchema';
import type { ZohoRecord } from './zohoSchemas';

/** What a backfill compares and writes on an account: its name, link and balances. */
const INDEX_FIELDS = [ACCOUNT.name, ACCOUNT.xeroContactId, ACCOUNT.outstandingBalance, ACCOUNT.overdueAmount];

/**
 * Every Zoho account with the fields a backfill writes, for the match rules (as candidates) and
 * for the diff (as records), read by COQL id ranges at 2,000 a call and kept current with what
 * the run writes, so a page's writes are decided without a read per contact.
 */
export class ZohoAccountIndex {
  readonly candidates: CrmCandidate[] = [];
  private readonly records = new Map<string, ZohoRecord>();
  private readonly positions = new Map<string, number>();

  static async read(client: ZohoClient): Promise<ZohoAccountIndex> {
    const index = new ZohoAccountIndex();
    let after: string | undefined;
    do {
      const page = await coqlIdPage(client, { module: ACCOUNT.module, fields: INDEX_FIELDS, after });
      for (const record of page.records) index.put(record.id, record);
      after = page.next;
    } while (after);
    return index;
  }

  record(crmId: string): ZohoRecord | undefined {
    return this.records.get(crmId);
  }

  /** The account as it stands after a write of `fields` (or as read). */
  put(crmId: string, fields: ZohoFields | ZohoRecord): void {
    const record: ZohoRecord = { ...this.records.get(crmId), ...fields, id: crmId };
    this.records.set(crmId, record);
    const name = record[ACCOUNT.name];
    const link = record[ACCOUNT.xeroContactId];
    const candidate: CrmCandidate = {
      crmId,
      name: typeof name === 'string' ? name : '',
      linkedXeroContactId: typeof link === 'string' && link !== '' ? link : undefined,
    };
    const at = this.positions.get(crmId);
    if (at === undefined) this.positions.set(crmId, this.candidates.push(candidate) - 1);
    else this.candidates[at] = candidate;
  }
}
