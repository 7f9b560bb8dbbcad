/**
 * The CRM object types the emulator serves, addressable by name, singular or HubSpot's type id
 * (0-1 contacts, 0-2 companies, 0-3 deals, 0-8 line items, 0-27 tasks, 0-46 notes, 0-49 emails).
 */
export const OBJECT_TYPES = [
  'contacts',
  'companies',
  'deals',
  'line_items',
  'tasks',
  'notes',
  'emails',
] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export const TYPE_IDS: Record<ObjectType, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  line_items: '0-8',
  tasks: '0-27',
  notes: '0-46',
  emails: '0-49',
};

const SINGULAR: Record<string, ObjectType> = {
  contact: 'contacts',
  company: 'companies',
  deal: 'deals',
  line_item: 'line_items',
  task: 'tasks',
  note: 'notes',
  email: 'emails',
};

/** The singular name HubSpot uses in webhook subscription types (`deal.creation`). */
export const SINGULAR_OF: Record<ObjectType, string> = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  line_items: 'line_item',
  tasks: 'task',
  notes: 'note',
  emails: 'email',
};

export function resolveObjectType(raw: string | undefined): ObjectType | undefined {
  if (!raw) return undefined;
  const lower = raw.toLowerCase();
  if ((OBJECT_TYPES as readonly string[]).includes(lower)) return lower as ObjectType;
  const byId = Object.entries(TYPE_IDS).find(([, id]) => id === lower)?.[0] as ObjectType | undefined;
  return byId ?? SINGULAR[lower];
}

/** The property holding the last-modified time (contacts use the legacy name). */
export function lastModifiedProperty(type: ObjectType): string {
  return type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

/** Properties returned when a call names none, as HubSpot does per type. */
export const DEFAULT_PROPERTIES: Record<ObjectType, readonly string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: [
    'amount',
    'closedate',
    'createdate',
    'dealname',
    'dealstage',
    'hs_lastmodifieddate',
    'hs_object_id',
    'pipeline',
  ],
  line_items: ['amount', 'createdate', 'hs_lastmodifieddate', 'hs_object_id', 'name', 'price', 'quantity'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  emails: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/**
 * The OAuth scope a call on a type needs. Tasks, notes and e-mails are engagements, which HubSpot
 * guards with the contacts scopes.
 */
export function isEngagement(type: ObjectType): boolean {
  return type === 'tasks' || type === 'notes' || type === 'emails';
}

export function objectScope(type: ObjectType, access: 'read' | 'write'): string {
  const scoped = isEngagement(type) ? 'contacts' : type;
  return `crm.objects.${scoped}.${access}`;
}

export interface AssociationTypeDef {
  typeId: number;
  /** null for the unlabeled association; 'Primary' for the primary company of a contact/deal. */
  label: string | null;
}

/**
 * HubSpot-defined association type ids (v4), from -> to. `unlabeled` is what the default endpoint
 * creates; `primary` exists for contact->company and deal->company (the record's primary company).
 * https://developers.hubspot.com/docs/api-reference/crm-associations-v4/guide
 */
const HUBSPOT_DEFINED: Record<string, { unlabeled: number; primary?: number }> = {
  'contacts->companies': { unlabeled: 279, primary: 1 },
  'companies->contacts': { unlabeled: 280, primary: 2 },
  'deals->contacts': { unlabeled: 3 },
  'contacts->deals': { unlabeled: 4 },
  'deals->companies': { unlabeled: 341, primary: 5 },
  'companies->deals': { unlabeled: 342, primary: 6 },
  'line_items->deals': { unlabeled: 20 },
  'deals->line_items': { unlabeled: 19 },
  'tasks->contacts': { unlabeled: 204 },
  'contacts->tasks': { unlabeled: 203 },
  'tasks->companies': { unlabeled: 192 },
  'companies->tasks': { unlabeled: 191 },
  'tasks->deals': { unlabeled: 216 },
  'deals->tasks': { unlabeled: 215 },
  'notes->contacts': { unlabeled: 202 },
  'contacts->notes': { unlabeled: 201 },
  'notes->companies': { unlabeled: 190 },
  'companies->notes': { unlabeled: 189 },
  'notes->deals': { unlabeled: 214 },
  'deals->notes': { unlabeled: 213 },
  'emails->contacts': { unlabeled: 198 },
  'contacts->emails': { unlabeled: 197 },
  'emails->companies': { unlabeled: 186 },
  'companies->emails': { unlabeled: 185 },
  'emails->deals': { unlabeled: 210 },
  'deals->emails': { unlabeled: 209 },
};

export function associationTypes(from: ObjectType, to: ObjectType): { unlabeled: number; primary?: number } {
  const found = HUBSPOT_DEFINED[`${from}->${to}`];
  if (!found) throw new Error(`no association between ${from} and ${to}`);
  return found;
}

export function canAssociate(from: ObjectType, to: ObjectType): boolean {
  return HUBSPOT_DEFINED[`${from}->${to}`] !== undefined;
}

/** The label of a HubSpot-defined type id in this direction, or undefined when not one of them. */
export function hubspotDefinedLabel(
  from: ObjectType,
  to: ObjectType,
  typeId: number,
): string | null | undefined {
  const found = HUBSPOT_DEFINED[`${from}->${to}`];
  if (!found) return undefined;
  if (found.unlabeled === typeId) return null;
  if (found.primary === typeId) return 'Primary';
  return undefined;
}

/** The type id of the same association seen from the other side (5 deal->company is 6 company->deal). */
export function inverseTypeId(from: ObjectType, to: ObjectType, typeId: number): number | undefined {
  const forward = HUBSPOT_DEFINED[`${from}->${to}`];
  const back = HUBSPOT_DEFINED[`${to}->${from}`];
  if (!forward || !back) return undefined;
  if (forward.unlabeled === typeId) return back.unlabeled;
  if (forward.primary === typeId) return back.primary;
  return undefined;
}

/** The target type of a HubSpot-defined association type id used from `from` (for create-with-associations). */
export function targetOfTypeId(from: ObjectType, typeId: number): ObjectType | undefined {
  for (const [key, ids] of Object.entries(HUBSPOT_DEFINED)) {
    const [f, t] = key.split('->') as [ObjectType, ObjectType];
    if (f === from && (ids.unlabeled === typeId || ids.primary === typeId)) return t;
  }
  return undefined;
}

/** The v3 objects API's name for an association type, e.g. deal_to_company / deal_to_company_unlabeled. */
export function v3AssociationTypeName(from: ObjectType, to: ObjectType, typeId: number): string {
  const ids = HUBSPOT_DEFINED[`${from}->${to}`];
  const base = `${SINGULAR_OF[from]}_to_${SINGULAR_OF[to]}`;
  if (ids?.primary !== undefined && ids.unlabeled === typeId) return `${base}_unlabeled`;
  return base;
}
