import { zohoStatus, type ZohoStatus } from './errors';
import { mandatoryMissing, readInput } from './fieldValues';
import type { FieldDef, ModuleDef } from './modules';
import { comparableValue, zohoDateTime, type StoredRecord, type StoredValue, type ZohoOrg } from './org';

/** What a write changed, for notification channels: Zoho's operation names and the fields touched. */
export interface RecordChange {
  module: string;
  operation: 'insert' | 'update' | 'delete';
  id: string;
  fields: string[];
}

export interface WriteOutcome {
  results: ZohoStatus[];
  changes: RecordChange[];
}

export type WriteKind = 'create' | 'update' | 'upsert';

/**
 * Applies a records write (insert, update or upsert) one record at a time, as Zoho does: each
 * record succeeds or fails on its own and the answer lists them in order (the SDK's ActionWrapper
 * of SuccessResponse | APIException). Unique fields refuse a value another record holds
 * (DUPLICATE_DATA, naming the record that holds it); upsert first looks for a record to update by
 * `duplicate_check_fields`, else by the module's system and unique fields.
 */
export function writeRecords(
  org: ZohoOrg,
  def: ModuleDef,
  kind: WriteKind,
  inputs: readonly unknown[],
  now: number,
  duplicateCheckFields?: readonly string[],
): WriteOutcome {
  const outcome: WriteOutcome = { results: [], changes: [] };
  inputs.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      outcome.results.push(
        zohoStatus('INVALID_DATA', 'invalid data', {
          expected_data_type: 'jsonobject',
          json_path: `$.data[${index}]`,
        }),
      );
      return;
    }
    const input = raw as Record<string, unknown>;
    let existing: StoredRecord | undefined;
    let duplicateField: string | null = null;
    if (kind === 'update') {
      if (typeof input.id !== 'string' || input.id === '') {
        outcome.results.push(mandatoryMissing({ apiName: 'id', label: 'id', dataType: 'bigint' }, index));
        return;
      }
      existing = org.get(def.apiName, input.id);
      if (!existing) {
        outcome.results.push(
          zohoStatus('INVALID_DATA', 'the id given seems to be invalid', { id: input.id }),
        );
        return;
      }
    } else if (kind === 'upsert') {
      const match = findDuplicate(org, def, input, duplicateCheckFields ?? defaultCheckFields(def));
      existing = match?.record;
      duplicateField = match?.field ?? null;
    }
    const read = readInput(org, def, input, index);
    if (!read.ok) return void outcome.results.push(read.error);
    const merged = { ...(existing?.values ?? {}), ...read.values };
    const missing = def.fields.find((f) => f.mandatory && (merged[f.apiName] ?? null) === null);
    if (missing) return void outcome.results.push(mandatoryMissing(missing, index));
    const clash = uniqueClash(org, def, merged, existing?.id);
    if (clash) return void outcome.results.push(duplicateData(org, def, clash.field, clash.holder, index));
    if (def.apiName === 'Contacts') merged.Full_Name = fullName(merged);
    merged.Owner ??= org.user;
    const record = save(org, def, existing, merged, now);
    const changed = existing
      ? Object.keys(read.values).filter((k) => !sameValue(existing.values[k], read.values[k]))
      : Object.keys(read.values);
    outcome.changes.push({
      module: def.apiName,
      operation: existing ? 'update' : 'insert',
      id: record.id,
      fields: changed,
    });
    const success: ZohoStatus = {
      code: 'SUCCESS',
      details: successDetails(org, record),
      message: existing ? 'record updated' : 'record added',
      status: 'success',
    };
    if (kind === 'upsert')
      Object.assign(success, { duplicate_field: duplicateField, action: existing ? 'update' : 'insert' });
    outcome.results.push(success);
  });
  return outcome;
}

export function deleteRecords(org: ZohoOrg, def: ModuleDef, ids: readonly string[]): WriteOutcome {
  const outcome: WriteOutcome = { results: [], changes: [] };
  for (const id of ids) {
    if (!org.table(def.apiName).delete(id)) {
      outcome.results.push(zohoStatus('INVALID_DATA', 'the id given seems to be invalid', { id }));
      continue;
    }
    outcome.changes.push({ module: def.apiName, operation: 'delete', id, fields: [] });
    outcome.results.push({ code: 'SUCCESS', details: { id }, message: 'record deleted', status: 'success' });
  }
  return outcome;
}

function save(
  org: ZohoOrg,
  def: ModuleDef,
  existing: StoredRecord | undefined,
  values: Record<string, StoredValue>,
  now: number,
): StoredRecord {
  const record: StoredRecord = existing
    ? { ...existing, values, modifiedAt: now }
    : { id: org.nextId(), module: def.apiName, values, createdAt: now, modifiedAt: now };
  org.table(def.apiName).set(record.id, record);
  return record;
}

function successDetails(org: ZohoOrg, record: StoredRecord): Record<string, unknown> {
  const by = { name: org.user.name, id: org.user.id };
  return {
    Modified_Time: zohoDateTime(record.modifiedAt),
    Modified_By: by,
    Created_Time: zohoDateTime(record.createdAt),
    id: record.id,
    Created_By: by,
  };
}

const uniqueFields = (def: ModuleDef): FieldDef[] => def.fields.filter((f) => f.unique);

function defaultCheckFields(def: ModuleDef): string[] {
  return [...def.systemDuplicateCheck, ...uniqueFields(def).map((f) => f.apiName)];
}

const normalise = (value: unknown): unknown => {
  if (typeof value === 'string') return value.toLowerCase();
  if (typeof value === 'object' && value !== null && 'id' in value) return (value as { id: unknown }).id;
  return value;
};

function sameValue(a: unknown, b: unknown): boolean {
  return normalise(a ?? null) === normalise(b ?? null);
}

function findDuplicate(
  org: ZohoOrg,
  def: ModuleDef,
  input: Record<string, unknown>,
  fields: readonly string[],
): { record: StoredRecord; field: string } | undefined {
  for (const field of fields) {
    const wanted = normalise(input[field]);
    if (wanted === undefined || wanted === null || wanted === '') continue;
    const record = org.list(def.apiName).find((r) => normalise(comparableValue(r, field)) === wanted);
    if (record) return { record, field };
  }
  return undefined;
}

function uniqueClash(
  org: ZohoOrg,
  def: ModuleDef,
  values: Record<string, StoredValue>,
  selfId: string | undefined,
): { field: FieldDef; holder: StoredRecord } | undefined {
  for (const field of uniqueFields(def)) {
    const value = normalise(values[field.apiName] ?? null);
    if (value === null) continue;
    const holder = org
      .list(def.apiName)
      .find((r) => r.id !== selfId && normalise(r.values[field.apiName] ?? null) === value);
    if (holder) return { field, holder };
  }
  return undefined;
}

function duplicateData(
  org: ZohoOrg,
  def: ModuleDef,
  field: FieldDef,
  holder: StoredRecord,
  index: number,
): ZohoStatus {
  return zohoStatus('DUPLICATE_DATA', 'duplicate data', {
    api_name: field.apiName,
    json_path: `$.data[${index}].${field.apiName}`,
    duplicate_record: {
      id: holder.id,
      module: { api_name: def.apiName, id: def.id },
      Owner: { name: org.user.name, id: org.user.id, email: org.user.email },
    },
  });
}

function fullName(values: Record<string, StoredValue>): string {
  return [values.First_Name, values.Last_Name].filter((v) => typeof v === 'string' && v).join(' ');
}
