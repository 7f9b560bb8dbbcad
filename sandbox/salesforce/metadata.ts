import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  currencyField,
  ownerField,
  systemFields,
  type FieldDef,
  type ObjectDef,
  type Schema,
} from './schema';

/**
 * Loads the package's custom objects and fields from SFDX source format
 * (`objects/<Object>/<Object>.object-meta.xml`, `objects/<Object>/fields/<Field>.field-meta.xml`),
 * so the emulated org has exactly the schema the package would deploy. Custom objects get key
 * prefixes a01, a02, ... in name order, as a fresh org would hand them out.
 */
export const DEFAULT_OBJECTS_DIR = path.resolve(__dirname, '../../force-app/main/default/objects');

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => name === 'value',
});

type Xml = Record<string, unknown>;

const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
const bool = (v: unknown): boolean => String(v) === 'true';
const int = (v: unknown): number | undefined => (v === undefined ? undefined : Number(v));

export function fieldFromMetadata(xml: Xml, pkg: (name: string) => string = (n) => n): FieldDef {
  const name = pkg(String(xml.fullName));
  const label = text(xml.label) ?? name;
  const base: FieldDef = {
    name,
    label,
    type: 'string',
    custom: true,
    nillable: !bool(xml.required),
    externalId: bool(xml.externalId),
    unique: bool(xml.unique),
    caseSensitive: bool(xml.caseSensitive),
  };
  const type = String(xml.type);
  switch (type) {
    case 'Text':
      return { ...base, type: 'string', length: int(xml.length) ?? 255 };
    case 'TextArea':
      return { ...base, type: 'textarea', length: 255 };
    case 'LongTextArea':
    case 'Html':
      return { ...base, type: 'textarea', length: int(xml.length) ?? 32768 };
    case 'Url':
      return { ...base, type: 'url', length: 255 };
    case 'Email':
      return { ...base, type: 'email', length: 80 };
    case 'Phone':
      return { ...base, type: 'phone', length: 40 };
    case 'Checkbox':
      return { ...base, type: 'boolean', nillable: false, defaultValue: bool(xml.defaultValue) };
    case 'Currency':
    case 'Number':
    case 'Percent':
      return {
        ...base,
        type: type === 'Currency' ? 'currency' : type === 'Percent' ? 'percent' : 'double',
        precision: int(xml.precision) ?? 18,
        scale: int(xml.scale) ?? 0,
      };
    case 'Date':
      return { ...base, type: 'date' };
    case 'DateTime':
      return { ...base, type: 'datetime' };
    case 'Picklist': {
      const valueSet = (xml.valueSet ?? {}) as Xml;
      const definition = (valueSet.valueSetDefinition ?? {}) as Xml;
      const values = ((definition.value ?? []) as Xml[]).map((v) => ({
        value: String(v.fullName),
        label: text(v.label) ?? String(v.fullName),
        active: v.isActive === undefined ? true : bool(v.isActive),
        defaultValue: bool(v.default),
      }));
      const defaultValue = values.find((v) => v.defaultValue)?.value;
      return {
        ...base,
        type: 'picklist',
        length: 255,
        picklistValues: values,
        restrictedPicklist: bool(valueSet.restricted),
        ...(defaultValue ? { defaultValue } : {}),
      };
    }
    case 'Lookup':
    case 'MasterDetail': {
      const master = type === 'MasterDetail';
      return {
        ...base,
        type: 'reference',
        length: 18,
        referenceTo: [pkg(String(xml.referenceTo))],
        relationshipName: name.replace(/__c$/i, '__r'),
        ...(xml.relationshipName ? { childRelationshipName: pkg(`${String(xml.relationshipName)}__r`) } : {}),
        nillable: master ? false : base.nillable,
        updateable: master ? bool(xml.reparentableMasterDetail) : true,
        cascadeDelete: master || String(xml.deleteConstraint) === 'Cascade',
      };
    }
    default:
      throw new Error(`field ${name}: type ${type} is not supported by the emulator`);
  }
}

export function objectFromMetadata(name: string, xml: Xml, keyPrefix: string, fields: FieldDef[]): ObjectDef {
  const nameXml = (xml.nameField ?? {}) as Xml;
  const autoNumber = String(nameXml.type) === 'AutoNumber';
  const hasMaster = fields.some((f) => f.type === 'reference' && f.cascadeDelete && f.nillable === false);
  const nameField: FieldDef = {
    name: 'Name',
    label: text(nameXml.label) ?? 'Name',
    type: 'string',
    length: 80,
    nameField: true,
    ...(autoNumber
      ? {
          autoNumber: text(nameXml.displayFormat) ?? '{0}',
          createable: false,
          updateable: false,
          calculated: false,
        }
      : {}),
  };
  return {
    name,
    label: text(xml.label) ?? name,
    labelPlural: text(xml.pluralLabel) ?? name,
    keyPrefix,
    custom: true,
    createable: true,
    updateable: true,
    deletable: true,
    fields: [
      ...systemFields(),
      nameField,
      ...(hasMaster ? [] : [ownerField()]),
      // A detail record takes its master's currency (Object Reference: CurrencyIsoCode).
      hasMaster ? { ...currencyField(), createable: false, updateable: false } : currencyField(),
      ...fields,
    ],
  };
}

/** Reads `dir` (an SFDX `objects` folder) into the schema; returns what was loaded. */
export function loadPackageMetadata(
  schema: Schema,
  dir = DEFAULT_OBJECTS_DIR,
): { objects: string[]; fields: string[] } {
  const loaded = { objects: [] as string[], fields: [] as string[] };
  if (!existsSync(dir)) return loaded;
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const readFields = (folder: string): FieldDef[] => {
    const fieldsDir = path.join(dir, folder, 'fields');
    if (!existsSync(fieldsDir)) return [];
    return readdirSync(fieldsDir)
      .filter((f) => f.endsWith('.field-meta.xml'))
      .sort()
      .map((f) => {
        const doc = parser.parse(readFileSync(path.join(fieldsDir, f), 'utf8')) as Xml;
        return fieldFromMetadata(doc.CustomField as Xml, (n) => schema.pkg(n));
      });
  };
  let customIndex = 1;
  // Custom objects first so lookups from standard objects can point at them.
  for (const folder of folders) {
    const file = path.join(dir, folder, `${folder}.object-meta.xml`);
    if (!folder.endsWith('__c') || !existsSync(file)) continue;
    const doc = parser.parse(readFileSync(file, 'utf8')) as Xml;
    const prefix = `a${String(customIndex++).padStart(2, '0')}`;
    schema.add(objectFromMetadata(schema.pkg(folder), doc.CustomObject as Xml, prefix, readFields(folder)));
    loaded.objects.push(schema.pkg(folder));
  }
  for (const folder of folders) {
    if (folder.endsWith('__c')) continue;
    if (!schema.object(folder)) continue;
    for (const field of readFields(folder)) {
      schema.addField(folder, field);
      loaded.fields.push(`${folder}.${field.name}`); // field.name is namespaced already
    }
  }
  return loaded;
}
