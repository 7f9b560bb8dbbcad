import type { Client } from '@hubspot/api-client';
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
  type PropertyCreate,
} from '@hubspot/api-client/lib/codegen/crm/properties';

/**
 * The properties Ledgerbridge keeps on HubSpot records, created on first use in each object's
 * built-in information group (every portal has it, so no group needs creating). The link IDs have
 * unique values, so they can be used as `idProperty` for upserts.
 */
const GROUP = { companies: 'companyinformation', deals: 'dealinformation' } as const;
const text = (name: string, label: string, unique = false): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.String,
  fieldType: PropertyCreateFieldTypeEnum.Text,
  hasUniqueValue: unique,
});
const number = (name: string, label: string): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.Number,
  fieldType: PropertyCreateFieldTypeEnum.Number,
});

const checkbox = (name: string, label: string): Omit<PropertyCreate, 'groupName'> => ({
  name,
  label,
  type: PropertyCreateTypeEnum.Bool,
  fieldType: PropertyCreateFieldTypeEnum.Booleancheckbox,
  options: [
    { label: 'Yes', value: 'true', displayOrder: 0, hidden: false },
    { label: 'No', value: 'false', displayOrder: 1, hidden: false },
  ],
});

export const LEDGERBRIDGE_PROPERTIES: Record<
  'companies' | 'deals',
  Array<Omit<PropertyCreate, 'groupName'>>
> = {
  companies: [
    text('xero_contact_id', 'Xero contact ID', true),
    number('xero_outstanding_balance', 'Xero outstanding balance'),
    number('xero_overdue_amount', 'Xero overdue amount'),
  ],
  deals: [
    text('xero_invoice_id', 'Xero invoice ID', true),
    text('xero_invoice_number', 'Xero invoice number'),
    text('xero_invoice_status', 'Xero invoice status'),
    text('xero_invoice_url', 'Xero online invoice'),
    number('xero_amount_due', 'Xero amount due'),
    number('xero_amount_paid', 'Xero amount paid'),
    text('xero_payment_status', 'Xero payment status'),
    text('ledgerbridge_sync_problem', 'Ledgerbridge: why this deal was not invoiced'),
    number('ledgerbridge_payment_retry_count', 'Ledgerbridge: failed payment attempts'),
    checkbox('ledgerbridge_discount_approved', 'Discount approved (Ledgerbridge)'),
  ],
};

/** Creates whichever of our properties the portal lacks. Idempotent. */
export async function ensureLedgerbridgeProperties(client: Client): Promise<void> {
  for (const objectType of ['companies', 'deals'] as const) {
    const existing = new Set(
      (await client.crm.properties.coreApi.getAll(objectType)).results.map((p) => p.name),
    );
    const missing = LEDGERBRIDGE_PROPERTIES[objectType].filter((p) => !existing.has(p.name));
    if (missing.length === 0) continue;
    for (const property of missing)
      await client.crm.properties.coreApi.create(objectType, { ...property, groupName: GROUP[objectType] });
  }
}
