import { zohoStatus, type ZohoStatus } from './errors';
import { jsonTypeOf, type FieldDef, type ModuleDef } from './modules';
import type { StoredValue, ZohoOrg } from './org';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$/;

export type InputResult =
  { ok: true; values: Record<string, StoredValue> } | { ok: false; error: ZohoStatus };

const jsonPath = (index: number, apiName: string) => `$.data[${index}].${apiName}`;

function invalid(field: FieldDef, index: number, extra: Record<string, unknown> = {}): InputResult {
  return {
    ok: false,
    error: zohoStatus('INVALID_DATA', 'invalid data', {
      api_name: field.apiName,
      json_path: jsonPath(index, field.apiName),
      expected_data_type: jsonTypeOf(field.dataType),
      ...extra,
    }),
  };
}

export function mandatoryMissing(field: FieldDef, index: number): ZohoStatus {
  return zohoStatus('MANDATORY_NOT_FOUND', 'required field not found', {
    api_name: field.apiName,
    json_path: jsonPath(index, field.apiName),
  });
}

/**
 * Checks one input record of a write against the module's fields, as Zoho does: unknown fields
 * are ignored, read-only ones too, a value of the wrong JSON type or format is INVALID_DATA naming
 * the field, a lookup must point at an existing record of an allowed module. Mandatory fields are
 * checked by the caller once the stored values are merged.
 */
export function readInput(
  org: ZohoOrg,
  def: ModuleDef,
  input: Record<string, unknown>,
  index: number,
): InputResult {
  const values: Record<string, StoredValue> = {};
  for (const [key, raw] of Object.entries(input)) {
    const field = def.fields.find((f) => f.apiName === key);
    if (!field || field.readOnly || key === 'id') continue;
    if (raw === null || raw === '') {
      if (field.mandatory) return { ok: false, error: mandatoryMissing(field, index) };
      values[key] = null;
      continue;
    }
    const read = readValue(org, field, raw, input.$se_module);
    if (read === undefined) return invalid(field, index);
    if (read === 'missing_target')
      return invalid(field, index, { id: typeof raw === 'object' ? (raw as { id?: unknown }).id : raw });
    values[key] = read;
  }
  return { ok: true, values };
}

function readValue(
  org: ZohoOrg,
  field: FieldDef,
  raw: unknown,
  seModule: unknown,
): StoredValue | 'missing_target' | undefined {
  switch (field.dataType) {
    case 'text':
    case 'textarea':
    case 'phone':
    case 'website':
      return typeof raw === 'string' && raw.length <= (field.length ?? 255) ? raw : undefined;
    case 'email':
      return typeof raw === 'string' && EMAIL.test(raw) ? raw : undefined;
    case 'picklist':
      return typeof raw === 'string' && (!field.picklist || field.picklist.includes(raw)) ? raw : undefined;
    case 'currency':
    case 'double':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'integer':
      return typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'date':
      return typeof raw === 'string' && DATE.test(raw) && !Number.isNaN(Date.parse(raw)) ? raw : undefined;
    case 'datetime':
      return typeof raw === 'string' && DATE_TIME.test(raw) ? raw : undefined;
    case 'ownerlookup': {
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : raw;
      return id === org.user.id ? org.user : undefined;
    }
    case 'lookup':
      return readLookup(org, field, raw, seModule);
    default:
      return undefined;
  }
}

/** `"id"`, `{ "id": … }` or, for multi-module lookups, `{ "id", "module": { "api_name" } }` / `$se_module`. */
function readLookup(
  org: ZohoOrg,
  field: FieldDef,
  raw: unknown,
  seModule: unknown,
): StoredValue | 'missing_target' | undefined {
  const allowed = field.lookup ?? [];
  let id: unknown = raw;
  let module: unknown = allowed.length === 1 ? allowed[0] : seModule;
  if (typeof raw === 'object' && raw !== null) {
    const value = raw as { id?: unknown; module?: { api_name?: unknown } };
    id = value.id;
    if (value.module?.api_name !== undefined) module = value.module.api_name;
  }
  if (typeof id !== 'string' || !/^\d{1,19}$/.test(id)) return undefined;
  if (typeof module !== 'string' || !allowed.includes(module)) return undefined;
  return org.get(module, id) ? { id, module } : 'missing_target';
}
