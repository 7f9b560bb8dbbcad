import { z } from 'zod';
import { createRng, pick, uuidFrom, type Rng } from '../core/random';
import type { ContactRecord, InvoiceRecord, InvoiceStatus, LineRecord, TenantRecord } from './model';
import { CONTACT_GROUPS, ITEMS, TRACKING_CATEGORIES } from './referenceData';
import type { XeroState } from './state';
import { documentTotals, lineTotals } from './totals';
import { round2 } from './wire';

/**
 * A deterministic demo organisation: the same seed always gives the same contacts, invoices in every
 * status and type, several currencies, part and full payments, and allocated credit notes.
 */
export const xeroSeedSchema = z.object({
  seed: z.number().int().default(42),
  tenantName: z.string().min(1).default('Demo Company (Global)'),
  contacts: z.number().int().min(1).max(1_000_000).default(40),
  invoices: z.number().int().min(0).max(2_000_000).default(120),
  /** Dates are spread over the year before this day (default: today), so some invoices are overdue. */
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type XeroSeed = z.input<typeof xeroSeedSchema>;

const STATUS_WEIGHTS: Array<[InvoiceStatus, number]> = [
  ['DRAFT', 0.1],
  ['SUBMITTED', 0.05],
  ['AUTHORISED', 0.4],
  ['PAID', 0.3],
  ['VOIDED', 0.1],
  ['DELETED', 0.05],
];
const CURRENCY_WEIGHTS: Array<[string, number]> = [
  ['USD', 0.6],
  ['EUR', 0.2],
  ['GBP', 0.1],
  ['AUD', 0.1],
];
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

function weighted<T>(rng: Rng, table: Array<[T, number]>): T {
  let r = rng();
  for (const [value, weight] of table) {
    if ((r -= weight) < 0) return value;
  }
  return (table[table.length - 1] as [T, number])[0];
}

export function seedXero(
  state: XeroState,
  input: XeroSeed,
): { tenantId: string; contacts: number; invoices: number; payments: number; creditNotes: number } {
  const params = xeroSeedSchema.parse(input);
  const rng = createRng(params.seed);
  const asOf = Date.parse(`${params.asOf ?? new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const tenant: TenantRecord = {
    id: uuidFrom(rng),
    name: params.tenantName,
    baseCurrency: 'USD',
    createdAt: asOf - 400 * 86_400_000,
    invoiceSeq: 0,
    creditNoteSeq: 0,
  };
  state.tenants.set(tenant.id, tenant);
  const stamp = () => state.stamp();

  const contacts: ContactRecord[] = [];
  for (let i = 0; i < params.contacts; i++) {
    const base = `${pick(rng, NAMES)} ${pick(rng, SUFFIXES)}`;
    const name = `${base} ${i + 1}`;
    const contact: ContactRecord = {
      id: uuidFrom(rng),
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
  const region = TRACKING_CATEGORIES[0];
  for (let i = 0; i < params.invoices; i++) {
    const type = rng() < 0.85 ? 'ACCREC' : 'ACCPAY';
    const status = weighted(rng, STATUS_WEIGHTS);
    const day = asOf - Math.floor(rng() * 365) * 86_400_000;
    const lineCount = rng() < 0.7 ? 1 : 2;
    const lines: LineRecord[] = [];
    for (let l = 0; l < lineCount; l++) {
      const item = pick(rng, ITEMS);
      const quantity = 1 + Math.floor(rng() * 10);
      const option = region && rng() < 0.5 ? pick(rng, region.Options) : undefined;
      lines.push({
        id: uuidFrom(rng),
        description: item.Description,
        quantity,
        unitAmount: item.SalesDetails.UnitPrice,
        itemCode: item.Code,
        accountCode: type === 'ACCREC' ? item.SalesDetails.AccountCode : '400',
        taxType: type === 'ACCREC' ? item.SalesDetails.TaxType : 'INPUT',
        ...lineTotals(
          quantity,
          item.SalesDetails.UnitPrice,
          type === 'ACCREC' ? item.SalesDetails.TaxType : 'INPUT',
          'Exclusive',
        ),
        tracking:
          option && region
            ? [
                {
                  categoryId: region.TrackingCategoryID,
                  optionId: option.TrackingOptionID,
                  name: region.Name,
                  option: option.Name,
                },
              ]
            : [],
      });
    }
    const totals = documentTotals(lines, 'Exclusive');
    const partPaid = status === 'AUTHORISED' && rng() < 0.3;
    const paid = status === 'PAID' ? totals.total : partPaid ? round2(totals.total * 0.4) : 0;
    const date = new Date(day).toISOString().slice(0, 10);
    const invoice: InvoiceRecord = {
      id: uuidFrom(rng),
      tenantId: tenant.id,
      type,
      number: type === 'ACCREC' ? `INV-${String(++tenant.invoiceSeq).padStart(4, '0')}` : `BILL-${i + 1}`,
      reference: rng() < 0.3 ? `PO-${1000 + i}` : undefined,
      contactId: (contacts[Math.floor(rng() * contacts.length)] as ContactRecord).id,
      status,
      lineAmountTypes: 'Exclusive',
      date,
      dueDate: new Date(day + 30 * 86_400_000).toISOString().slice(0, 10),
      currency: weighted(rng, CURRENCY_WEIGHTS),
      currencyRate: 1,
      lines,
      ...totals,
      amountPaid: paid,
      amountCredited: 0,
      fullyPaidOn: status === 'PAID' ? date : undefined,
      paymentIds: [],
      creditNoteIds: [],
      updatedAt: stamp(),
    };
    if (paid > 0) {
      const paymentId = uuidFrom(rng);
      state.putPayment({
        id: paymentId,
        tenantId: tenant.id,
        invoiceId: invoice.id,
        accountCode: '090',
        date,
        amount: paid,
        reference: undefined,
        status: 'AUTHORISED',
        updatedAt: invoice.updatedAt,
      });
      invoice.paymentIds.push(paymentId);
      payments++;
    }
    if (status === 'AUTHORISED' && !partPaid && type === 'ACCREC' && rng() < 0.05) {
      const credit = round2(totals.total * 0.25);
      const noteId = uuidFrom(rng);
      state.putCreditNote(
        {
          id: noteId,
          tenantId: tenant.id,
          type: 'ACCRECCREDIT',
          number: `CN-${String(++tenant.creditNoteSeq).padStart(4, '0')}`,
          contactId: invoice.contactId,
          status: 'PAID',
          date,
          currency: invoice.currency,
          lines: [],
          subTotal: credit,
          totalTax: 0,
          total: credit,
          allocations: [{ id: uuidFrom(rng), invoiceId: invoice.id, amount: credit, date }],
          reference: undefined,
          updatedAt: invoice.updatedAt,
        },
        { silent: true },
      );
      invoice.amountCredited = credit;
      invoice.creditNoteIds.push(noteId);
      creditNotes++;
    }
    state.putInvoice(invoice, { silent: true });
  }
  return { tenantId: tenant.id, contacts: contacts.length, invoices: params.invoices, payments, creditNotes };
}
