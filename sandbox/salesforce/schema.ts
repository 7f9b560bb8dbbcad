/**
 * The org's schema: standard objects with their common fields, plus the custom objects and fields
 * loaded from the package's own metadata (see metadata.ts). Field and object names are matched
 * case-insensitively, as the API does; responses use the canonical API names.
 */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'url'
  | 'email'
  | 'phone'
  | 'picklist'
  | 'boolean'
  | 'currency'
  | 'double'
  | 'percent'
  | 'int'
  | 'date'
  | 'datetime'
  | 'reference'
  | 'base64';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  precision?: number;
  scale?: number;
  externalId?: boolean;
  unique?: boolean;
  caseSensitive?: boolean;
  /** False: a value is required on create (REQUIRED_FIELD_MISSING). */
  nillable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  /** Set by the platform (formula, roll-up, system field): never writable. */
  calculated?: boolean;
  autoNumber?: string;
  referenceTo?: string[];
  relationshipName?: string;
  /** For lookups: the parent's child relationship name (e.g. Xero_Invoices__r). */
  childRelationshipName?: string;
  cascadeDelete?: boolean;
  restrictedPicklist?: boolean;
  picklistValues?: PicklistValue[];
  defaultValue?: unknown;
  nameField?: boolean;
  custom?: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldDef[];
}

export const CURRENCY_CODES = ['USD', 'EUR', 'GBP', 'AUD'] as const;

export const OPPORTUNITY_STAGES: Array<{
  value: string;
  probability: number;
  closed: boolean;
  won: boolean;
}> = [
  { value: 'Prospecting', probability: 10, closed: false, won: false },
  { value: 'Qualification', probability: 10, closed: false, won: false },
  { value: 'Needs Analysis', probability: 20, closed: false, won: false },
  { value: 'Value Proposition', probability: 50, closed: false, won: false },
  { value: 'Id. Decision Makers', probability: 60, closed: false, won: false },
  { value: 'Perception Analysis', probability: 70, closed: false, won: false },
  { value: 'Proposal/Price Quote', probability: 75, closed: false, won: false },
  { value: 'Negotiation/Review', probability: 90, closed: false, won: false },
  { value: 'Closed Won', probability: 100, closed: true, won: true },
  { value: 'Closed Lost', probability: 0, closed: true, won: false },
];

export const TASK_STATUSES = [
  'Not Started',
  'In Progress',
  'Completed',
  'Waiting on someone else',
  'Deferred',
];

export function picklist(values: readonly string[], defaultValue?: string): PicklistValue[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}

const ro = { createable: false, updateable: false, nillable: true, calculated: true } as const;
const str = (name: string, label: string, length = 255, extra: Partial<FieldDef> = {}): FieldDef => ({
  name,
  label,
  type: 'string',
  length,
  ...extra,
});
const ref = (
  name: string,
  label: string,
  referenceTo: string[],
  relationshipName: string,
  extra: Partial<FieldDef> = {},
): FieldDef => ({ name, label, type: 'reference', length: 18, referenceTo, relationshipName, ...extra });
const pick = (
  name: string,
  label: string,
  values: readonly string[],
  extra: Partial<FieldDef> = {},
): FieldDef => ({
  name,
  label,
  type: 'picklist',
  length: 255,
  picklistValues: picklist(values, typeof extra.defaultValue === 'string' ? extra.defaultValue : undefined),
  ...extra,
});

/** Id, audit fields, IsDeleted: on every object. */
export function systemFields(): FieldDef[] {
  return [
    { name: 'Id', label: 'Record ID', type: 'id', length: 18, ...ro, nillable: false },
    { name: 'IsDeleted', label: 'Deleted', type: 'boolean', ...ro, nillable: false },
    { name: 'CreatedDate', label: 'Created Date', type: 'datetime', ...ro, nillable: false },
    ref('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { ...ro, nillable: false }),
    { name: 'LastModifiedDate', label: 'Last Modified Date', type: 'datetime', ...ro, nillable: false },
    ref('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { ...ro, nillable: false }),
    { name: 'SystemModstamp', label: 'System Modstamp', type: 'datetime', ...ro, nillable: false },
  ];
}

export const ownerField = (): FieldDef =>
  ref('OwnerId', 'Owner ID', ['User'], 'Owner', { nillable: false, defaultValue: '$user' });
export const currencyField = (): FieldDef =>
  pick('CurrencyIsoCode', 'Currency ISO Code', CURRENCY_CODES, {
    restrictedPicklist: true,
    length: 3,
    defaultValue: '$orgCurrency',
  });

function std(
  name: string,
  keyPrefix: string,
  label: string,
  labelPlural: string,
  fields: FieldDef[],
  writable = true,
): ObjectDef {
  return {
    name,
    label,
    labelPlural,
    keyPrefix,
    custom: false,
    createable: writable,
    updateable: writable,
    deletable: writable,
    fields: [...systemFields(), ...fields],
  };
}

/**
 * The standard objects the worker touches, with their common fields (labels, lengths and types as
 * in the Object Reference for Salesforce and Lightning Platform).
 */
export function standardObjects(pkg: (name: string) => string = (n) => n): ObjectDef[] {
  return [
    std(
      'Organization',
      '00D',
      'Organization',
      'Organizations',
      [
        str('Name', 'Name', 80, { ...ro, nameField: true }),
        str('InstanceName', 'Instance Name', 5, ro),
        { name: 'IsSandbox', label: 'Is Sandbox', type: 'boolean', ...ro },
        { name: 'TrialExpirationDate', label: 'Trial Expiration Date', type: 'datetime', ...ro },
        str('NamespacePrefix', 'Namespace Prefix', 15, ro),
        str('OrganizationType', 'Edition', 40, ro),
        str('DefaultLocaleSidKey', 'Locale', 40, ro),
        str('LanguageLocaleKey', 'Language', 40, ro),
        str('TimeZoneSidKey', 'Time Zone', 40, ro),
        str('Country', 'Country', 80, ro),
        { name: 'IsMultiCurrency', label: 'Multi-Currency', type: 'boolean', ...ro },
      ],
      false,
    ),
    std(
      'User',
      '005',
      'User',
      'Users',
      [
        str('Username', 'Username', 80, { nillable: false, unique: true }),
        str('FirstName', 'First Name', 40),
        str('LastName', 'Last Name', 80, { nillable: false }),
        str('Name', 'Full Name', 121, { ...ro, nameField: true }),
        { name: 'Email', label: 'Email', type: 'email', length: 128, nillable: false },
        str('Alias', 'Alias', 8, { nillable: false }),
        { name: 'IsActive', label: 'Active', type: 'boolean', nillable: false, defaultValue: true },
        str('UserType', 'User Type', 40, ro),
        str('TimeZoneSidKey', 'Time Zone', 40, { nillable: false }),
        str('LocaleSidKey', 'Locale', 40, { nillable: false }),
        str('LanguageLocaleKey', 'Language', 40, { nillable: false }),
        str('EmailEncodingKey', 'Email Encoding', 40, { nillable: false }),
        pick('DefaultCurrencyIsoCode', 'User Currency', CURRENCY_CODES, {
          restrictedPicklist: true,
          length: 3,
        }),
        currencyField(),
      ],
      false,
    ),
    // Setup's flow list, as the worker's health check reads it (Tooling-free, in the REST query API).
    std(
      'FlowDefinitionView',
      '300',
      'Flow Definition View',
      'Flow Definition Views',
      [
        str('ApiName', 'API Name', 80, ro),
        str('Label', 'Label', 255, { ...ro, nameField: true }),
        { name: 'IsActive', label: 'Is Active', type: 'boolean', ...ro },
        str('ActiveVersionId', 'Active Version ID', 18, ro),
        str('NamespacePrefix', 'Namespace Prefix', 15, ro),
        str('ProcessType', 'Process Type', 40, ro),
      ],
      false,
    ),
    std(
      'CurrencyType',
      '01L',
      'Currency',
      'Currencies',
      [
        pick('IsoCode', 'Currency ISO Code', CURRENCY_CODES, { restrictedPicklist: true, length: 3, ...ro }),
        { name: 'ConversionRate', label: 'Conversion Rate', type: 'double', precision: 18, scale: 6, ...ro },
        { name: 'DecimalPlaces', label: 'Decimal Places', type: 'int', precision: 9, ...ro },
        { name: 'IsActive', label: 'Active', type: 'boolean', ...ro },
        { name: 'IsCorporate', label: 'Corporate Currency', type: 'boolean', ...ro },
      ],
      false,
    ),
    std('Account', '001', 'Account', 'Accounts', [
      str('Name', 'Account Name', 255, { nillable: false, nameField: true }),
      str('AccountNumber', 'Account Number', 40),
      pick('Type', 'Account Type', [
        'Prospect',
        'Customer - Direct',
        'Customer - Channel',
        'Partner',
        'Other',
      ]),
      pick('Industry', 'Industry', [
        'Agriculture',
        'Banking',
        'Consulting',
        'Education',
        'Retail',
        'Technology',
        'Other',
      ]),
      { name: 'Phone', label: 'Account Phone', type: 'phone', length: 40 },
      { name: 'Website', label: 'Website', type: 'url', length: 255 },
      { name: 'BillingStreet', label: 'Billing Street', type: 'textarea', length: 255 },
      str('BillingCity', 'Billing City', 40),
      str('BillingState', 'Billing State/Province', 80),
      str('BillingPostalCode', 'Billing Zip/Postal Code', 20),
      str('BillingCountry', 'Billing Country', 80),
      { name: 'Description', label: 'Account Description', type: 'textarea', length: 32000 },
      ref('ParentId', 'Parent Account ID', ['Account'], 'Parent'),
      { name: 'AnnualRevenue', label: 'Annual Revenue', type: 'currency', precision: 18, scale: 0 },
      { name: 'NumberOfEmployees', label: 'Employees', type: 'int', precision: 8, scale: 0 },
      ownerField(),
      currencyField(),
    ]),
    std('Contact', '003', 'Contact', 'Contacts', [
      ref('AccountId', 'Account ID', ['Account'], 'Account', {
        childRelationshipName: 'Contacts',
        cascadeDelete: true,
      }),
      str('FirstName', 'First Name', 40),
      str('LastName', 'Last Name', 80, { nillable: false }),
      str('Name', 'Full Name', 121, { ...ro, nameField: true }),
      { name: 'Email', label: 'Email', type: 'email', length: 80 },
      { name: 'Phone', label: 'Business Phone', type: 'phone', length: 40 },
      str('Title', 'Title', 128),
      str('MailingCity', 'Mailing City', 40),
      str('MailingCountry', 'Mailing Country', 80),
      { name: 'Description', label: 'Contact Description', type: 'textarea', length: 32000 },
      ownerField(),
      currencyField(),
    ]),
    std('Product2', '01t', 'Product', 'Products', [
      str('Name', 'Product Name', 255, { nillable: false, nameField: true }),
      str('ProductCode', 'Product Code', 255),
      { name: 'Description', label: 'Product Description', type: 'textarea', length: 4000 },
      { name: 'IsActive', label: 'Active', type: 'boolean', nillable: false, defaultValue: false },
      pick('Family', 'Product Family', ['None']),
      currencyField(),
    ]),
    std('Opportunity', '006', 'Opportunity', 'Opportunities', [
      ref('AccountId', 'Account ID', ['Account'], 'Account', {
        childRelationshipName: 'Opportunities',
        cascadeDelete: true,
      }),
      str('Name', 'Name', 120, { nillable: false, nameField: true }),
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
      pick(
        'StageName',
        'Stage',
        OPPORTUNITY_STAGES.map((s) => s.value),
        { nillable: false },
      ),
      { name: 'Amount', label: 'Amount', type: 'currency', precision: 18, scale: 2 },
      { name: 'Probability', label: 'Probability (%)', type: 'percent', precision: 3, scale: 0 },
      { name: 'CloseDate', label: 'Close Date', type: 'date', nillable: false },
      pick('Type', 'Opportunity Type', [
        'Existing Customer - Upgrade',
        'Existing Customer - Replacement',
        'New Customer',
      ]),
      str('NextStep', 'Next Step', 255),
      pick('LeadSource', 'Lead Source', ['Web', 'Phone Inquiry', 'Partner Referral', 'Other']),
      { name: 'IsClosed', label: 'Closed', type: 'boolean', ...ro, nillable: false },
      { name: 'IsWon', label: 'Won', type: 'boolean', ...ro, nillable: false },
      pick(
        'ForecastCategoryName',
        'Forecast Category',
        ['Omitted', 'Pipeline', 'Best Case', 'Commit', 'Closed'],
        ro,
      ),
      ownerField(),
      currencyField(),
    ]),
    // Products on an opportunity. (Salesforce resolves the price book entry from Product2Id; the
    // emulator keeps no price books.)
    std('OpportunityLineItem', '00k', 'Opportunity Product', 'Opportunity Product', [
      ref('OpportunityId', 'Opportunity ID', ['Opportunity'], 'Opportunity', {
        nillable: false,
        childRelationshipName: 'OpportunityLineItems',
        cascadeDelete: true,
      }),
      ref('Product2Id', 'Product ID', ['Product2'], 'Product2'),
      str('Name', 'Opportunity Product Name', 376, { ...ro, nameField: true }),
      str('Description', 'Line Description', 255),
      { name: 'Quantity', label: 'Quantity', type: 'double', precision: 12, scale: 2, nillable: false },
      { name: 'UnitPrice', label: 'Sales Price', type: 'currency', precision: 18, scale: 2 },
      { name: 'Discount', label: 'Discount', type: 'percent', precision: 5, scale: 2 },
      currencyField(),
    ]),
    std('Task', '00T', 'Task', 'Tasks', [
      ref('WhoId', 'Name ID', ['Contact'], 'Who'),
      ref(
        'WhatId',
        'Related To ID',
        ['Account', 'Opportunity', pkg('Xero_Invoice__c'), pkg('Xero_Payment__c')],
        'What',
      ),
      { ...str('Subject', 'Subject', 255), type: 'string' },
      { name: 'ActivityDate', label: 'Due Date Only', type: 'date' },
      pick('Status', 'Status', TASK_STATUSES, { nillable: false, defaultValue: 'Not Started' }),
      pick('Priority', 'Priority', ['High', 'Normal', 'Low'], { nillable: false, defaultValue: 'Normal' }),
      // Set on create only (Object Reference: Task.TaskSubtype); 'Email' shows the task as a sent e-mail.
      pick('TaskSubtype', 'Task Subtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], {
        restrictedPicklist: true,
        updateable: false,
      }),
      { name: 'Description', label: 'Description', type: 'textarea', length: 32000 },
      { name: 'IsClosed', label: 'Closed', type: 'boolean', ...ro, nillable: false },
      ownerField(),
      currencyField(),
    ]),
  ];
}

/** The org's objects by lower-cased name, with case-insensitive field lookup. */
export class Schema {
  private readonly objects = new Map<string, ObjectDef>();
  private readonly fieldIndex = new Map<string, Map<string, FieldDef>>();

  /**
   * The package's namespace when it is installed as a managed package (`ns__Xero_Invoice__c`):
   * every custom object and field the package brings carries it, and only those names.
   */
  readonly namespace: string | undefined;

  constructor(objects: ObjectDef[], namespace?: string) {
    this.namespace = namespace;
    for (const o of objects) this.add(o);
  }

  /** A package custom name (`Xero_Invoice__c`) as this org knows it. */
  pkg(name: string): string {
    return this.namespace && /__[cr]$/.test(name) ? `${this.namespace}__${name}` : name;
  }

  add(object: ObjectDef): void {
    this.objects.set(object.name.toLowerCase(), object);
    this.fieldIndex.set(
      object.name.toLowerCase(),
      new Map(object.fields.map((f) => [f.name.toLowerCase(), f])),
    );
  }

  addField(objectName: string, field: FieldDef): void {
    const object = this.object(objectName);
    if (!object) throw new Error(`no object ${objectName} to add ${field.name} to`);
    const existing = object.fields.findIndex((f) => f.name.toLowerCase() === field.name.toLowerCase());
    if (existing >= 0) object.fields[existing] = field;
    else object.fields.push(field);
    this.fieldIndex.get(object.name.toLowerCase())?.set(field.name.toLowerCase(), field);
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  field(objectName: string, fieldName: string): FieldDef | undefined {
    return this.fieldIndex.get(objectName.toLowerCase())?.get(fieldName.toLowerCase());
  }

  list(): ObjectDef[] {
    return [...this.objects.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  byPrefix(id: string): ObjectDef | undefined {
    const prefix = id.slice(0, 3);
    for (const o of this.objects.values()) if (o.keyPrefix === prefix) return o;
    return undefined;
  }

  /** A reference field by its relationship name (Account for AccountId, Account__r for Account__c). */
  relationship(objectName: string, relationshipName: string): FieldDef | undefined {
    const wanted = relationshipName.toLowerCase();
    return this.object(objectName)?.fields.find(
      (f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === wanted,
    );
  }

  /** Child relationships of an object for its describe. */
  childRelationships(
    objectName: string,
  ): Array<{ childSObject: string; field: string; relationshipName: string | null; cascadeDelete: boolean }> {
    const out: Array<{
      childSObject: string;
      field: string;
      relationshipName: string | null;
      cascadeDelete: boolean;
    }> = [];
    for (const o of this.list()) {
      for (const f of o.fields) {
        if (
          f.type === 'reference' &&
          f.referenceTo?.some((r) => r.toLowerCase() === objectName.toLowerCase())
        )
          out.push({
            childSObject: o.name,
            field: f.name,
            relationshipName: f.childRelationshipName ?? null,
            cascadeDelete: f.cascadeDelete ?? false,
          });
      }
    }
    return out;
  }
}
