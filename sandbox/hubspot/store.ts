import type { Clock } from '../core/clock';
import { hubspotError, type CorrelationIds } from './errors';
import {
  inverseTypeId,
  isEngagement,
  lastModifiedProperty,
  OBJECT_TYPES,
  SINGULAR_OF,
  type ObjectType,
} from './objectTypes';
import { builtInProperties, type PropertyDefinition } from './properties';
import { stageOutcome } from './dealStages';

/** One CRM record; every property value is a string, as HubSpot returns them. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
}

/** Who made a change, as webhooks report it in `changeSource`. */
export type ChangeSource = 'INTEGRATION' | 'CRM_UI' | 'IMPORT' | 'API';

export type CrmChange =
  | {
      kind: 'creation';
      type: ObjectType;
      id: string;
      properties: Record<string, string>;
      source: ChangeSource;
    }
  | {
      kind: 'propertyChange';
      type: ObjectType;
      id: string;
      name: string;
      value: string;
      source: ChangeSource;
    }
  | { kind: 'deletion'; type: ObjectType; id: string; source: ChangeSource };

export type ChangeListener = (change: CrmChange) => void;

/** HubSpot's per-property validation detail, embedded (as JSON) in the 400's message. */
export interface PropertyProblem {
  isValid: false;
  message: string;
  error: 'PROPERTY_DOESNT_EXIST' | 'INVALID_OPTION' | 'READ_ONLY_VALUE' | 'INVALID_DATE';
  name: string;
  localizedErrorMessage: string;
}

/**
 * The CRM data of one portal: records per type (ids only grow, so list paging can use the id as its
 * cursor), property definitions, an index per unique property, and typed associations.
 */
export class CrmStore {
  readonly records = new Map<ObjectType, Map<string, CrmRecord>>();
  readonly properties = new Map<ObjectType, Map<string, PropertyDefinition>>();
  private readonly unique = new Map<string, Map<string, string>>();
  /** `${from}:${fromId}:${to}` -> toId -> association type ids (from's point of view). */
  private readonly links = new Map<string, Map<string, Set<number>>>();
  private readonly listeners: ChangeListener[] = [];
  private nextId: number;

  constructor(
    readonly portalId: number,
    private readonly clock: Clock,
    private readonly ids: CorrelationIds,
    private readonly firstId = 1001,
  ) {
    this.nextId = firstId;
    this.clear();
  }

  clear(): void {
    const at = this.clock.now();
    for (const type of OBJECT_TYPES) {
      this.records.set(type, new Map());
      this.properties.set(type, builtInProperties(type, at));
    }
    this.unique.clear();
    this.links.clear();
    this.nextId = this.firstId;
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  of(type: ObjectType): Map<string, CrmRecord> {
    const map = this.records.get(type);
    if (!map) throw new Error(`unknown type ${type}`);
    return map;
  }

  /** Live (not archived) records of a type, in id order. */
  live(type: ObjectType): CrmRecord[] {
    return [...this.of(type).values()].filter((r) => !r.archived);
  }

  propertiesOf(type: ObjectType): Map<string, PropertyDefinition> {
    const map = this.properties.get(type);
    if (!map) throw new Error(`unknown type ${type}`);
    return map;
  }

  addProperty(type: ObjectType, property: PropertyDefinition): void {
    this.propertiesOf(type).set(property.name, property);
    this.unique.delete(`${type}:${property.name}`);
  }

  /** The live record whose `idProperty` (default hs_object_id) equals `value`. */
  find(type: ObjectType, value: string, idProperty?: string, archived = false): CrmRecord | undefined {
    if (!idProperty || idProperty === 'hs_object_id') {
      const record = this.of(type).get(value);
      return record && record.archived === archived ? record : undefined;
    }
    const id = this.uniqueIndex(type, idProperty).get(value.toLowerCase());
    const record = id === undefined ? undefined : this.of(type).get(id);
    return record && record.archived === archived ? record : undefined;
  }

  isUniqueProperty(type: ObjectType, name: string): boolean {
    return name === 'hs_object_id' || this.propertiesOf(type).get(name)?.hasUniqueValue === true;
  }

  /** Checks a write without saving it: throws the 400 or 409 HubSpot would answer. */
  validate(
    type: ObjectType,
    input: Record<string, unknown>,
    selfId: string | undefined,
  ): Record<string, string> {
    const defs = this.propertiesOf(type);
    const out: Record<string, string> = {};
    const problems: PropertyProblem[] = [];
    const problem = (name: string, error: PropertyProblem['error'], message: string) =>
      problems.push({ isValid: false, message, error, name, localizedErrorMessage: message });
    for (const [name, raw] of Object.entries(input)) {
      const def = defs.get(name);
      if (!def) {
        problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
        continue;
      }
      // HubSpot ignores writes to the values it calculates (hs_object_id, createdate, ...).
      if (def.readOnlyValue) continue;
      let value = raw === null || raw === undefined ? '' : String(raw);
      if (value !== '' && (def.type === 'datetime' || def.type === 'date')) {
        const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
        if (Number.isNaN(ms)) {
          problem(name, 'INVALID_DATE', `${value} is not a valid date for ${name}`);
          continue;
        }
        value = new Date(ms).toISOString();
      }
      if (value !== '' && def.type === 'bool') value = value.toLowerCase();
      if (value !== '' && def.type === 'enumeration' && def.options.length > 0) {
        const values = def.fieldType === 'checkbox' ? value.split(';') : [value];
        const bad = values.find((v) => !def.options.some((o) => o.value === v));
        if (bad !== undefined) {
          problem(
            name,
            'INVALID_OPTION',
            `${bad} was not one of the allowed options: [${def.options.map((o) => o.label).join(', ')}]`,
          );
          continue;
        }
      }
      out[name] = value;
    }
    if (problems.length > 0) {
      throw hubspotError(
        this.ids,
        400,
        'VALIDATION_ERROR',
        `Property values were not valid: ${JSON.stringify(problems)}`,
      );
    }
    for (const [name, value] of Object.entries(out)) {
      if (value === '' || !defs.get(name)?.hasUniqueValue) continue;
      const owner = this.uniqueIndex(type, name).get(value.toLowerCase());
      if (owner !== undefined && owner !== selfId) {
        throw hubspotError(
          this.ids,
          409,
          'CONFLICT',
          `${capitalize(SINGULAR_OF[type])} with ${name} '${value}' already exists. Existing ID: ${owner}`,
        );
      }
    }
    return out;
  }

  create(type: ObjectType, input: Record<string, unknown>, source: ChangeSource = 'INTEGRATION'): CrmRecord {
    const values = this.validate(type, input, undefined);
    const now = this.clock.now();
    const id = String(this.nextId++);
    const iso = new Date(now).toISOString();
    const record: CrmRecord = { id, properties: {}, createdAt: now, updatedAt: now, archived: false };
    for (const [name, value] of Object.entries(values)) if (value !== '') record.properties[name] = value;
    Object.assign(record.properties, {
      hs_object_id: id,
      createdate: iso,
      [lastModifiedProperty(type)]: iso,
    });
    if (isEngagement(type)) record.properties.hs_createdate = iso;
    this.derive(type, record);
    this.of(type).set(id, record);
    this.indexUnique(type, record, record.properties);
    this.emit({ kind: 'creation', type, id, properties: { ...record.properties }, source });
    return record;
  }

  update(
    type: ObjectType,
    record: CrmRecord,
    input: Record<string, unknown>,
    source: ChangeSource = 'INTEGRATION',
  ): CrmRecord {
    const values = this.validate(type, input, record.id);
    const changes: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if ((record.properties[name] ?? '') !== value) changes[name] = value;
    }
    for (const name of Object.keys(changes)) this.unindexUnique(type, name, record.properties[name]);
    for (const [name, value] of Object.entries(changes)) {
      if (value === '') delete record.properties[name];
      else record.properties[name] = value;
    }
    this.indexUnique(type, record, changes);
    record.updatedAt = this.clock.now();
    record.properties[lastModifiedProperty(type)] = new Date(record.updatedAt).toISOString();
    const before = { ...record.properties };
    this.derive(type, record);
    for (const [name, value] of Object.entries(record.properties)) {
      if (before[name] !== value && !(name in changes)) changes[name] = value;
    }
    for (const [name, value] of Object.entries(changes)) {
      this.emit({ kind: 'propertyChange', type, id: record.id, name, value, source });
    }
    return record;
  }

  /** Archives (soft-deletes) a record: hidden from reads unless `archived=true`, unique values freed. */
  archive(type: ObjectType, record: CrmRecord, source: ChangeSource = 'INTEGRATION'): void {
    if (record.archived) return;
    for (const [name, value] of Object.entries(record.properties)) this.unindexUnique(type, name, value);
    record.archived = true;
    record.archivedAt = this.clock.now();
    for (const to of OBJECT_TYPES) {
      for (const toId of this.associated(type, record.id, to).keys()) this.unlink(to, toId, type, record.id);
      this.links.delete(linkKey(type, record.id, to));
    }
    this.emit({ kind: 'deletion', type, id: record.id, source });
  }

  /** Adds association types from -> to (and the inverse types to -> from). */
  associate(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeIds: number[]): void {
    const forward = this.linkMap(from, fromId, to);
    const back = this.linkMap(to, toId, from);
    const fwd = forward.get(toId) ?? new Set<number>();
    const bwd = back.get(fromId) ?? new Set<number>();
    for (const typeId of typeIds) {
      fwd.add(typeId);
      const inverse = inverseTypeId(from, to, typeId);
      if (inverse !== undefined) bwd.add(inverse);
    }
    forward.set(toId, fwd);
    back.set(fromId, bwd);
  }

  /** Removes every association between the two records, both directions. */
  unlink(from: ObjectType, fromId: string, to: ObjectType, toId: string): void {
    this.links.get(linkKey(from, fromId, to))?.delete(toId);
    this.links.get(linkKey(to, toId, from))?.delete(fromId);
  }

  /** Removes some association types between two records (and their inverses). */
  unlinkTypes(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeIds: number[]): void {
    const fwd = this.links.get(linkKey(from, fromId, to))?.get(toId);
    const bwd = this.links.get(linkKey(to, toId, from))?.get(fromId);
    for (const typeId of typeIds) {
      fwd?.delete(typeId);
      const inverse = inverseTypeId(from, to, typeId);
      if (inverse !== undefined) bwd?.delete(inverse);
    }
    if (fwd?.size === 0 || bwd?.size === 0) this.unlink(from, fromId, to, toId);
  }

  /** The associated record ids (in id order) with their type ids, from -> to. */
  associated(from: ObjectType, fromId: string, to: ObjectType): Map<string, Set<number>> {
    const map = this.links.get(linkKey(from, fromId, to)) ?? new Map<string, Set<number>>();
    return new Map([...map.entries()].sort((a, b) => Number(a[0]) - Number(b[0])));
  }

  associationCount(): number {
    let count = 0;
    for (const map of this.links.values()) count += map.size;
    return count / 2;
  }

  /** Values HubSpot calculates from others. */
  private derive(type: ObjectType, record: CrmRecord): void {
    const p = record.properties;
    if (type === 'deals') {
      if (p.dealstage !== undefined) {
        const outcome = stageOutcome(p.dealstage);
        p.hs_is_closed_won = String(outcome.won);
        p.hs_is_closed = String(outcome.closed);
      }
    }
    if (type === 'line_items' && p.price !== undefined) {
      const amount = Number(p.price) * Number(p.quantity ?? '1');
      if (Number.isFinite(amount)) p.amount = String(Math.round(amount * 100) / 100);
    }
  }

  private uniqueIndex(type: ObjectType, name: string): Map<string, string> {
    const key = `${type}:${name}`;
    let index = this.unique.get(key);
    if (!index) {
      index = new Map();
      for (const record of this.of(type).values()) {
        const value = record.properties[name];
        if (value && !record.archived) index.set(value.toLowerCase(), record.id);
      }
      this.unique.set(key, index);
    }
    return index;
  }

  private indexUnique(type: ObjectType, record: CrmRecord, values: Record<string, string>): void {
    for (const [name, value] of Object.entries(values)) {
      if (value && this.propertiesOf(type).get(name)?.hasUniqueValue)
        this.uniqueIndex(type, name).set(value.toLowerCase(), record.id);
    }
  }

  private unindexUnique(type: ObjectType, name: string, value: string | undefined): void {
    if (value) this.unique.get(`${type}:${name}`)?.delete(value.toLowerCase());
  }

  private linkMap(from: ObjectType, id: string, to: ObjectType): Map<string, Set<number>> {
    const key = linkKey(from, id, to);
    let map = this.links.get(key);
    if (!map) {
      map = new Map();
      this.links.set(key, map);
    }
    return map;
  }

  private emit(change: CrmChange): void {
    for (const listener of this.listeners) listener(change);
  }
}

function linkKey(type: ObjectType, id: string, to: ObjectType): string {
  return `${type}:${id}:${to}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
