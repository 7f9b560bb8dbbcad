import type { CanonicalContact, CanonicalInvoice } from '../../workflows/domain/canonical';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

export function aContact(overrides: Partial<CanonicalContact> = {}): CanonicalContact {
  return {
    xeroContactId: uuid(),
    name: 'Acme Ltd',
    email: 'accounts@acme.example',
    groups: [],
    isCustomer: true,
    status: 'ACTIVE',
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}

export function anInvoice(overrides: Partial<CanonicalInvoice> = {}): CanonicalInvoice {
  return {
    xeroInvoiceId: uuid(),
    number: 'INV-0042',
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: uuid(),
    contactName: 'Acme Ltd',
    currency: 'USD',
    date: '2026-11-20',
    dueDate: '2026-12-20',
    subTotal: 1_000,
    totalTax: 100,
    total: 1_100,
    amountDue: 1_100,
    amountPaid: 0,
    amountCredited: 0,
    lines: [
      {
        description: 'Consulting',
        quantity: 10,
        unitAmount: 100,
        lineAmount: 1_000,
        taxAmount: 100,
        accountCode: '200',
        taxType: 'OUTPUT',
        tracking: [],
      },
    ],
    updatedAt: '2026-11-20T10:00:00.000Z',
    ...overrides,
  };
}
