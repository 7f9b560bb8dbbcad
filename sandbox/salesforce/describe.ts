import type { FieldDef, ObjectDef, Schema } from './schema';

/** Describe results shaped as the REST API's sObject Describe / Describe Global resources. */
const SOAP_TYPES: Record<string, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  boolean: 'xsd:boolean',
  currency: 'xsd:double',
  double: 'xsd:double',
  percent: 'xsd:double',
  int: 'xsd:int',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  base64: 'xsd:base64Binary',
};

export function describeField(f: FieldDef): Record<string, unknown> {
  const numeric = ['currency', 'double', 'percent'].includes(f.type);
  const text = ['string', 'textarea', 'url', 'email', 'phone', 'picklist', 'id', 'reference'].includes(
    f.type,
  );
  const length = text ? (f.length ?? 255) : 0;
  return {
    aggregatable: f.type !== 'textarea' || (f.length ?? 0) <= 255,
    autoNumber: Boolean(f.autoNumber),
    byteLength: length * 3,
    calculated: Boolean(f.calculated),
    caseSensitive: Boolean(f.caseSensitive),
    cascadeDelete: Boolean(f.cascadeDelete),
    createable: f.createable !== false && !f.calculated && f.type !== 'id',
    custom: Boolean(f.custom),
    defaultValue:
      typeof f.defaultValue === 'string' && f.defaultValue.startsWith('$') ? null : (f.defaultValue ?? null),
    defaultedOnCreate:
      f.defaultValue !== undefined || Boolean(f.autoNumber) || f.type === 'id' || f.calculated === true,
    digits: f.type === 'int' ? (f.precision ?? 9) : 0,
    externalId: Boolean(f.externalId),
    filterable: f.type !== 'textarea' || (f.length ?? 0) <= 255,
    groupable: !numeric && f.type !== 'textarea' && f.type !== 'datetime',
    idLookup: f.type === 'id' || Boolean(f.externalId) || (f.nameField === true && !f.custom),
    label: f.label,
    length,
    name: f.name,
    nameField: Boolean(f.nameField),
    nillable: f.nillable !== false && f.type !== 'boolean',
    picklistValues: (f.picklistValues ?? []).map((p) => ({ ...p, validFor: null })),
    polymorphicForeignKey: (f.referenceTo?.length ?? 0) > 1,
    precision: numeric ? (f.precision ?? 18) : 0,
    referenceTo: f.referenceTo ?? [],
    relationshipName: f.relationshipName ?? null,
    relationshipOrder: f.type === 'reference' && f.cascadeDelete && f.custom ? 0 : null,
    restrictedPicklist: Boolean(f.restrictedPicklist),
    scale: numeric ? (f.scale ?? 0) : 0,
    soapType: SOAP_TYPES[f.type] ?? 'xsd:string',
    sortable: f.type !== 'textarea' || (f.length ?? 0) <= 255,
    type: f.type,
    unique: Boolean(f.unique),
    updateable: f.updateable !== false && !f.calculated && f.type !== 'id' && f.createable !== false,
  };
}

function urls(o: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${o.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function describeGlobalEntry(o: ObjectDef, version: string): Record<string, unknown> {
  return {
    activateable: false,
    createable: o.createable,
    custom: o.custom,
    customSetting: false,
    deletable: o.deletable,
    feedEnabled: false,
    keyPrefix: o.keyPrefix,
    label: o.label,
    labelPlural: o.labelPlural,
    layoutable: o.createable,
    mergeable: ['Account', 'Contact'].includes(o.name),
    name: o.name,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    searchable: o.createable,
    triggerable: o.createable,
    undeletable: o.deletable,
    updateable: o.updateable,
    urls: urls(o, version),
  };
}

export function describeObject(schema: Schema, o: ObjectDef, version: string): Record<string, unknown> {
  return {
    ...describeGlobalEntry(o, version),
    childRelationships: schema.childRelationships(o.name).map((c) => ({
      ...c,
      deprecatedAndHidden: false,
      restrictedDelete: false,
    })),
    fields: o.fields.map(describeField),
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: { layout: `/services/data/v${version}/sobjects/${o.name}/describe/layouts/012000000000000AAA` },
      },
    ],
  };
}
