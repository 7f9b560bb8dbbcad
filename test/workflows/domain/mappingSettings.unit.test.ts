import {
  installationSettingsErrors,
  installationSettingsSchema,
  mappingSettingsErrors,
  mappingSettingsSchema,
  settingsForOrganisation,
} from '../../../workflows/domain/mappingSettings';

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
      payments: {
        recordInXero: true,
        collection: { reminderDays: [3, 10], ownerTaskAfterFailedAttempts: 2, escalationDay: 21 },
        renewalLeadDays: 45,
        timeZone: 'Europe/London',
      },
      delivery: {
        sender: 'ledgerbridge' as const,
        reminderDays: [-2, 0, 5],
        fileInCrm: true,
        portalLinkDays: 21,
        brand: {
          name: 'Acme Ltd',
          colour: '#0B7A75',
          logoUrl: 'https://cdn.acme.example/logo.png',
          replyTo: 'ar@acme.example',
        },
      },
      requireDiscountApproval: true,
      shadowMode: { xeroToCrm: true, crmToXero: false },
    };
    expect(mappingSettingsSchema.parse(input)).toEqual(input);
  });
});

describe('installation settings', () => {
  it('fills every default from an empty object: no organisation of its own, no routing', () => {
    expect(installationSettingsSchema.parse({})).toMatchObject({
      organisations: {},
      routing: { rules: [], defaultXeroTenantId: null },
      paymentTermsDays: 30,
    });
  });

  it('names bad fields under the organisation or the rule they belong to', () => {
    expect(
      installationSettingsErrors({
        organisations: { 'tenant-uk': { items: { WIDGET: { itemCode: 'W-1' } }, paymentTermsDays: 5 } },
        routing: {
          rules: [{ when: { field: '', equals: 'AU' }, xeroTenantId: 'tenant-au' }],
          defaultXeroTenantId: '',
        },
      }),
    ).toEqual({
      'organisations.tenant-uk.items.WIDGET.accountCode': expect.stringMatching(/expected string/),
      'organisations.tenant-uk': expect.stringContaining('paymentTermsDays'),
      'routing.rules.0.when.field': 'name the CRM field',
      'routing.defaultXeroTenantId': 'choose a Xero organisation',
    });
  });

  it('gives each organisation the shared parts with its own, and the defaults to one it does not list', () => {
    const stored = installationSettingsSchema.parse({
      paymentTermsDays: 14,
      invoiceRules: { minAmount: 10 },
      organisations: {
        uk: { defaultAccountCode: '4000', trackingOption: { category: 'Region', option: 'UK' } },
      },
      routing: { defaultXeroTenantId: 'uk' },
    });
    const uk = mappingSettingsSchema.parse(settingsForOrganisation(stored, 'uk'));
    expect(uk).toMatchObject({
      paymentTermsDays: 14,
      defaultAccountCode: '4000',
      invoiceRules: { minAmount: 10, trackingOption: { category: 'Region', option: 'UK' } },
    });
    expect(uk).not.toHaveProperty('routing');
    expect(uk).not.toHaveProperty('organisations');
    const au = mappingSettingsSchema.parse(settingsForOrganisation(stored, 'au'));
    expect(au).toMatchObject({ paymentTermsDays: 14, defaultAccountCode: '200', items: {}, taxRates: {} });
    expect(au.invoiceRules.trackingOption).toBeUndefined();
    expect(settingsForOrganisation('not settings', 'uk')).toEqual({});
  });
});

describe('payments settings', () => {
  it('refuses a time zone that is not an IANA one, naming the field', () => {
    const result = mappingSettingsSchema.safeParse({ payments: { timeZone: 'Mars/Olympus' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['payments', 'timeZone']);
  });

  it('refuses reminder days that do not increase', () => {
    const result = mappingSettingsSchema.safeParse({
      payments: { collection: { reminderDays: [7, 3], ownerTaskAfterFailedAttempts: 3, escalationDay: 30 } },
    });
    expect(result.error?.issues[0]?.path).toEqual(['payments', 'collection', 'reminderDays']);
  });
});
