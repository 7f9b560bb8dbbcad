import type { Clock } from '../core/clock';
import { sfError, type SfError } from './errors';
import { FieldIndex } from './fieldIndex';
import { IdFactory, normalizeId } from './ids';
import { OPPORTUNITY_STAGES, type FieldDef, type ObjectDef, type Schema } from './schema';

/**
 * Records and DML: validation as the platform applies it on save (field existence, writability,
 * type coercion, length/precision, restricted picklists, references, required fields, validation
 * rules, unique indexes), derived fields (Name, IsWon/IsClosed/Probability, Task.IsClosed), audit
 * fields, and a journal so a request can roll back (allOrNone). Values are stored by canonical field
 * name; datetimes as epoch ms, dates as YYYY-MM-DD.
 */
export type Fields = Record<string, unknown>;

export interface SfRecord {
  type: string;
  fields: Fields;
}

export interface SaveEvent {
  type: string;
  id: string;
  before: Fields | undefined;
  after: Fields;
}

export interface ValidationRule {
  sobject: string;
  /** Returns true when the record is invalid (as a validation rule's formula does). */
  when: (record: Fields) => boolean;
  message: string;
  errorDisplayField?: string;
}

export type SaveResult = { ok: true; id: string; created?: boolean } | { ok: false; errors: SfError[] };

export interface Session {
  userId: string;
}

/** Platform behaviour on inserting a record of one object, before it is saved (files: content.ts). */
export type InsertTrigger = (record: SfRecord, session: Session) => SfError | undefined;

type JournalEntry = { id: string; previous: SfRecord | undefined };

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export class Store {
  readonly records = new Map<string, SfRecord>();
  private readonly byType = new Map<string, Set<string>>();
  /** Each record's place in its type's insertion order, so index lookups keep `all()`'s order. */
  private readonly order = new Map<string, number>();
  private nextOrder = 0;
  /** Per lower-cased type, the field indexes built so far (on first lookup by that field). */
  private readonly indexes = new Map<string, Map<string, FieldIndex>>();
  private journal: JournalEntry[] = [];
  private events: SaveEvent[] = [];
  private readonly autoNumbers = new Map<string, number>();
  readonly ids: IdFactory;
  readonly validationRules: ValidationRule[] = [];
  /** By lower-cased object name. */
  readonly insertTriggers = new Map<string, InsertTrigger>();
  orgId = '';
  orgCurrency = 'USD';
  private lastStamp = 0;

  constructor(
    readonly schema: Schema,
    private readonly clock: Clock,
    /** The instance part of this org's IDs: orgs on one emulator each get their own, as pods do. */
    pod?: string,
  ) {
    this.ids = new IdFactory(pod);
  }

  clear(): void {
    this.records.clear();
    this.byType.clear();
    this.indexes.clear();
    this.order.clear();
    this.journal = [];
    this.events = [];
    this.autoNumbers.clear();
    this.ids.reset();
    this.lastStamp = 0;
  }

  // ---- transactions ----

  mark(): { journal: number; events: number } {
    return { journal: this.journal.length, events: this.events.length };
  }

  rollbackTo(mark: { journal: number; events: number }): void {
    while (this.journal.length > mark.journal) {
      const entry = this.journal.pop() as JournalEntry;
      if (entry.previous) this.put(entry.previous, false);
      else this.remove(entry.id);
    }
    this.events.length = mark.events;
  }

  /** Ends the request's transaction: forgets the journal and hands over what was saved. */
  commit(): SaveEvent[] {
    this.journal = [];
    const events = this.events;
    this.events = [];
    return events;
  }

  private put(record: SfRecord, journal = true): void {
    const id = record.fields.Id as string;
    if (journal) {
      const previous = this.records.get(id);
      this.journal.push({
        id,
        previous: previous ? { type: previous.type, fields: { ...previous.fields } } : undefined,
      });
    }
    this.records.set(id, record);
    const key = record.type.toLowerCase();
    let set = this.byType.get(key);
    if (!set) this.byType.set(key, (set = new Set()));
    set.add(id);
    if (!this.order.has(id)) this.order.set(id, this.nextOrder++);
    for (const index of this.indexes.get(key)?.values() ?? []) index.put(record);
  }

  private remove(id: string): void {
    const record = this.records.get(id);
    if (!record) return;
    this.records.delete(id);
    const key = record.type.toLowerCase();
    this.byType.get(key)?.delete(id);
    this.order.delete(id);
    for (const index of this.indexes.get(key)?.values() ?? []) index.remove(id);
  }

  /** The index of `type`.`field` (canonical names), built from the records on first use. */
  private index(type: string, field: string): FieldIndex {
    const key = type.toLowerCase();
    let byField = this.indexes.get(key);
    if (!byField) this.indexes.set(key, (byField = new Map()));
    let index = byField.get(field);
    if (!index) {
      index = new FieldIndex(field);
      for (const id of this.byType.get(key) ?? []) {
        const record = this.records.get(id);
        if (record) index.put(record);
      }
      byField.set(field, index);
    }
    return index;
  }

  /**
   * Live (or, with includeDeleted, all) records of `type` whose `field` may equal one of `values`:
   * a superset of the exact matches, which the caller still filters.
   */
  candidates(type: string, field: string, values: unknown[], includeDeleted = false): SfRecord[] {
    const index = this.index(type, field);
    const out = new Map<string, SfRecord>();
    for (const value of values) {
      for (const id of index.candidates(value)) {
        const r = this.records.get(id);
        if (r && (includeDeleted || r.fields.IsDeleted !== true)) out.set(id, r);
      }
    }
    return [...out.values()].sort(
      (a, b) => (this.order.get(a.fields.Id as string) ?? 0) - (this.order.get(b.fields.Id as string) ?? 0),
    );
  }

  // ---- reads ----

  get(id: string): SfRecord | undefined {
    const canonical = normalizeId(id);
    return canonical ? this.records.get(canonical) : undefined;
  }

  all(type: string, includeDeleted = false): SfRecord[] {
    const ids = this.byType.get(type.toLowerCase());
    if (!ids) return [];
    const out: SfRecord[] = [];
    for (const id of ids) {
      const r = this.records.get(id);
      if (r && (includeDeleted || r.fields.IsDeleted !== true)) out.push(r);
    }
    return out;
  }

  count(type: string): number {
    return this.all(type).length;
  }

  /** A strictly increasing timestamp, so SystemModstamp orders every save. */
  private stamp(): number {
    const now = Math.max(this.clock.now(), this.lastStamp + 1);
    this.lastStamp = now;
    return now;
  }

  // ---- writes ----

  /** Inserts a record without validation (seeding and platform-owned records). */
  insertRaw(type: string, fields: Fields, userId?: string): string {
    const object = this.schema.object(type);
    if (!object) throw new Error(`no object ${type}`);
    const now = this.stamp();
    const id = (fields.Id as string | undefined) ?? this.ids.next(object.keyPrefix);
    const by = userId ?? (fields.CreatedById as string | undefined) ?? id;
    const record: SfRecord = {
      type: object.name,
      fields: {
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: by,
        LastModifiedDate: now,
        LastModifiedById: by,
        SystemModstamp: now,
        ...fields,
        Id: id,
      },
    };
    this.derive(object, record.fields, undefined);
    this.put(record);
    return id;
  }

  /** Sets fields the platform maintains on a saved record (journaled: a rollback undoes it). */
  patchRaw(id: string, fields: Fields): void {
    const record = this.records.get(id);
    if (!record) throw new Error(`no record ${id}`);
    this.put({ type: record.type, fields: { ...record.fields, ...fields, SystemModstamp: this.stamp() } });
  }

  insert(type: string, input: Fields, session: Session): SaveResult {
    const object = this.schema.object(type);
    if (!object)
      return { ok: false, errors: [sfError('INVALID_TYPE', `sObject type '${type}' is not supported.`)] };
    if (!object.createable)
      return {
        ok: false,
        errors: [sfError('INVALID_TYPE', `entity type ${object.name} does not support create`)],
      };
    const coerced = this.coerce(object, input, 'create');
    if (!coerced.ok) return coerced;
    const fields: Fields = {};
    for (const f of object.fields) {
      if (f.defaultValue === undefined) continue;
      fields[f.name] =
        f.defaultValue === '$user'
          ? session.userId
          : f.defaultValue === '$orgCurrency'
            ? this.orgCurrency
            : f.defaultValue;
    }
    Object.assign(fields, coerced.values);
    // A detail record takes its master's currency.
    const master = object.fields.find(
      (f) => f.type === 'reference' && f.cascadeDelete && f.custom && f.nillable === false,
    );
    if (master && typeof fields[master.name] === 'string') {
      const parent = this.records.get(fields[master.name] as string);
      if (parent?.fields.CurrencyIsoCode) fields.CurrencyIsoCode = parent.fields.CurrencyIsoCode;
    }
    for (const f of object.fields) {
      if (!f.autoNumber) continue;
      const n = (this.autoNumbers.get(object.name) ?? 0) + 1;
      this.autoNumbers.set(object.name, n);
      fields[f.name] = f.autoNumber.replace(/\{(0+)\}/, (_, zeros: string) =>
        String(n).padStart(zeros.length, '0'),
      );
    }
    this.derive(object, fields, undefined, coerced.values);
    const invalid = this.validate(object, fields, undefined);
    if (invalid) return { ok: false, errors: [invalid] };
    const now = this.stamp();
    const id = this.ids.next(object.keyPrefix);
    const record: SfRecord = {
      type: object.name,
      fields: {
        ...fields,
        Id: id,
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: session.userId,
        LastModifiedDate: now,
        LastModifiedById: session.userId,
        SystemModstamp: now,
      },
    };
    const refused = this.insertTriggers.get(object.name.toLowerCase())?.(record, session);
    if (refused) return { ok: false, errors: [refused] };
    this.put(record);
    this.events.push({ type: object.name, id, before: undefined, after: { ...record.fields } });
    return { ok: true, id, created: true };
  }

  update(type: string | undefined, rawId: string, input: Fields, session: Session): SaveResult {
    const id = normalizeId(rawId);
    if (!id) return { ok: false, errors: [sfError('MALFORMED_ID', `malformed id ${rawId}`)] };
    const existing = this.records.get(id);
    const object = existing ? this.schema.object(existing.type) : type ? this.schema.object(type) : undefined;
    if (!existing || !object || (type && object.name.toLowerCase() !== type.toLowerCase()))
      return { ok: false, errors: [sfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')] };
    if (existing.fields.IsDeleted === true)
      return { ok: false, errors: [sfError('ENTITY_IS_DELETED', 'entity is deleted')] };
    if (!object.updateable)
      return {
        ok: false,
        errors: [sfError('INVALID_TYPE', `entity type ${object.name} does not support update`)],
      };
    const coerced = this.coerce(object, input, 'update');
    if (!coerced.ok) return coerced;
    const fields: Fields = { ...existing.fields, ...coerced.values };
    this.derive(object, fields, existing.fields, coerced.values);
    const invalid = this.validate(object, fields, id);
    if (invalid) return { ok: false, errors: [invalid] };
    const now = this.stamp();
    Object.assign(fields, { LastModifiedDate: now, LastModifiedById: session.userId, SystemModstamp: now });
    this.put({ type: object.name, fields });
    this.events.push({ type: object.name, id, before: { ...existing.fields }, after: { ...fields } });
    return { ok: true, id, created: false };
  }

  /** Records of `type` whose external ID field matches `value` (case-insensitively unless case-sensitive). */
  findByExternalId(object: ObjectDef, field: FieldDef, value: string): SfRecord[] {
    if (field.type === 'id') {
      const r = this.get(value);
      return r && r.type === object.name && r.fields.IsDeleted !== true ? [r] : [];
    }
    const wanted = field.caseSensitive ? value : value.toLowerCase();
    return this.candidates(object.name, field.name, [value]).filter((r) => {
      const v = r.fields[field.name];
      if (v === null || v === undefined) return false;
      const s = String(v);
      return (field.caseSensitive ? s : s.toLowerCase()) === wanted;
    });
  }

  upsert(
    type: string,
    fieldName: string,
    value: string,
    input: Fields,
    session: Session,
  ): SaveResult | { ok: 'multiple'; ids: string[] } {
    const object = this.schema.object(type);
    if (!object)
      return { ok: false, errors: [sfError('INVALID_TYPE', `sObject type '${type}' is not supported.`)] };
    const field = this.schema.field(object.name, fieldName);
    if (!field || !(field.externalId || field.type === 'id'))
      return {
        ok: false,
        errors: [
          sfError(
            'NOT_FOUND',
            `Provided external ID field does not exist or is not accessible: ${fieldName}`,
          ),
        ],
      };
    const matches = this.findByExternalId(object, field, value);
    if (matches.length > 1) return { ok: 'multiple', ids: matches.map((m) => m.fields.Id as string) };
    const body = Object.fromEntries(
      Object.entries(input).filter(([k]) => k.toLowerCase() !== field.name.toLowerCase()),
    );
    if (matches.length === 1) return this.update(object.name, matches[0]?.fields.Id as string, body, session);
    if (field.type === 'id')
      return { ok: false, errors: [sfError('NOT_FOUND', 'The requested resource does not exist')] };
    return this.insert(object.name, { ...body, [field.name]: value }, session);
  }

  delete(type: string | undefined, rawId: string, session: Session): SaveResult {
    const id = normalizeId(rawId);
    if (!id) return { ok: false, errors: [sfError('MALFORMED_ID', `malformed id ${rawId}`)] };
    const existing = this.records.get(id);
    if (!existing || (type && existing.type.toLowerCase() !== type.toLowerCase()))
      return { ok: false, errors: [sfError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')] };
    if (existing.fields.IsDeleted === true)
      return { ok: false, errors: [sfError('ENTITY_IS_DELETED', 'entity is deleted')] };
    const object = this.schema.object(existing.type);
    if (!object?.deletable)
      return {
        ok: false,
        errors: [sfError('INVALID_TYPE', `entity type ${existing.type} does not support delete`)],
      };
    this.softDelete(existing, session);
    return { ok: true, id };
  }

  /** Moves a record to the recycle bin; cascades to detail records and clears lookups to it. */
  private softDelete(record: SfRecord, session: Session): void {
    const now = this.stamp();
    const id = record.fields.Id as string;
    this.put({
      type: record.type,
      fields: {
        ...record.fields,
        IsDeleted: true,
        LastModifiedDate: now,
        LastModifiedById: session.userId,
        SystemModstamp: now,
      },
    });
    for (const child of this.schema.childRelationships(record.type)) {
      for (const r of this.all(child.childSObject)) {
        if (r.fields[child.field] !== id) continue;
        if (child.cascadeDelete) this.softDelete(r, session);
        else {
          const field = this.schema.field(child.childSObject, child.field);
          if (field?.nillable !== false)
            this.put({ type: r.type, fields: { ...r.fields, [child.field]: null, SystemModstamp: now } });
        }
      }
    }
  }

  // ---- validation ----

  private coerce(
    object: ObjectDef,
    input: Fields,
    mode: 'create' | 'update',
  ): { ok: true; values: Fields } | { ok: false; errors: SfError[] } {
    const values: Fields = {};
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(input)) {
      if (key === 'attributes') continue;
      const field = this.schema.field(object.name, key);
      if (!field) {
        // A relationship given by external ID: "Account": { "Xero_Contact_ID__c": "..." }.
        const rel = this.schema.relationship(object.name, key);
        if (rel && raw && typeof raw === 'object' && !Array.isArray(raw)) {
          const resolved = this.resolveRelationship(rel, raw as Fields);
          if (!resolved.ok) return resolved;
          values[rel.name] = resolved.id;
          continue;
        }
        return {
          ok: false,
          errors: [sfError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`)],
        };
      }
      const writable = mode === 'create' ? field.createable !== false : field.updateable !== false;
      if (!writable || field.calculated || field.type === 'id') {
        readOnly.push(field.name);
        continue;
      }
      const coerced = this.coerceValue(field, raw);
      if ('error' in coerced) return { ok: false, errors: [coerced.error] };
      values[field.name] = coerced.value;
    }
    if (readOnly.length > 0)
      return {
        ok: false,
        errors: [
          sfError(
            'INVALID_FIELD_FOR_INSERT_UPDATE',
            `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
            readOnly,
          ),
        ],
      };
    return { ok: true, values };
  }

  private resolveRelationship(
    rel: FieldDef,
    raw: Fields,
  ): { ok: true; id: string } | { ok: false; errors: SfError[] } {
    const target = this.schema.object(rel.referenceTo?.[0] ?? '');
    const keys = Object.keys(raw).filter((k) => k !== 'attributes');
    const extField =
      target && keys.length === 1 ? this.schema.field(target.name, keys[0] as string) : undefined;
    if (!target || !extField?.externalId)
      return {
        ok: false,
        errors: [
          sfError(
            'INVALID_FIELD',
            `The relationship ${rel.relationshipName} must be given by exactly one external ID field`,
          ),
        ],
      };
    const value = String(raw[keys[0] as string]);
    const matches = this.findByExternalId(target, extField, value);
    if (matches.length === 1) return { ok: true, id: matches[0]?.fields.Id as string };
    return {
      ok: false,
      errors: [
        matches.length === 0
          ? sfError(
              'INVALID_FIELD',
              `Foreign key external ID: ${value} not found for field ${extField.name} in entity ${target.name}`,
              [],
            )
          : sfError(
              'INVALID_FIELD',
              `Foreign key external ID: ${value} matched more than one record for field ${extField.name} in entity ${target.name}`,
              [],
            ),
      ],
    };
  }

  coerceValue(field: FieldDef, raw: unknown): { value: unknown } | { error: SfError } {
    if (raw === null || raw === undefined || raw === '') {
      if (field.type === 'boolean') return { value: false };
      return { value: null };
    }
    const jsonError = (kind: string) => ({
      error: sfError(
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${kind} from ${typeof raw === 'string' ? 'VALUE_STRING' : 'VALUE_' + typeof raw} value ${String(raw)} or request may be missing a required field`,
      ),
    });
    switch (field.type) {
      case 'string':
      case 'textarea':
      case 'url':
      case 'email':
      case 'phone':
      case 'picklist': {
        if (typeof raw === 'object') return jsonError('string');
        const value = String(raw);
        if (field.length !== undefined && value.length > field.length)
          return {
            error: sfError(
              'STRING_TOO_LONG',
              `${field.label}: data value too large: ${value.length > 100 ? value.slice(0, 100) + '...' : value} (max length=${field.length})`,
              [field.name],
            ),
          };
        if (field.type === 'email' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
          return {
            error: sfError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, [
              field.name,
            ]),
          };
        if (
          field.type === 'picklist' &&
          field.restrictedPicklist &&
          !field.picklistValues?.some((p) => p.value === value && p.active)
        )
          return {
            error: sfError(
              'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              `${field.label}: bad value for restricted picklist field: ${value}`,
              [field.name],
            ),
          };
        return { value };
      }
      case 'boolean':
        if (typeof raw === 'boolean') return { value: raw };
        if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
        return jsonError('boolean');
      case 'currency':
      case 'double':
      case 'percent':
      case 'int': {
        const n =
          typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(n)) return jsonError(field.type === 'int' ? 'int' : 'double');
        const scale = field.type === 'int' ? 0 : (field.scale ?? 0);
        const precision = field.precision ?? 18;
        const factor = 10 ** scale;
        const rounded = Math.round(Math.abs(n) * factor) / factor;
        if (Math.floor(rounded) >= 10 ** (precision - scale))
          return {
            error: sfError(
              'NUMBER_OUTSIDE_VALID_RANGE',
              `${field.label}: value outside of valid range on numeric field: ${String(raw)}`,
              [field.name],
            ),
          };
        return { value: Math.sign(n) * rounded };
      }
      case 'date': {
        if (
          typeof raw !== 'string' ||
          !/^\d{4}-\d{2}-\d{2}/.test(raw) ||
          Number.isNaN(Date.parse(raw.slice(0, 10)))
        )
          return jsonError('date');
        return { value: raw.slice(0, 10) };
      }
      case 'datetime': {
        if (typeof raw !== 'string') return jsonError('datetime');
        const ms = parseDateTime(raw);
        if (ms === undefined) return jsonError('datetime');
        return { value: ms };
      }
      case 'reference': {
        if (typeof raw !== 'string') return jsonError('id');
        const id = normalizeId(raw);
        if (!id)
          return {
            error: sfError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${raw}`, [
              field.name,
            ]),
          };
        const target = this.schema.byPrefix(id);
        if (!target || !field.referenceTo?.some((t) => t.toLowerCase() === target.name.toLowerCase()))
          return {
            error: sfError(
              'FIELD_INTEGRITY_EXCEPTION',
              `${field.label}: id value of incorrect type: ${raw}`,
              [field.name],
            ),
          };
        const record = this.records.get(id);
        if (!record)
          return {
            error: sfError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]),
          };
        if (record.fields.IsDeleted === true)
          return { error: sfError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]) };
        return { value: id };
      }
      case 'id':
        return { value: raw };
      case 'base64':
        // Binary content travels base64-encoded in the JSON body (REST API: Insert or Update Blob Data).
        if (typeof raw !== 'string' || !/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(raw)) return jsonError('byte[]');
        return { value: raw.replace(/[\r\n]/g, '') };
    }
  }

  /** Fields the platform computes on save. */
  private derive(object: ObjectDef, fields: Fields, before: Fields | undefined, written: Fields = {}): void {
    if ('FirstName' in fields || 'LastName' in fields) {
      if (object.name === 'Contact' || object.name === 'User')
        fields.Name = [fields.FirstName, fields.LastName].filter((v) => typeof v === 'string' && v).join(' ');
    }
    if (object.name === 'Opportunity') {
      const stage = OPPORTUNITY_STAGES.find((s) => s.value === fields.StageName);
      fields.IsWon = stage?.won ?? false;
      fields.IsClosed = stage?.closed ?? false;
      fields.ForecastCategoryName = stage?.won ? 'Closed' : stage?.closed ? 'Omitted' : 'Pipeline';
      const stageChanged = !before || before.StageName !== fields.StageName;
      if (stage && stageChanged && !('Probability' in written)) fields.Probability = stage.probability;
    }
    if (object.name === 'Task') fields.IsClosed = fields.Status === 'Completed';
  }

  private validate(object: ObjectDef, fields: Fields, selfId: string | undefined): SfError | undefined {
    const missing = object.fields.filter(
      (f) =>
        f.nillable === false &&
        f.type !== 'id' &&
        f.type !== 'boolean' &&
        !f.calculated &&
        !f.autoNumber &&
        f.createable !== false &&
        (fields[f.name] === null || fields[f.name] === undefined),
    );
    if (missing.length > 0)
      return sfError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
        missing.map((f) => f.name),
      );
    for (const rule of this.validationRules) {
      if (rule.sobject.toLowerCase() !== object.name.toLowerCase()) continue;
      if (rule.when(fields))
        return sfError(
          'FIELD_CUSTOM_VALIDATION_EXCEPTION',
          rule.message,
          rule.errorDisplayField ? [rule.errorDisplayField] : [],
        );
    }
    for (const f of object.fields) {
      if (!f.unique) continue;
      const value = fields[f.name];
      if (value === null || value === undefined) continue;
      const clash = this.findByExternalId(object, f, String(value)).find((r) => r.fields.Id !== selfId);
      if (clash)
        return sfError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${String(clash.fields.Id)}`,
          [],
        );
    }
    return undefined;
  }
}

/** ISO 8601 date-times as Salesforce accepts them (Z, ±hh:mm or ±hhmm offsets; a bare date is midnight UTC). */
export function parseDateTime(raw: string): number | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    raw,
  );
  if (!m) return undefined;
  const offset = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}
