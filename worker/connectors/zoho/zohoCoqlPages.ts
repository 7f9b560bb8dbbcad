import type { ZohoClient } from './zohoClient';
import { coqlLiteral } from './zohoRecordDiff';
import type { ZohoRecord } from './zohoSchemas';

/** COQL's largest page; LIMIT 1,001 to 2,000 costs 3 credits, the cheapest per record. */
export const COQL_PAGE = 2000;

/**
 * One page of a module read in id order by COQL: `id > <the last id read>`, 2,000 rows a call.
 * Paging by id ranges rather than OFFSET reaches past COQL's 100,000-row OFFSET ceiling and
 * cannot skip or repeat a row when records are added meanwhile (Zoho's COQL pagination advice).
 * `next` is the last id read, while Zoho says more rows follow.
 * https://www.zoho.com/crm/developer/docs/api/v8/COQL-Limitations.html
 */
export async function coqlIdPage(
  client: ZohoClient,
  query: { module: string; fields: readonly string[]; where?: string; after?: string | undefined },
): Promise<{ records: ZohoRecord[]; next: string | undefined }> {
  const fields = [...new Set(['id', ...query.fields])].join(', ');
  const range = query.after === undefined ? undefined : `id > ${coqlLiteral(query.after)}`;
  // COQL wants a WHERE clause, and brackets around each pair of criteria.
  const where =
    range && query.where ? `(${range} and ${query.where})` : (range ?? query.where ?? 'id is not null');
  const page = await client.coql(
    `select ${fields} from ${query.module} where ${where} order by id asc limit ${COQL_PAGE}`,
  );
  const last = page.records.at(-1)?.id;
  return { records: page.records, next: page.moreRecords && last ? last : undefined };
}
