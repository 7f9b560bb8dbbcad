import { z } from 'zod';
import type { ObjectType } from './objectTypes';
import { DEAL_STAGE_IDS, RENEWALS_PIPELINE } from './dealStages';

/**
 * Property definitions per object type, as the Properties API returns them. The type drives
 * search comparisons (number/datetime compare numerically) and `hasUniqueValue` drives the 409 on a
 * duplicate and which properties batch upsert and `idProperty` accept.
 * https://developers.hubspot.com/docs/api/crm/properties
 */
export type PropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface PropertyDefinition {
  name: string;
  label: string;
  type: PropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  hasUniqueValue: boolean;
  /** Maintained by HubSpot: writes to it are ignored. */
  readOnlyValue: boolean;
  hubspotDefined: boolean;
  options: PropertyOption[];
  displayOrder: number;
  createdAt: number;
  updatedAt: number;
}

const FIELD_TYPE: Record<PropertyType, string> = {
  string: 'text',
  number: 'number',
  date: 'date',
  datetime: 'date',
  enumeration: 'select',
  bool: 'booleancheckbox',
};

export const CURRENCY_CODES = ['USD', 'EUR', 'GBP', 'AUD', 'NZD', 'CAD'] as const;

type Spec = [
  name: string,
  type: PropertyType,
  options?: { unique?: boolean; readOnly?: boolean; options?: string[]; group?: string },
];

const COMMON: Spec[] = [
  ['hs_object_id', 'number', { readOnly: true }],
  ['createdate', 'datetime', { readOnly: true }],
  ['hs_lastmodifieddate', 'datetime', { readOnly: true }],
];

const ENGAGEMENT: Spec[] = [
  ...COMMON,
  ['hs_createdate', 'datetime', { readOnly: true }],
  ['hs_timestamp', 'datetime'],
  ['hubspot_owner_id', 'enumeration'],
];

export { DEFAULT_DEAL_STAGES } from './dealStages';

const BUILT_IN: Record<ObjectType, Spec[]> = {
  contacts: [
    ['hs_object_id', 'number', { readOnly: true }],
    ['createdate', 'datetime', { readOnly: true }],
    ['lastmodifieddate', 'datetime', { readOnly: true }],
    ['email', 'string', { unique: true }],
    ['firstname', 'string'],
    ['lastname', 'string'],
    ['phone', 'string'],
    ['company', 'string'],
    ['jobtitle', 'string'],
  ],
  companies: [
    ...COMMON,
    ['name', 'string'],
    ['domain', 'string'],
    ['country', 'string'],
    ['city', 'string'],
    ['phone', 'string'],
    ['industry', 'string'],
    ['hubspot_owner_id', 'enumeration'],
  ],
  deals: [
    ...COMMON,
    ['dealname', 'string'],
    ['amount', 'number'],
    ['dealstage', 'enumeration', { options: [...DEAL_STAGE_IDS] }],
    ['pipeline', 'enumeration', { options: ['default', RENEWALS_PIPELINE.id] }],
    ['closedate', 'datetime'],
    ['description', 'string'],
    ['deal_currency_code', 'enumeration', { options: [...CURRENCY_CODES] }],
    ['hs_is_closed_won', 'bool', { readOnly: true }],
    ['hubspot_owner_id', 'enumeration'],
    ['hs_is_closed', 'bool', { readOnly: true }],
  ],
  line_items: [
    ...COMMON,
    ['name', 'string'],
    ['price', 'number'],
    ['quantity', 'number'],
    ['amount', 'number', { readOnly: true }],
    ['hs_sku', 'string'],
    ['hs_product_id', 'string'],
    ['description', 'string'],
    ['hs_line_item_currency_code', 'enumeration', { options: [...CURRENCY_CODES] }],
    ['hs_discount_percentage', 'number'],
    ['hs_tax_rate_group_id', 'string'],
  ],
  tasks: [
    ...ENGAGEMENT,
    ['hs_task_subject', 'string'],
    ['hs_task_body', 'string'],
    [
      'hs_task_status',
      'enumeration',
      { options: ['NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'COMPLETED', 'DEFERRED'] },
    ],
    ['hs_task_priority', 'enumeration', { options: ['NONE', 'LOW', 'MEDIUM', 'HIGH'] }],
    ['hs_task_type', 'enumeration', { options: ['CALL', 'EMAIL', 'TODO'] }],
  ],
  notes: [
    ...ENGAGEMENT,
    ['hs_note_body', 'string'],
    // File IDs (Files API), semicolon-separated.
    ['hs_attachment_ids', 'string'],
  ],
  emails: [
    ...ENGAGEMENT,
    ['hs_email_direction', 'enumeration', { options: ['EMAIL', 'INCOMING_EMAIL', 'FORWARDED_EMAIL'] }],
    ['hs_email_status', 'enumeration', { options: ['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT'] }],
    ['hs_email_subject', 'string'],
    ['hs_email_text', 'string'],
    ['hs_email_html', 'string'],
    ['hs_email_headers', 'string'],
    ['hs_attachment_ids', 'string'],
  ],
};

export function definition(
  name: string,
  type: PropertyType,
  at: number,
  options: {
    unique?: boolean;
    readOnly?: boolean;
    label?: string;
    groupName?: string;
    fieldType?: string;
    description?: string;
    hubspotDefined?: boolean;
    options?: PropertyOption[];
    displayOrder?: number;
  } = {},
): PropertyDefinition {
  return {
    name,
    label: options.label ?? name,
    type,
    fieldType: options.fieldType ?? FIELD_TYPE[type],
    groupName: options.groupName ?? 'sandbox',
    description: options.description ?? '',
    hasUniqueValue: options.unique ?? false,
    readOnlyValue: options.readOnly ?? false,
    hubspotDefined: options.hubspotDefined ?? false,
    options: options.options ?? [],
    displayOrder: options.displayOrder ?? -1,
    createdAt: at,
    updatedAt: at,
  };
}

const GROUP: Record<ObjectType, string> = {
  contacts: 'contactinformation',
  companies: 'companyinformation',
  deals: 'dealinformation',
  line_items: 'lineiteminformation',
  tasks: 'task',
  notes: 'engagement',
  emails: 'engagement',
};

export function builtInProperties(type: ObjectType, at: number): Map<string, PropertyDefinition> {
  return new Map(
    BUILT_IN[type].map(([name, t, o]) => [
      name,
      definition(name, t, at, {
        ...(o?.unique !== undefined ? { unique: o.unique } : {}),
        ...(o?.readOnly !== undefined ? { readOnly: o.readOnly } : {}),
        groupName: GROUP[type],
        hubspotDefined: true,
        options: (o?.options ?? []).map((value, i) => ({
          label: value,
          value,
          displayOrder: i,
          hidden: false,
        })),
      }),
    ]),
  );
}

/** The body of `POST /crm/v3/properties/{objectType}` (HubSpot's PropertyCreate). */
export const propertyCreateSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase letters, digits and underscores'),
  label: z.string().min(1),
  type: z.enum(['string', 'number', 'date', 'datetime', 'enumeration', 'bool']),
  fieldType: z.enum([
    'text',
    'textarea',
    'number',
    'date',
    'select',
    'radio',
    'checkbox',
    'booleancheckbox',
    'phonenumber',
    'html',
    'file',
    'calculation_equation',
  ]),
  groupName: z.string().min(1),
  description: z.string().optional(),
  hasUniqueValue: z.boolean().optional(),
  displayOrder: z.number().int().optional(),
  hidden: z.boolean().optional(),
  formField: z.boolean().optional(),
  options: z
    .array(
      z.object({
        label: z.string(),
        value: z.string(),
        displayOrder: z.number().int().optional(),
        hidden: z.boolean().optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
});

/** The Property JSON of the Properties API. */
export function propertyJson(p: PropertyDefinition): Record<string, unknown> {
  return {
    updatedAt: new Date(p.updatedAt).toISOString(),
    createdAt: new Date(p.createdAt).toISOString(),
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: p.description,
    groupName: p.groupName,
    options: p.options.map((o) => ({
      label: o.label,
      value: o.value,
      displayOrder: o.displayOrder,
      hidden: o.hidden,
      ...(o.description !== undefined ? { description: o.description } : {}),
    })),
    displayOrder: p.displayOrder,
    calculated: false,
    externalOptions: false,
    hasUniqueValue: p.hasUniqueValue,
    hidden: false,
    hubspotDefined: p.hubspotDefined,
    modificationMetadata: {
      archivable: !p.hubspotDefined,
      readOnlyDefinition: p.hubspotDefined,
      readOnlyValue: p.readOnlyValue,
    },
    formField: !p.readOnlyValue,
    archived: false,
  };
}
