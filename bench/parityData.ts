import type {
  CrmAccountFacts,
  CrmDealFacts,
  XeroContactFacts,
  XeroInvoiceFacts,
} from '../workflows/domain/parity/parityFacts';

/**
 * The parity bench's books: invoice pairs on both sides with planted differences, and their
 * contacts. Every 40th pair gets a difference (rotating through the kinds); every 37th a near-miss
 * (half a cent of rounding, a close date at Auckland midnight) that must not be reported.
 */
const PLANT_EVERY = 40;
const NEAR_MISS_EVERY = 37;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const invoiceId = (i: number) => `00000000-0000-4000-8000-${hex(i, 12)}`;
const contactId = (i: number) => `c0000000-0000-4000-8000-${hex(i, 12)}`;

type Plant = 'amount' | 'status' | 'date' | 'missing_in_crm' | 'orphaned_link' | 'contact';
const PLANTS: Plant[] = ['amount', 'status', 'date', 'missing_in_crm', 'orphaned_link', 'contact'];

export const contactCount = (pairs: number) => Math.max(1, Math.round(pairs / 50));

/** Every contact on both sides, linked and agreeing. */
export function contacts(count: number): { xero: XeroContactFacts[]; crm: CrmAccountFacts[] } {
  const xero: XeroContactFacts[] = [];
  const crm: CrmAccountFacts[] = [];
  for (let c = 0; c < count; c++) {
    xero.push({ id: contactId(c), name: `Customer ${c}`, groups: [], isCustomer: true, status: 'ACTIVE' });
    crm.push({ id: `acct-${c}`, name: `Customer ${c}`, xeroContactId: contactId(c) });
  }
  return { xero, crm };
}

/** Pair i on both sides, with its planted difference or near-miss, if any. */
export function pair(
  i: number,
  contactsCount: number,
): { xero?: XeroInvoiceFacts; crm?: CrmDealFacts; planted: number } {
  const contact = i % contactsCount;
  const total = 100 + (i % 997) + 0.25;
  const date = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  const xero: XeroInvoiceFacts = {
    id: invoiceId(i),
    number: `INV-${i}`,
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: contactId(contact),
    currency: 'USD',
    date,
    subTotal: total,
    total,
    amountDue: total,
    amountPaid: 0,
    amountCredited: 0,
    tracking: [],
  };
  const crm: CrmDealFacts = {
    id: `deal-${i}`,
    name: `Deal ${i}`,
    xeroInvoiceId: xero.id,
    invoiceStatus: 'AUTHORISED',
    isWon: true,
    amount: total,
    amountDue: total,
    amountPaid: 0,
    currency: 'USD',
    closeDate: date,
    accountCrmId: `acct-${contact}`,
    accountXeroContactId: contactId(contact),
  };
  if (i % NEAR_MISS_EVERY === 0) {
    crm.amount = total + 0.004; // rounding
    crm.closeDate = new Date(Date.parse(`${date}T00:00:00Z`) - 13 * 3_600_000).toISOString(); // Auckland midnight
  }
  if (i % PLANT_EVERY !== 0) return { xero, crm, planted: 0 };
  const plant = PLANTS[(i / PLANT_EVERY) % PLANTS.length] as Plant;
  switch (plant) {
    case 'amount':
      return { xero, crm: { ...crm, amount: total + 1 }, planted: 1 };
    case 'status':
      return { xero, crm: { ...crm, invoiceStatus: 'PAID' }, planted: 1 };
    case 'date':
      return { xero, crm: { ...crm, closeDate: '2025-01-01' }, planted: 1 };
    case 'missing_in_crm':
      return { xero, planted: 1 };
    case 'orphaned_link':
      return { crm, planted: 1 };
    case 'contact':
      return {
        xero,
        crm: { ...crm, accountXeroContactId: contactId((contact + 1) % contactsCount) },
        planted: contactsCount > 1 ? 1 : 0,
      };
  }
}
