import {
  compareContactGroup,
  compareInvoiceGroup,
  compareUnlinkedDeal,
} from '../../../../workflows/domain/parity/compareParity';
import { mappingSettingsSchema } from '../../../../workflows/domain/mappingSettings';
import type {
  CrmDealFacts,
  XeroContactFacts,
  XeroInvoiceFacts,
} from '../../../../workflows/domain/parity/parityFacts';
import { sameCalendarDate } from '../../../../workflows/domain/parity/sameValue';

const settings = mappingSettingsSchema.parse({});
const XERO_ID = '0b1c2d3e-0000-4000-8000-000000000001';
const CONTACT = 'c0c0c0c0-0000-4000-8000-000000000002';

function xeroInvoice(overrides: Partial<XeroInvoiceFacts> = {}): XeroInvoiceFacts {
  return {
    id: XERO_ID,
    number: 'INV-0042',
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: CONTACT,
    currency: 'USD',
    date: '2026-03-01',
    subTotal: 100,
    total: 115,
    amountDue: 115,
    amountPaid: 0,
    amountCredited: 0,
    tracking: [],
    ...overrides,
  };
}
function crmDeal(overrides: Partial<CrmDealFacts> = {}): CrmDealFacts {
  return {
    id: 'deal-1',
    name: 'Acme – INV-0042',
    xeroInvoiceId: XERO_ID,
    invoiceStatus: 'AUTHORISED',
    isWon: true,
    amount: 115,
    amountDue: 115,
    amountPaid: 0,
    currency: 'USD',
    closeDate: '2026-03-01',
    accountCrmId: 'acct-1',
    accountXeroContactId: CONTACT,
    ...overrides,
  };
}
const contact: XeroContactFacts = {
  id: CONTACT,
  name: 'Acme Ltd',
  groups: [],
  isCustomer: true,
  status: 'ACTIVE',
};
const pair = (deal: Partial<CrmDealFacts> = {}, invoice: Partial<XeroInvoiceFacts> = {}) =>
  compareInvoiceGroup(
    {
      xero: xeroInvoice(invoice),
      crm: [crmDeal(deal)],
    },
    { settings },
  );
const fields = (findings: ReturnType<typeof pair>) => findings.map((f) => f.field);

describe('compareInvoiceGroup', () => {
  it('finds nothing in an agreeing pair', () => {
    expect(pair()).toEqual([]);
  });

  it.each([
    ['amount', { amount: 116 }, '115.00', '116.00'],
    ['amount_due', { amountDue: 15 }, '115.00', '15.00'],
    ['amount_paid', { amountPaid: 100 }, '0.00', '100.00'],
    ['status', { invoiceStatus: 'PAID' }, 'AUTHORISED', 'PAID'],
    ['currency', { currency: 'EUR' }, 'USD', 'EUR'],
    ['date', { closeDate: '2026-03-02' }, '2026-03-01', '2026-03-02'],
  ])('reports a %s mismatch with both values', (field, deal, xeroValue, crmValue) => {
    expect(pair(deal as Partial<CrmDealFacts>)).toEqual([
      expect.objectContaining({
        kind: 'field_mismatch',
        field,
        key: `field_mismatch:invoice:${XERO_ID}:deal-1:${field}`,
        xero: expect.objectContaining({ id: XERO_ID, value: xeroValue }),
        crm: { id: 'deal-1', value: crmValue },
      }),
    ]);
  });

  it('reports the contact when the deal is linked to another account or none', () => {
    const findings = compareInvoiceGroup(
      {
        xero: xeroInvoice(),
        crm: [crmDeal({ accountXeroContactId: undefined })],
      },
      { settings },
    );
    expect(findings).toEqual([
      expect.objectContaining({ field: 'contact', crm: { id: 'deal-1', value: '(no linked account)' } }),
    ]);
  });

  it('does not flag rounding within half a cent, or an empty CRM currency (single-currency org)', () => {
    expect(pair({ amount: 115.004, amountDue: 114.996, currency: undefined })).toEqual([]);
    expect(fields(pair({ amount: 115.01 }))).toEqual(['amount']);
  });

  it('does not flag a date the CRM holds as a timezone-shifted instant of the same day', () => {
    expect(pair({ closeDate: '2026-02-28T11:00:00.000Z' })).toEqual([]); // Auckland midnight
    expect(pair({ closeDate: '2026-03-01T08:00:00.000Z' })).toEqual([]); // Los Angeles midnight
    expect(pair({ closeDate: '2026-03-01T00:00:00.000Z' })).toEqual([]); // a date stored as UTC midnight
    expect(fields(pair({ closeDate: '2026-03-02T00:00:00.000Z' }))).toEqual(['date']);
    expect(fields(pair({ closeDate: '1772755200000' }))).toEqual(['date']); // 2026-03-06, epoch ms
  });

  it('compares a deal that made its invoice with the subtotal (its amount is net of tax)', () => {
    expect(pair({ amount: 100, madeInvoice: true })).toEqual([]);
    expect(fields(pair({ amount: 115, madeInvoice: true }))).toEqual(['amount']);
  });

  it('reports a qualifying invoice missing in the CRM, and not one the rules exclude', () => {
    expect(compareInvoiceGroup({ xero: xeroInvoice(), crm: [] }, { settings })).toEqual([
      expect.objectContaining({ kind: 'missing_in_crm', key: `missing_in_crm:invoice:${XERO_ID}` }),
    ]);
    for (const excluded of [{ type: 'ACCPAY' as const }, { status: 'DRAFT' as const }])
      expect(compareInvoiceGroup({ xero: xeroInvoice(excluded), crm: [] }, { settings })).toEqual([]);
  });

  it('reports a CRM link to an invoice Xero does not have as orphaned', () => {
    expect(compareInvoiceGroup({ crm: [crmDeal()] }, { settings })).toEqual([
      expect.objectContaining({ kind: 'orphaned_link', crm: { id: 'deal-1', value: XERO_ID } }),
    ]);
  });

  it('reports two deals on one invoice as one duplicate link naming both, and compares each', () => {
    const findings = compareInvoiceGroup(
      {
        xero: xeroInvoice(),
        crm: [crmDeal({ id: 'deal-2' }), crmDeal({ id: 'deal-1', amount: 1 })],
      },
      { settings },
    );
    expect(findings.map((f) => `${f.kind}:${f.crm?.id}:${f.field ?? ''}`)).toEqual([
      'duplicate_link:deal-1,deal-2:',
      'field_mismatch:deal-1:amount',
    ]);
  });
});

describe('compareUnlinkedDeal', () => {
  it('reports a deal won since the connection without an invoice', () => {
    expect(
      compareUnlinkedDeal(
        crmDeal({ xeroInvoiceId: undefined, closeDate: '2026-11-20' }),
        '2026-11-01T09:00:00Z',
      ),
    ).toEqual([expect.objectContaining({ kind: 'missing_in_xero', key: 'missing_in_xero:invoice:deal-1' })]);
  });
  it('leaves deals won before the connection, open deals and invoiced deals alone', () => {
    const since = '2026-11-01T09:00:00Z';
    expect(
      compareUnlinkedDeal(crmDeal({ xeroInvoiceId: undefined, closeDate: '2026-10-31' }), since),
    ).toEqual([]);
    expect(
      compareUnlinkedDeal(
        crmDeal({ xeroInvoiceId: undefined, isWon: false, closeDate: '2026-11-20' }),
        since,
      ),
    ).toEqual([]);
    expect(compareUnlinkedDeal(crmDeal({ closeDate: '2026-11-20' }), since)).toEqual([]);
  });
});

describe('compareContactGroup', () => {
  it('reports a customer missing in the CRM, but not a supplier or an archived contact', () => {
    expect(compareContactGroup({ xero: contact, crm: [] }, { settings })).toEqual([
      expect.objectContaining({ kind: 'missing_in_crm', entity: 'contact' }),
    ]);
    expect(compareContactGroup({ xero: { ...contact, isCustomer: false }, crm: [] }, { settings })).toEqual(
      [],
    );
    expect(compareContactGroup({ xero: { ...contact, status: 'ARCHIVED' }, crm: [] }, { settings })).toEqual(
      [],
    );
  });

  it('reports a renamed account when Xero owns contact data, ignoring case and spacing', () => {
    const crm = [{ id: 'acct-1', name: 'Acme Trading', xeroContactId: CONTACT }];
    expect(compareContactGroup({ xero: contact, crm }, { settings })).toEqual([
      expect.objectContaining({
        field: 'name',
        xero: expect.objectContaining({ value: 'Acme Ltd' }),
        crm: { id: 'acct-1', value: 'Acme Trading' },
      }),
    ]);
    expect(
      compareContactGroup({ xero: contact, crm: [{ ...crm[0]!, name: ' acme  LTD ' }] }, { settings }),
    ).toEqual([]);
    const crmOwns = mappingSettingsSchema.parse({ contactOwner: 'crm' });
    expect(compareContactGroup({ xero: contact, crm }, { settings: crmOwns })).toEqual([]);
  });

  it('reports orphaned and duplicate account links', () => {
    const a = { id: 'acct-1', name: 'Acme Ltd', xeroContactId: CONTACT };
    const b = { id: 'acct-2', name: 'Acme Ltd', xeroContactId: CONTACT };
    expect(compareContactGroup({ crm: [a] }, { settings }).map((f) => f.kind)).toEqual(['orphaned_link']);
    expect(compareContactGroup({ xero: contact, crm: [a, b] }, { settings })).toEqual([
      expect.objectContaining({ kind: 'duplicate_link', crm: { id: 'acct-1,acct-2' } }),
    ]);
  });
});

describe('sameCalendarDate', () => {
  it('matches only the same day for a date-only value', () => {
    expect(sameCalendarDate('2026-03-01', '2026-03-01')).toBe(true);
    expect(sameCalendarDate('2026-03-01', '2026-02-28')).toBe(false);
  });
  it('refuses an instant more than a timezone away, and garbage', () => {
    expect(sameCalendarDate('2026-03-01', '2026-02-28T09:00:00Z')).toBe(false); // before UTC+14's day
    expect(sameCalendarDate('2026-03-01', '2026-03-02T13:00:00Z')).toBe(false); // after UTC−12's day
    expect(sameCalendarDate('2026-03-01', 'yesterday')).toBe(false);
  });
});
