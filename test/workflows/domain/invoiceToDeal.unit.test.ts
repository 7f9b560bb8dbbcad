import { dealFromInvoice, paymentStatusOf, qualifies } from '../../../workflows/domain/invoiceToDeal';
import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import { amountsAgree } from '../../../workflows/domain/money';
import { aContact, anInvoice } from '../../factories/canonical';

const defaults = mappingSettingsSchema.parse({});

describe('qualifies', () => {
  it('accepts an authorised sales invoice under the defaults', () => {
    expect(qualifies(anInvoice(), aContact(), defaults)).toEqual({ qualifies: true });
  });

  it.each([
    [{ type: 'ACCPAY' as const }, {}, /type ACCPAY/],
    [{ status: 'DRAFT' as const }, {}, /status DRAFT/],
    [{ total: 49.99 }, { invoiceRules: { minAmount: 50 } }, /below the minimum 50/],
  ])('rejects %j with a reason', (invoice, settings, reason) => {
    const result = qualifies(anInvoice(invoice), aContact(), mappingSettingsSchema.parse(settings));
    expect(result).toEqual({ qualifies: false, reason: expect.stringMatching(reason) });
  });

  it('filters by contact group and tracking option', () => {
    const settings = mappingSettingsSchema.parse({
      invoiceRules: { contactGroups: ['VIP'], trackingOption: { category: 'Region', option: 'North' } },
    });
    const tracked = anInvoice({
      lines: [
        {
          description: 'x',
          quantity: 1,
          unitAmount: 1,
          lineAmount: 1,
          taxAmount: 0,
          tracking: [{ category: 'Region', option: 'North' }],
        },
      ],
    });
    expect(qualifies(tracked, aContact({ groups: ['VIP'] }), settings).qualifies).toBe(true);
    expect(qualifies(tracked, aContact({ groups: ['Trade'] }), settings)).toMatchObject({
      reason: expect.stringMatching(/none of the groups VIP/),
    });
    expect(qualifies(anInvoice(), aContact({ groups: ['VIP'] }), settings)).toMatchObject({
      reason: 'no line is tracked as Region: North',
    });
  });
});

describe('dealFromInvoice', () => {
  it('maps stage, amounts, dates, number and link', () => {
    const invoice = anInvoice({
      status: 'AUTHORISED',
      total: 1_100,
      amountDue: 600.1,
      amountPaid: 499.9,
      onlineUrl: 'https://in.xero.com/abc',
    });
    expect(dealFromInvoice(invoice, defaults)).toEqual({
      xeroInvoiceId: invoice.xeroInvoiceId,
      name: 'Acme Ltd – INV-0042',
      stage: 'Closed Won',
      amount: 1_100,
      currency: 'USD',
      closeDate: '2026-11-20',
      invoiceNumber: 'INV-0042',
      invoiceStatus: 'AUTHORISED',
      invoiceUrl: 'https://in.xero.com/abc',
      amountDue: 600.1,
      amountPaid: 499.9,
      paymentStatus: 'Partially Paid',
    });
  });

  it('uses the configured stage names', () => {
    const settings = mappingSettingsSchema.parse({
      stageByStatus: { AUTHORISED: 'closedwon', PAID: 'closedwon', VOIDED: 'closedlost' },
    });
    expect(dealFromInvoice(anInvoice({ status: 'VOIDED' }), settings).stage).toBe('closedlost');
  });
});

describe('payment status and money', () => {
  it.each([
    [
      { status: 'AUTHORISED' as const, amountDue: 100, amountPaid: 0, amountCredited: 0, total: 100 },
      'Unpaid',
    ],
    [
      { status: 'AUTHORISED' as const, amountDue: 60, amountPaid: 40, amountCredited: 0, total: 100 },
      'Partially Paid',
    ],
    [
      { status: 'AUTHORISED' as const, amountDue: 60, amountPaid: 0, amountCredited: 40, total: 100 },
      'Partially Paid',
    ],
    [{ status: 'PAID' as const, amountDue: 0, amountPaid: 100, amountCredited: 0, total: 100 }, 'Paid'],
  ])('%j is %s', (invoice, status) => expect(paymentStatusOf(invoice)).toBe(status));

  it('compares in cents, with a tolerance', () => {
    expect(amountsAgree(0.1 + 0.2, 0.3)).toBe(true);
    expect(amountsAgree(100.0, 100.01)).toBe(false);
    expect(amountsAgree(100.0, 100.01, 1)).toBe(true);
  });
});
