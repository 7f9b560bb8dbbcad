import type { Client } from '@hubspot/api-client';

type Call = <T>(fn: (client: Client) => Promise<T>) => Promise<T>;

/** A batch read takes at most 100 IDs; an association page at most 500. */
const BATCH = 100;
const PAGE = 500;

/** The IDs of the records of `toType` associated with a deal or company, every page. */
export async function associatedIds(
  call: Call,
  fromType: 'deals' | 'companies',
  fromId: string,
  toType: 'notes' | 'emails',
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  do {
    const page = await call((client) =>
      client.crm.associations.v4.basicApi.getPage(fromType, fromId, toType, after, PAGE),
    );
    ids.push(...page.results.map((r) => String(r.toObjectId)));
    after = page.paging?.next?.after;
  } while (after);
  return [...new Set(ids)];
}

/** Notes or e-mails by ID with the given properties (batch reads of 100). */
export async function readEngagements(
  call: Call,
  type: 'notes' | 'emails',
  ids: readonly string[],
  properties: string[],
): Promise<Array<{ id: string; properties: Record<string, string | null> }>> {
  const found = [];
  for (let at = 0; at < ids.length; at += BATCH) {
    const inputs = ids.slice(at, at + BATCH).map((id) => ({ id }));
    const batch = await call((client) =>
      client.crm.objects[type].batchApi.read({ inputs, properties, propertiesWithHistory: [] }),
    );
    found.push(...batch.results.map((r) => ({ id: r.id, properties: r.properties })));
  }
  return found;
}
