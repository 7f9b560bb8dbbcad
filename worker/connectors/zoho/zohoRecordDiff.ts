import type { CrmWriteResult } from '../../sync/crmTarget';
import { VendorError } from '../errors';
import type { ZohoClient } from './zohoClient';
import type { ZohoRecord } from './zohoSchemas';

/** A field value as Ledgerbridge writes it to Zoho: a lookup as `{ id }`. */
export type ZohoValue = string | number | boolean | null | { id: string };
export type ZohoFields = Record<string, ZohoValue>;

/** The wanted fields whose stored value differs; a lookup is reported by its id. */
export function diffZohoFields(
  current: Record<string, unknown> | undefined,
  wanted: ZohoFields,
): CrmWriteResult['changes'] {
  const changes: CrmWriteResult['changes'] = {};
  for (const [name, after] of Object.entries(wanted)) {
    const before = plain(current?.[name]);
    if (!sameValue(before, after)) changes[name] = { before, after: plain(after) };
  }
  return changes;
}

/** Zoho answers lookups as `{ name, id }`, empty fields as null, numbers as numbers. */
function plain(value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (typeof value === 'object' && value !== null && 'id' in value) return String(value.id);
  return value;
}

function sameValue(stored: unknown, wanted: ZohoValue): boolean {
  const after = plain(wanted);
  if (stored === after) return true;
  if (typeof stored === 'number' && typeof after === 'number') return Math.abs(stored - after) < 0.005;
  return false;
}

/** Zoho's datetime: second precision with an offset (it refuses milliseconds). */
export function zohoDateTime(at: Date): string {
  return new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/**
 * A COQL text literal for a value Ledgerbridge chose (a Xero ID, a record id, a normalised word):
 * COQL has no parameters, so anything beyond letters, digits, `-` and `_` is refused rather than
 * escaped, and no value can end the literal.
 */
export function coqlLiteral(value: string): string {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(value))
    throw new VendorError('validation', 'zoho', `not a value for a COQL query: ${JSON.stringify(value)}`);
  return `'${value}'`;
}

/** The one record of `module` whose unique `field` holds `value`, with `fields`; undefined if none. */
export async function readByUnique(
  client: ZohoClient,
  module: string,
  field: string,
  value: string,
  fields: readonly string[],
): Promise<ZohoRecord | undefined> {
  const names = [...new Set(['id', field, ...fields])];
  const page = await client.coql(
    `select ${names.join(', ')} from ${module} where ${field} = ${coqlLiteral(value)} limit 2`,
  );
  return page.records[0];
}
