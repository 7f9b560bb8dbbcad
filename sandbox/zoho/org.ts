import type { DataCentre } from './dataCentres';
import { invalidModule } from './errors';
import { fieldOf, moduleDef, type ModuleDef } from './modules';

export interface ZohoUser {
  id: string;
  name: string;
  email: string;
}

/** A lookup as stored: the target's id and module (Zoho answers `{ name, id }`). */
export interface LookupValue {
  id: string;
  module: string;
}

export type StoredValue = string | number | boolean | null | LookupValue | ZohoUser;

export interface StoredRecord {
  id: string;
  module: string;
  values: Record<string, StoredValue>;
  createdAt: number;
  modifiedAt: number;
}

/** Where `next_page_token` continues: the listing it belongs to and how far it got. */
export interface PageCursor {
  module: string;
  offset: number;
  sortBy: string;
  sortOrder: 'asc' | 'desc';
  expiresAt: number;
}

/**
 * One Zoho CRM org: pinned to a data centre, its records by module, its users. Record IDs are
 * 19-digit numbers as strings, as Zoho's are, drawn from a counter so runs are repeatable.
 */
export class ZohoOrg {
  private readonly records = new Map<string, Map<string, StoredRecord>>();
  readonly pageTokens = new Map<string, PageCursor>();
  private counter = 0;
  /** Fields this org's admin deleted (or never added), by module: gone from its metadata and writes. */
  private readonly hidden = new Map<string, Set<string>>();

  constructor(
    readonly id: string,
    readonly dc: DataCentre,
    readonly name: string,
    readonly user: ZohoUser,
    private readonly idPrefix: string,
  ) {}

  nextId(): string {
    this.counter++;
    return `${this.idPrefix}${String(this.counter).padStart(6, '0')}`;
  }

  module(apiName: string): ModuleDef {
    const def = moduleDef(apiName);
    if (!def) throw invalidModule();
    const hidden = this.hidden.get(def.apiName);
    return hidden ? { ...def, fields: def.fields.filter((f) => !hidden.has(f.apiName)) } : def;
  }

  /** This org lacks the field: settings/fields omits it, writes ignore it, reads leave it out. */
  hideField(module: string, apiName: string): void {
    const def = this.module(module);
    if (!fieldOf(def, apiName)) throw new Error(`${def.apiName} has no field ${apiName}`);
    const hidden = this.hidden.get(def.apiName) ?? new Set<string>();
    hidden.add(apiName);
    this.hidden.set(def.apiName, hidden);
  }

  table(module: string): Map<string, StoredRecord> {
    let table = this.records.get(module);
    if (!table) {
      table = new Map();
      this.records.set(module, table);
    }
    return table;
  }

  list(module: string): StoredRecord[] {
    return [...this.table(module).values()];
  }

  get(module: string, id: string): StoredRecord | undefined {
    return this.table(module).get(id);
  }

  /** The record an id names in any of `modules` (multi-module lookups such as What_Id). */
  find(id: string, modules: readonly string[]): StoredRecord | undefined {
    for (const module of modules) {
      const found = this.get(module, id);
      if (found) return found;
    }
    return undefined;
  }

  displayName(record: StoredRecord): string {
    const def = this.module(record.module);
    const value = record.values[def.nameField];
    return typeof value === 'string' ? value : record.id;
  }
}

/** Zoho's datetime format: second precision with an offset (`2026-01-31T12:00:00+00:00`). */
export function zohoDateTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

function isLookup(value: StoredValue): value is LookupValue {
  return typeof value === 'object' && value !== null && 'module' in value;
}

/**
 * A record as the records API answers it: lookups as `{ name, id }`, the owner as a user, system
 * times formatted. `fields` narrows the answer to those fields plus `id`.
 */
export function presentRecord(
  org: ZohoOrg,
  record: StoredRecord,
  fields?: readonly string[],
): Record<string, unknown> {
  const def = org.module(record.module);
  const out: Record<string, unknown> = {};
  const wanted = fields ? new Set(['id', ...fields]) : undefined;
  for (const field of def.fields) {
    if (wanted && !wanted.has(field.apiName)) continue;
    if (field.apiName === 'id') out.id = record.id;
    else if (field.apiName === 'Created_Time') out.Created_Time = zohoDateTime(record.createdAt);
    else if (field.apiName === 'Modified_Time') out.Modified_Time = zohoDateTime(record.modifiedAt);
    else out[field.apiName] = presentValue(org, record.values[field.apiName] ?? null);
  }
  if (!wanted || wanted.has('$se_module')) {
    const what = record.values.What_Id ?? record.values.Parent_Id;
    if (what && isLookup(what)) out.$se_module = what.module;
  }
  return out;
}

export function presentValue(org: ZohoOrg, value: StoredValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (!isLookup(value)) return { name: value.name, id: value.id, email: value.email };
  const target = org.get(value.module, value.id);
  return { name: target ? org.displayName(target) : null, id: value.id };
}

/** A field's value for comparisons (criteria, COQL): lookups compare by id. */
export function comparableValue(record: StoredRecord, apiName: string): string | number | boolean | null {
  if (apiName === 'id') return record.id;
  if (apiName === 'Created_Time') return zohoDateTime(record.createdAt);
  if (apiName === 'Modified_Time') return zohoDateTime(record.modifiedAt);
  const value = record.values[apiName] ?? null;
  if (value !== null && typeof value === 'object') return value.id;
  return value;
}

export function hasField(org: ZohoOrg, module: string, apiName: string): boolean {
  return fieldOf(org.module(module), apiName) !== undefined;
}
