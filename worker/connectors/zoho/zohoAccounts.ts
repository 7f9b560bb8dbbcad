import type { CanonicalContact } from '../../../workflows/domain/canonical';
import type { CrmCandidate } from '../../../workflows/domain/contactMatching';
import type { AccountPort } from '../../sync/accountLinker';
import type { CrmWriteResult } from '../../sync/crmTarget';
import { accountSearchWords } from '../accountSearchWords';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import { equals } from './zohoCriteria';
import { coqlLiteral, diffZohoFields, readByUnique, zohoDateTime, type ZohoFields } from './zohoRecordDiff';
import { ACCOUNT, ACCOUNT_NAME_MAX } from './zohoSchema';
import type { ZohoRecord } from './zohoSchemas';
import { written } from './zohoWriteOutcomes';

/** COQL takes at most 25 conditions; the longest words are the most selective. */
const MAX_NAME_WORDS = 10;
const CANDIDATE_FIELDS = ['id', ACCOUNT.name, ACCOUNT.xeroContactId];

/**
 * Zoho CRM Accounts as the account linker sees them (worker/sync/accountLinker.ts), over the typed
 * client: linked by the unique Xero_Contact_ID, read first and written only where a field differs,
 * so a replay writes nothing. Ledgerbridge_Last_Sync goes along with a write but never causes one.
 */
export class ZohoAccounts implements AccountPort {
  readonly crmConnectionId: string;

  constructor(private readonly deps: { crmConnectionId: string; client: ZohoClient; now: () => Date }) {
    this.crmConnectionId = deps.crmConnectionId;
  }

  async updateLinked(contact: CanonicalContact, withDetails: boolean): Promise<CrmWriteResult | undefined> {
    const wanted = accountFields(contact, withDetails);
    const current = await this.byLink(contact.xeroContactId, Object.keys(wanted));
    return current ? this.writeDiff(current, wanted) : undefined;
  }

  /**
   * Accounts whose name holds every word of the contact's (COQL LIKE; the match rules compare the
   * normalised names), and the accounts of Zoho contacts with the contact's e-mail (Zoho keeps
   * e-mail on Contacts, not Accounts). Zoho has no standard tax number field: that rule finds none.
   */
  async candidates(contact: CanonicalContact): Promise<CrmCandidate[]> {
    const byId = new Map<string, CrmCandidate>();
    for (const record of await this.byName(contact.name)) byId.set(record.id, candidate(record));
    const email = contact.email?.trim();
    if (email) {
      const contacts = await this.deps.client.search('Contacts', equals('Email', email), {
        fields: ['Email', 'Account_Name'],
      });
      const accountIds = [...new Set(contacts.records.map((c) => lookupId(c.Account_Name)))].filter(
        (id): id is string => id !== undefined,
      );
      const unread = accountIds.filter((id) => !byId.has(id));
      if (unread.length > 0) {
        const page = await this.deps.client.coql(
          `select ${CANDIDATE_FIELDS.join(', ')} from ${ACCOUNT.module} where id in (${unread.map(coqlLiteral).join(', ')}) limit 200`,
        );
        for (const record of page.records) byId.set(record.id, candidate(record));
      }
      for (const id of accountIds) {
        const found = byId.get(id);
        if (found) found.email = email;
      }
    }
    return [...byId.values()];
  }

  async writeLinked(crmId: string, contact: CanonicalContact, withDetails: boolean): Promise<CrmWriteResult> {
    const wanted = accountFields(contact, withDetails);
    const current = await this.deps.client.getRecord(ACCOUNT.module, crmId, Object.keys(wanted));
    if (!current) throw new VendorError('notFound', 'zoho', `Zoho account ${crmId} not found`);
    const changes = diffZohoFields(current, wanted);
    if (Object.keys(changes).length === 0) return { recordId: crmId, created: false, changes };
    const outcomes = await this.deps.client.updateRecords(ACCOUNT.module, [
      { id: crmId, ...wanted, ...this.stamp() },
    ]);
    const [outcome] = outcomes;
    if (outcome && !outcome.ok && outcome.code === 'DUPLICATE_DATA') {
      // Xero_Contact_ID is unique: a sync of the same contact running at once linked (or made) an
      // account first. The account holding the contact is the link; this one stays as it was.
      const holder = outcome.duplicateRecordId
        ? await this.deps.client.getRecord(ACCOUNT.module, outcome.duplicateRecordId, Object.keys(wanted))
        : await this.byLink(contact.xeroContactId, Object.keys(wanted));
      if (holder?.[ACCOUNT.xeroContactId] !== contact.xeroContactId) throw outcome.error;
      return this.writeDiff(holder, wanted);
    }
    written(outcomes);
    return { recordId: crmId, created: false, changes };
  }

  /** Upsert by the link field (so never twice), after a read so a replay writes nothing. */
  async createLinked(contact: CanonicalContact): Promise<CrmWriteResult> {
    const wanted = accountFields(contact, true);
    const current = await this.byLink(contact.xeroContactId, Object.keys(wanted));
    if (current) return this.writeDiff(current, wanted);
    const done = written(
      await this.deps.client.upsertRecords(
        ACCOUNT.module,
        [{ ...wanted, ...this.stamp() }],
        [ACCOUNT.xeroContactId],
      ),
    );
    return {
      recordId: done.id,
      created: done.action === 'insert',
      changes: diffZohoFields(undefined, wanted),
    };
  }

  private byLink(xeroContactId: string, fields: readonly string[]): Promise<ZohoRecord | undefined> {
    return readByUnique(this.deps.client, ACCOUNT.module, ACCOUNT.xeroContactId, xeroContactId, fields);
  }

  private async byName(name: string): Promise<ZohoRecord[]> {
    // Normalised words are letters and digits only: nothing in them can end a COQL literal.
    const words = accountSearchWords(name, MAX_NAME_WORDS).filter((w) => /^[a-z0-9]+$/.test(w));
    if (words.length === 0) return [];
    const where = words.map((w) => `${ACCOUNT.name} like '%${w}%'`).join(' and ');
    const page = await this.deps.client.coql(
      `select ${CANDIDATE_FIELDS.join(', ')} from ${ACCOUNT.module} where ${where} limit 200`,
    );
    return page.records;
  }

  /** Updates the fields that differ (with the sync stamp); reports each change. */
  private async writeDiff(current: ZohoRecord, wanted: ZohoFields): Promise<CrmWriteResult> {
    const changes = diffZohoFields(current, wanted);
    if (Object.keys(changes).length > 0)
      written(
        await this.deps.client.updateRecords(ACCOUNT.module, [
          { id: current.id, ...wanted, ...this.stamp() },
        ]),
      );
    return { recordId: current.id, created: false, changes };
  }

  private stamp(): ZohoFields {
    return { [ACCOUNT.lastSync]: zohoDateTime(this.deps.now()) };
  }
}

/**
 * An account's fields from a Xero contact: the link, the name when Xero owns contact data, the
 * balances (Xero's whichever side owns contacts) when the contact came with them.
 */
export function accountFields(contact: CanonicalContact, withName: boolean): ZohoFields {
  return {
    [ACCOUNT.xeroContactId]: contact.xeroContactId,
    ...(withName ? { [ACCOUNT.name]: contact.name.slice(0, ACCOUNT_NAME_MAX) } : {}),
    ...(contact.receivable
      ? {
          [ACCOUNT.outstandingBalance]: contact.receivable.outstanding,
          [ACCOUNT.overdueAmount]: contact.receivable.overdue,
        }
      : {}),
  };
}

function candidate(record: ZohoRecord): CrmCandidate {
  const link = record[ACCOUNT.xeroContactId];
  const name = record[ACCOUNT.name];
  return {
    crmId: record.id,
    name: typeof name === 'string' ? name : '',
    linkedXeroContactId: typeof link === 'string' && link !== '' ? link : undefined,
  };
}

function lookupId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('id' in value)) return undefined;
  return typeof value.id === 'string' ? value.id : undefined;
}
