import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * Ledgerbridge's custom search attributes: what ops type into the Temporal UI's filter box to find
 * every workflow of one invoice, deal or customer, e.g. `XeroNumber = "INV-0042"` or
 * `SyncOutcome = "waiting_for_human"`. Values are identifiers and states only, never names or
 * amounts: search attributes are indexed in clear, outside the payload codec's encryption.
 */
export const XeroRecordId = defineSearchAttributeKey('XeroRecordId', SearchAttributeType.KEYWORD);
/** The Xero invoice number (INV-0042) once known. */
export const XeroNumber = defineSearchAttributeKey('XeroNumber', SearchAttributeType.KEYWORD);
/** Salesforce Opportunity / HubSpot deal IDs the record is written to or comes from. */
export const CrmRecordId = defineSearchAttributeKey('CrmRecordId', SearchAttributeType.KEYWORD_LIST);
/** Xero tenant ID, Salesforce org ID, HubSpot portal ID: every account the workflow touches. */
export const SyncAccount = defineSearchAttributeKey('SyncAccount', SearchAttributeType.KEYWORD_LIST);
/** The installation (customer) the workflow works for, by its slug: `Installation = "acme-uk"`. */
export const Installation = defineSearchAttributeKey('Installation', SearchAttributeType.KEYWORD);
export const SyncFlow = defineSearchAttributeKey('SyncFlow', SearchAttributeType.KEYWORD);
export const SyncOutcome = defineSearchAttributeKey('SyncOutcome', SearchAttributeType.KEYWORD);

export type SyncFlowName =
  'xero_to_crm' | 'crm_to_xero' | 'xero_backfill' | 'xero_poll' | 'crm_won_poll' | 'connection_refresh';

/**
 * Where a workflow stands, in one word: `running` while it works, then what its last sync did, or
 * `waiting_for_human` while a failed record waits for a retry or skip signal.
 */
export type SyncOutcomeName =
  'running' | 'synced' | 'skipped' | 'invalid' | 'waiting_for_human' | 'needs_reauth' | 'failed' | 'idle';

/** Every key with the type the server must know it by (for registration and the docs). */
export const LEDGERBRIDGE_SEARCH_ATTRIBUTES = {
  XeroRecordId: 'Keyword',
  XeroNumber: 'Keyword',
  CrmRecordId: 'KeywordList',
  SyncAccount: 'KeywordList',
  SyncFlow: 'Keyword',
  SyncOutcome: 'Keyword',
  Installation: 'Keyword',
} as const satisfies Record<string, 'Keyword' | 'KeywordList'>;

export interface RecordSearchAttributes {
  flow: SyncFlowName;
  accounts: string[];
  xeroRecordId?: string;
  xeroNumber?: string;
  crmRecordIds?: string[];
  outcome?: SyncOutcomeName;
  /** The installation's slug, where the starter knows it. */
  installation?: string;
}

/** The typed pairs for a workflow start (dispatchers, schedules) or an upsert from a workflow. */
export function searchAttributePairs(attributes: RecordSearchAttributes): SearchAttributePair[] {
  const pairs: SearchAttributePair[] = [
    { key: SyncFlow, value: attributes.flow },
    { key: SyncAccount, value: unique(attributes.accounts) },
  ];
  if (attributes.xeroRecordId) pairs.push({ key: XeroRecordId, value: attributes.xeroRecordId });
  if (attributes.xeroNumber) pairs.push({ key: XeroNumber, value: attributes.xeroNumber });
  if (attributes.crmRecordIds?.length)
    pairs.push({ key: CrmRecordId, value: unique(attributes.crmRecordIds) });
  if (attributes.outcome) pairs.push({ key: SyncOutcome, value: attributes.outcome });
  if (attributes.installation) pairs.push({ key: Installation, value: attributes.installation });
  return pairs;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
