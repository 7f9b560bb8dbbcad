import { z } from 'zod';
import { createRng, pick } from '../core/random';
import { seededUuid } from './ids';
import type { ContactRecord, TenantRecord } from './model';
import { CONTACT_GROUPS, CURRENCIES } from './referenceData';
import { seedInvoice, type SeedMix } from './seedInvoice';
import type { XeroState } from './state';

/**
 * A deterministic demo organisation: the same seed always gives the same contacts, invoices in every
 * status and type, several currencies, part and full payments, and allocated credit notes.
 */
export const xeroSeedSchema = z.object({
  seed: z.number().int().default(42),
  tenantName: z.string().min(1).default('Demo Company (Global)'),
  /**
   * The organisation's ID (default: made from the seed, so the same seed makes the same organisation).
   * Sandboxes whose workflow IDs meet on one Temporal server each need their own.
   */
  tenantId: z.uuid().optional(),
  contacts: z.number().int().min(1).max(1_000_000).default(40),
  invoices: z.number().int().min(0).max(2_000_000).default(120),
  /** Invoice currencies, mixed evenly (default: mostly USD, some EUR, GBP and AUD). */
  currencies: z
    .array(z.enum(CURRENCIES.map((c) => c.Code) as [string, ...string[]]))
    .min(1)
    .optional(),
  /** false: no payments at all (no PAID or part-paid invoices, PAID becomes AUTHORISED). */
  payments: z.boolean().default(true),
  /** Dates are spread over the year before this day (default: today), so some invoices are overdue. */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type XeroSeed = z.input<typeof xeroSeedSchema>;

const NAMES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Nakatomi',
];
const SUFFIXES = ['Ltd', 'Inc', 'LLC', 'GmbH', 'Pty Ltd', 'Group', 'Partners'];

export function seedXero(
  state: XeroState,
  input: XeroSeed,
): { tenantId: string; contacts: number; invoices: number; payments: number; creditNotes: number } {
  const params = xeroSeedSchema.parse(input);
  const rng = createRng(params.seed);
  const mix: SeedMix = {
    currencies: params.currencies?.map((code) => [code, 1 / (params.currencies?.length ?? 1)]),
    payments: params.payments,
  };
  const asOf = Date.parse(`${params.asOf ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  // Drawn either way: the same seed makes the same records whatever the organisation's ID.
  const seededTenantId = seededUuid(rng);
  const tenant: TenantRecord = {
    id: params.tenantId ?? seededTenantId,
    name: params.tenantName,
    baseCurrency: 'USD',
    createdAt: asOf - 400 * 86_400_000,
    invoiceSeq: 0,
    creditNoteSeq: 0,
  };
  // The same seed makes the same organisation: seeding it again replaces it rather than doubling it.
  state.dropTenant(tenant.id);
  state.tenants.set(tenant.id, tenant);
  // One UpdatedDateUTC for the whole seed, as for a bulk import: a stamp per record would run
  // ahead of the clock (100,000 records = 100 s) and If-Modified-Since would return them all.
  const seededAt = state.stamp();
  const stamp = () => seededAt;

  const contacts: ContactRecord[] = [];
  for (let i = 0; i < params.contacts; i++) {
    const base = `${pick(rng, NAMES)} ${pick(rng, SUFFIXES)}`;
    const name = `${base} ${i + 1}`;
    const contact: ContactRecord = {
      id: seededUuid(rng),
      tenantId: tenant.id,
      name,
      email: `accounts${i + 1}@${base.split(' ')[0]?.toLowerCase()}.example`,
      firstName: undefined,
      lastName: undefined,
      taxNumber: rng() < 0.5 ? `TX-${100000 + Math.floor(rng() * 900000)}` : undefined,
      accountNumber: undefined,
      status: rng() < 0.05 ? 'ARCHIVED' : 'ACTIVE',
      isCustomer: true,
      isSupplier: rng() < 0.2,
      groups: rng() < 0.3 ? [pick(rng, CONTACT_GROUPS)] : [],
      defaultCurrency: undefined,
      updatedAt: stamp(),
    };
    contacts.push(contact);
    state.putContact(contact, { silent: true });
  }

  let payments = 0;
  let creditNotes = 0;
  for (let i = 0; i < params.invoices; i++) {
    const { invoice, payment, creditNote } = seedInvoice(rng, tenant, contacts, i, asOf, stamp(), mix);
    if (payment) {
      state.putPayment(payment);
      payments++;
    }
    if (creditNote) {
      state.putCreditNote(creditNote, { silent: true });
      creditNotes++;
    }
    state.putInvoice(invoice, { silent: true });
    // An organisation's history was e-mailed to its customers as it was approved (Xero's SentToContact).
    if (invoice.type === 'ACCREC' && ['AUTHORISED', 'PAID'].includes(invoice.status))
      state.sentToContact.add(invoice.id);
  }
  return { tenantId: tenant.id, contacts: contacts.length, invoices: params.invoices, payments, creditNotes };
}
