import { VendorError } from '../errors';
import { ZohoAttachmentsApi } from './zohoAttachments';
import type { ZohoCriteria } from './zohoCriteria';
import { ZohoHttp, type ZohoClientOptions } from './zohoHttp';
import {
  parseAnswer,
  zohoFieldsAnswer,
  zohoOrgAnswer,
  zohoRecordsAnswer,
  type ZohoField,
  type ZohoOrgDetails,
  type ZohoRecord,
} from './zohoSchemas';
import { ZohoRecordNotesApi } from './zohoRecordNotes';
import { ZohoWatchApi } from './zohoWatch';
import { writeOutcomes, type ZohoWriteKind, type ZohoWriteOutcome } from './zohoWriteOutcomes';

/**
 * A small typed client over Zoho CRM's v8 REST API (https://www.zoho.com/crm/developer/docs/api/v8/),
 * instead of Zoho's TypeScript SDK (see README): the calls Ledgerbridge makes, every answer checked
 * with zod, every refusal a VendorError. One client per org (its API domain and token).
 */
export interface ZohoPage {
  records: ZohoRecord[];
  moreRecords: boolean;
  /** Listing only: where the next page starts (past the first 2,000 records too). */
  nextPageToken?: string;
}

export interface ZohoListOptions {
  /** v8 wants the fields named (at most 50). */
  fields: readonly string[];
  perPage?: number;
  pageToken?: string;
  sortBy?: 'id' | 'Created_Time' | 'Modified_Time';
  sortOrder?: 'asc' | 'desc';
  /** Only records modified after this instant (If-Modified-Since). */
  modifiedSince?: Date;
}

export const MAX_RECORDS_PER_WRITE = 100;

export class ZohoClient {
  private readonly http: ZohoHttp;
  readonly watch: ZohoWatchApi;
  /** Files on a record (invoice PDFs). */
  readonly attachments: ZohoAttachmentsApi;
  /** A record's notes, to find one again. */
  readonly notes: ZohoRecordNotesApi;

  constructor(options: ZohoClientOptions) {
    this.http = new ZohoHttp(options);
    this.watch = new ZohoWatchApi(this.http);
    this.attachments = new ZohoAttachmentsApi(this.http);
    this.notes = new ZohoRecordNotesApi(this.http);
  }

  /** One record, or undefined when Zoho has none by that id (204). */
  async getRecord(module: string, id: string, fields?: readonly string[]): Promise<ZohoRecord | undefined> {
    const reply = await this.http.send({
      method: 'GET',
      path: `/${segment(module)}/${segment(id)}`,
      query: { fields: fields?.join(',') },
    });
    if (reply.status === 204) return undefined;
    return parseAnswer(zohoRecordsAnswer, reply.body, `GET ${module}/${id}`).data[0];
  }

  async listRecords(module: string, options: ZohoListOptions): Promise<ZohoPage> {
    const reply = await this.http.send({
      method: 'GET',
      path: `/${segment(module)}`,
      query: {
        fields: options.fields.join(','),
        per_page: options.perPage?.toString(),
        page_token: options.pageToken,
        sort_by: options.pageToken ? undefined : options.sortBy,
        sort_order: options.pageToken ? undefined : options.sortOrder,
      },
      ...(options.modifiedSince
        ? { headers: { 'if-modified-since': options.modifiedSince.toISOString() } }
        : {}),
    });
    if (reply.status === 204 || reply.status === 304) return { records: [], moreRecords: false };
    const answer = parseAnswer(zohoRecordsAnswer, reply.body, `GET ${module}`);
    const next = answer.info?.next_page_token;
    return {
      records: answer.data,
      moreRecords: answer.info?.more_records ?? false,
      ...(next ? { nextPageToken: next } : {}),
    };
  }

  /** Every page of a listing, following `next_page_token`. */
  async *allRecords(
    module: string,
    options: Omit<ZohoListOptions, 'pageToken'>,
  ): AsyncGenerator<ZohoRecord[]> {
    let pageToken: string | undefined;
    do {
      const page = await this.listRecords(module, { ...options, ...(pageToken ? { pageToken } : {}) });
      if (page.records.length > 0) yield page.records;
      pageToken = page.moreRecords ? page.nextPageToken : undefined;
    } while (pageToken);
  }

  createRecords(module: string, records: readonly Record<string, unknown>[]): Promise<ZohoWriteOutcome[]> {
    return this.write('POST', `/${segment(module)}`, 'create', records);
  }

  /** Each record carries its `id`. */
  updateRecords(
    module: string,
    records: ReadonlyArray<Record<string, unknown> & { id: string }>,
  ): Promise<ZohoWriteOutcome[]> {
    return this.write('PUT', `/${segment(module)}`, 'update', records);
  }

  /** Updates the record whose `duplicateCheckFields` value matches (in that order), else inserts. */
  upsertRecords(
    module: string,
    records: readonly Record<string, unknown>[],
    duplicateCheckFields: readonly string[],
  ): Promise<ZohoWriteOutcome[]> {
    return this.write('POST', `/${segment(module)}/upsert`, 'upsert', records, duplicateCheckFields);
  }

  /** Search by criteria (condition/and/or of zohoCriteria.ts); reaches the first 2,000 matches. */
  async search(
    module: string,
    criteria: ZohoCriteria,
    options: { fields?: readonly string[]; page?: number; perPage?: number } = {},
  ): Promise<ZohoPage> {
    const reply = await this.http.send({
      method: 'GET',
      path: `/${segment(module)}/search`,
      query: {
        criteria,
        fields: options.fields?.join(','),
        page: options.page?.toString(),
        per_page: options.perPage?.toString(),
      },
      heavy: true,
    });
    if (reply.status === 204) return { records: [], moreRecords: false };
    const answer = parseAnswer(zohoRecordsAnswer, reply.body, `search ${module}`);
    return { records: answer.data, moreRecords: answer.info?.more_records ?? false };
  }

  /** A COQL SELECT (values in it are the caller's to quote); credits by its LIMIT as Zoho counts them. */
  async coql(selectQuery: string): Promise<ZohoPage> {
    const reply = await this.http.send({
      method: 'POST',
      path: '/coql',
      body: { select_query: selectQuery },
      credits: coqlCredits(selectQuery),
      heavy: true,
    });
    if (reply.status === 204) return { records: [], moreRecords: false };
    const answer = parseAnswer(zohoRecordsAnswer, reply.body, 'COQL');
    return { records: answer.data, moreRecords: answer.info?.more_records ?? false };
  }

  /** A module's fields (settings/fields), to check the custom fields Ledgerbridge writes exist. */
  async fields(module: string): Promise<ZohoField[]> {
    const reply = await this.http.send({ method: 'GET', path: '/settings/fields', query: { module } });
    return parseAnswer(zohoFieldsAnswer, reply.body, `fields of ${module}`).fields;
  }

  /** The org the token is for (GET /org): its ID names the connection. */
  async org(): Promise<ZohoOrgDetails> {
    const reply = await this.http.send({ method: 'GET', path: '/org' });
    const [org] = parseAnswer(zohoOrgAnswer, reply.body, 'org').org;
    if (!org) throw new VendorError('retryable', 'zoho', 'GET /org answered no org');
    return org;
  }

  private async write(
    method: 'POST' | 'PUT',
    path: string,
    kind: ZohoWriteKind,
    records: readonly Record<string, unknown>[],
    duplicateCheckFields?: readonly string[],
  ): Promise<ZohoWriteOutcome[]> {
    if (records.length === 0 || records.length > MAX_RECORDS_PER_WRITE)
      throw new VendorError('validation', 'zoho', `a write takes 1 to 100 records, not ${records.length}`);
    const reply = await this.http.send({
      method,
      path,
      body: {
        data: records,
        ...(duplicateCheckFields ? { duplicate_check_fields: duplicateCheckFields } : {}),
      },
      credits: Math.ceil(records.length / 10),
      perRecordKey: 'data',
    });
    return writeOutcomes(reply.body, kind, records.length);
  }
}

/** Module names and ids go into the path: API names and digits only. */
function segment(value: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(value))
    throw new VendorError('validation', 'zoho', `not a Zoho name or id: ${value}`);
  return value;
}

/** Zoho's COQL credits: 1, 2 or 3 for a LIMIT up to 200, 1,000 or 2,000 (none given: 200). */
function coqlCredits(query: string): number {
  const limit = Number(/\blimit\s+(?:\d+\s*,\s*)?(\d+)/i.exec(query)?.[1] ?? 200);
  return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
}
