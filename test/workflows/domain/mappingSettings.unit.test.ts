import { mappingSettingsErrors, mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';

describe('mapping settings', () => {
  it('fills every default from an empty object', () => {
    const settings = mappingSettingsSchema.parse({});
    expect(settings.contactOwner).toBe('xero');
    expect(settings.invoiceRules).toEqual({
      types: ['ACCREC'],
      statuses: ['AUTHORISED', 'PAID', 'VOIDED'],
      minAmount: 0,
      contactGroups: [],
    });
    expect(settings.stageByStatus.PAID).toBe('Closed Won');
    expect(settings.shadowMode).toEqual({ xeroToCrm: false, crmToXero: false });
  });

  it('names each bad field with a message fit to show next to it', () => {
    expect(
      mappingSettingsErrors({
        invoiceRules: { statuses: [], minAmount: -5 },
        currencies: { allowed: ['usd'] },
        paymentTermsDays: 400,
        items: { WIDGET: { itemCode: 'W-1' } },
      }),
    ).toEqual({
      'invoiceRules.statuses': 'choose at least one status',
      'invoiceRules.minAmount': 'must be zero or more',
      'currencies.allowed.0': 'must be a three-letter ISO 4217 code such as USD',
      paymentTermsDays: 'must be at most 365 days',
      'items.WIDGET.accountCode': expect.stringMatching(/expected string/),
    });
  });

  it('requires a stage for every status that qualifies', () => {
    expect(
      mappingSettingsErrors({ invoiceRules: { statuses: ['SUBMITTED'] }, stageByStatus: { PAID: 'Won' } }),
    ).toEqual({
      'stageByStatus.SUBMITTED': 'needs a stage: invoices in status SUBMITTED qualify',
    });
  });

  it('accepts a complete, valid configuration unchanged', () => {
    const input = {
      version: 1 as const,
      contactOwner: 'crm' as const,
      invoiceRules: {
        types: ['ACCREC' as const],
        statuses: ['AUTHORISED' as const],
        minAmount: 50,
        contactGroups: ['VIP'],
      },
      stageByStatus: { AUTHORISED: 'closedwon' },
      currencies: { allowed: ['USD', 'EUR'], crmToXero: { US$: 'USD' } },
      taxRates: { VAT20: 'OUTPUT2' },
      items: { WIDGET: { itemCode: 'W-1', accountCode: '200' } },
      defaultAccountCode: '200',
      createInvoiceAs: 'DRAFT' as const,
      paymentTermsDays: 14,
      amendmentPolicy: 'update_draft_else_credit_note' as const,
      paymentFailureTaskThreshold: 2,
      requireDiscountApproval: true,
      shadowMode: { xeroToCrm: true, crmToXero: false },
    };
    expect(mappingSettingsSchema.parse(input)).toEqual(input);
  });
});
