import {
  installationSettingsErrors,
  installationSettingsSchema,
} from '../../workflows/domain/mappingSettings';
import { validateInstallationSettings } from '../../force-app/main/default/lwc/ledgerbridgeSettingsRules/ledgerbridgeSettingsRules';

/**
 * The Salesforce app page validates an installation's mapping settings with its own TypeScript
 * restatement of the schema (zod cannot run there). It must agree with installationSettingsSchema:
 * valid for the same inputs, the same field paths in error otherwise, and the schema's own message
 * wherever the schema words one (the others are the form's wording of a type error).
 */
const SCHEMA_MESSAGES = [
  'choose at least one invoice type',
  'choose at least one status',
  'must be zero or more',
  'must name a stage',
  'must be a three-letter ISO 4217 code such as USD',
  'must be at most 365 days',
  'must be at least 1',
  'name the CRM field',
  'must not be empty',
  'choose a Xero organisation',
  'must be strictly increasing',
  'must be an IANA time zone such as Europe/London',
  'must be a colour such as #1F6FEB',
  'must be an https URL',
  'must be an e-mail address',
];
const isSchemaMessage = (m: string) => SCHEMA_MESSAGES.includes(m) || m.startsWith('needs a stage: ');

function expectAgreement(input: unknown): void {
  const zod = installationSettingsErrors(input);
  const form = validateInstallationSettings(input);
  expect(installationSettingsSchema.safeParse(input).success).toBe(Object.keys(form).length === 0);
  expect(Object.keys(form).sort()).toEqual(Object.keys(zod).sort());
  for (const [path, message] of Object.entries(zod))
    if (isSchemaMessage(message)) expect([path, form[path]]).toEqual([path, message]);
}

const UK = 'a0000000-0000-4000-8000-00000000000a';
const AU = 'b0000000-0000-4000-8000-00000000000b';
const byCurrency = (currency: unknown, xeroTenantId: unknown = AU) => ({ when: { currency }, xeroTenantId });
const routedBy = (...rules: unknown[]) => ({ routing: { rules } });

const schedule = (
  reminderDays: unknown,
  ownerTaskAfterFailedAttempts: unknown = 3,
  escalationDay: unknown = 30,
) => ({
  reminderDays,
  ownerTaskAfterFailedAttempts,
  escalationDay,
});

const valid: Array<[string, unknown]> = [
  ['nothing set: the defaults', {}],
  ['the defaults written out', installationSettingsSchema.parse({})],
  [
    'an admin’s typical settings for two organisations',
    {
      contactOwner: 'crm',
      invoiceRules: { types: ['ACCREC', 'ACCPAY'], statuses: ['AUTHORISED', 'PAID'], minAmount: 50 },
      stageByStatus: { AUTHORISED: 'Closed Won', PAID: 'Closed Won' },
      currencies: { allowed: ['EUR', 'USD'], crmToXero: { EURO: 'EUR' } },
      createInvoiceAs: 'DRAFT',
      paymentTermsDays: 14,
      amendmentPolicy: 'update_draft_else_credit_note',
      paymentFailureTaskThreshold: 2,
      requireDiscountApproval: true,
      shadowMode: { xeroToCrm: true, crmToXero: false },
      organisations: {
        [UK]: {
          taxRates: { VAT20: 'OUTPUT2' },
          items: { LICENCE: { itemCode: 'LICENCE', accountCode: '260' }, TRAVEL: { accountCode: '493' } },
          defaultAccountCode: '200',
          trackingOption: { category: 'Region', option: 'North' },
        },
        [AU]: { taxRates: { GST: 'OUTPUT' }, defaultAccountCode: '4000' },
      },
      routing: {
        rules: [byCurrency('AUD'), { when: { field: 'Business_Unit__c', equals: 'APAC' }, xeroTenantId: AU }],
        defaultXeroTenantId: UK,
      },
    },
  ],
  [
    'drafts qualify with a stage for them',
    { invoiceRules: { statuses: ['DRAFT'] }, stageByStatus: { DRAFT: 'Proposal' } },
  ],
  ['contact groups', { invoiceRules: { contactGroups: ['VIP'] } }],
  ['a tracking option left under the invoice rules is dropped', { invoiceRules: { trackingOption: 1 } }],
  ['365 payment days and a zero minimum', { paymentTermsDays: 365, invoiceRules: { minAmount: 0 } }],
  ['an organisation with nothing of its own', { organisations: { [UK]: {} } }],
  ['no default organisation', { routing: { rules: [], defaultXeroTenantId: null } }],
  ['unknown routing keys are dropped', { routing: { rules: [{ ...byCurrency('AUD'), note: 1 }], x: 1 } }],
  // Payments (Stripe).
  ['payments with nothing set', { payments: {} }],
  [
    'payments written out',
    {
      payments: {
        recordInXero: true,
        collection: { reminderDays: [0, 3, 10], ownerTaskAfterFailedAttempts: 50, escalationDay: 730 },
        renewalLeadDays: 365,
        timeZone: 'Europe/London',
      },
    },
  ],
  ['no renewal deals, no reminders', { payments: { renewalLeadDays: null, collection: schedule([]) } }],
  ['unknown payments keys are dropped', { payments: { note: 1, collection: { ...schedule([1]), x: 2 } } }],
  // Delivery (issue #23).
  ['delivery with nothing set', { delivery: {} }],
  [
    'delivery written out',
    {
      delivery: {
        sender: 'ledgerbridge',
        reminderDays: [-60, -3, 0, 7, 365],
        fileInCrm: false,
        portalLinkDays: 90,
        brand: {
          name: ' Acme Ltd ',
          colour: '#a1B2c3',
          logoUrl: 'https://cdn.acme.example/logo.png',
          replyTo: 'accounts+ar@acme.example',
        },
      },
    },
  ],
  ['Xero sends, no reminders', { delivery: { sender: 'xero', reminderDays: [], portalLinkDays: 1 } }],
  ['a logo URL with spaces round it', { delivery: { brand: { logoUrl: '  HTTPS://acme.example/l.svg ' } } }],
  ['20 reminders', { delivery: { reminderDays: [...Array(20).keys()] } }],
  ['unknown delivery keys are dropped', { delivery: { note: 1, brand: { font: 'Inter' } } }],
];

const missingStage = { stageByStatus: { PAID: 'Won', AUTHORISED: 'Won' } };
const invalid: Array<[string, unknown]> = [
  ['no invoice type, stages missing', { invoiceRules: { types: [] }, stageByStatus: { PAID: 'Won' } }],
  ['a status without a stage', missingStage],
  ['an unknown status key and an empty stage', { stageByStatus: { FOO: 'x', PAID: '' } }],
  [
    'an empty stage for a qualifying status',
    { stageByStatus: { PAID: 'Won', AUTHORISED: '', VOIDED: 'Lost' } },
  ],
  [
    'lower-case currency, empty currency key',
    { currencies: { allowed: ['usd', 'EUR'], crmToXero: { '': 'usd' } } },
  ],
  ['a bad mapped currency', { currencies: { crmToXero: { EURO: 'euro' } } }],
  ['fractional days, zero threshold', { paymentTermsDays: 1.5, paymentFailureTaskThreshold: 0 }],
  ['too many days', { paymentTermsDays: 400 }],
  ['negative days', { paymentTermsDays: -1 }],
  ['negative minimum, empty group', { invoiceRules: { minAmount: -1, contactGroups: [''] } }],
  [
    'wrong choices everywhere',
    {
      version: 2,
      contactOwner: 'x',
      createInvoiceAs: 'PAID',
      amendmentPolicy: 'x',
      requireDiscountApproval: 'yes',
      shadowMode: { xeroToCrm: 1 },
    },
  ],
  ['unknown type and status', { invoiceRules: { types: ['X'], statuses: ['FOO'] } }],
  ['drafts qualify, no stages at all', { invoiceRules: { statuses: ['DRAFT'] }, stageByStatus: {} }],
  ['not an object', 'not an object'],
  ['a list instead of settings', []],
  ['days as text', { paymentTermsDays: '30' }],
  ['a wrong version stops the stage rule', { ...missingStage, version: 2 }],
  ['a regex failure does not stop it', { ...missingStage, currencies: { allowed: ['usd'] } }],
  ['null invoice rules', { ...missingStage, invoiceRules: null }],
  ['null types', { ...missingStage, invoiceRules: { types: null } }],
  ['a stage that is a number', { stageByStatus: { PAID: 5 } }],
  ['an infinite minimum', { invoiceRules: { minAmount: Infinity } }],
  // The older flat shape: each organisation's parts at the top are refused, not dropped.
  [
    'account codes at the top, as before settings were per installation',
    { taxRates: { VAT20: 'OUTPUT2' }, items: {}, defaultAccountCode: '200' },
  ],
  ['one flat key and a missing stage', { ...missingStage, defaultAccountCode: '200' }],
  // Each organisation's own parts.
  [
    'an empty tax code key and an empty tax type',
    { organisations: { [UK]: { taxRates: { '': 'X', A: '' } } } },
  ],
  [
    'items without an account code',
    { organisations: { [UK]: { items: { A: {}, B: { accountCode: '', itemCode: '' } } } } },
  ],
  [
    'an empty account code, half a tracking option',
    { organisations: { [UK]: { defaultAccountCode: '', trackingOption: { category: '', option: '' } } } },
  ],
  [
    'a tracking option without its option',
    { ...missingStage, organisations: { [UK]: { trackingOption: { category: 'a' } } } },
  ],
  ['a tracking option that is text', { organisations: { [UK]: { trackingOption: 'Region' } } }],
  ['an unknown key in an organisation', { ...missingStage, organisations: { [UK]: { branding: 'x' } } }],
  ['an invalid organisation key stops the stage rule', { ...missingStage, organisations: { '': {} } }],
  ['an organisation that is null', { organisations: { [UK]: null } }],
  ['organisations as a list', { organisations: [] }],
  // Routing.
  ['a lower-case routing currency', { ...missingStage, ...routedBy(byCurrency('aud')) }],
  ['a rule to no organisation', routedBy(byCurrency('AUD', ''))],
  ['a field rule with nothing filled in', routedBy({ when: { field: '', equals: '' }, xeroTenantId: UK })],
  [
    'a field rule without its value',
    { ...missingStage, ...routedBy({ when: { field: 'X' }, xeroTenantId: UK }) },
  ],
  ['a currency rule with a field too', routedBy({ when: { currency: 'AUD', field: 'X' }, xeroTenantId: AU })],
  [
    'a rule fitting both kinds but for extra keys',
    routedBy({ when: { currency: 'AUD', field: 'X', equals: 'Y' }, xeroTenantId: AU }),
  ],
  [
    'a lower-case currency with a field too',
    routedBy({ when: { currency: 'aud', field: 'X' }, xeroTenantId: AU }),
  ],
  ['an empty condition', routedBy({ when: {}, xeroTenantId: AU })],
  ['a condition that is text', routedBy({ when: 'AUD', xeroTenantId: AU })],
  ['a currency that is a number', routedBy(byCurrency(36))],
  ['a rule that is text', routedBy('currency AUD => AU')],
  ['rules that are text', { routing: { rules: 'AUD', defaultXeroTenantId: '' } }],
  ['a default that is a number', { routing: { defaultXeroTenantId: 5 } }],
  ['routing that is null', { ...missingStage, routing: null }],
  // Payments (Stripe).
  ['payments that are null', { payments: null }],
  ['payments as a list', { ...missingStage, payments: [] }],
  ['reminders out of order and past a year', { payments: { collection: schedule([5, 2, 400]) } }],
  ['reminders out of order, a threshold as text', { payments: { collection: schedule([5, 2], 'x') } }],
  ['a fractional reminder, no threshold', { payments: { collection: schedule([5, 2.5], 0) } }],
  ['a schedule with only its days', { ...missingStage, payments: { collection: { reminderDays: [5, 2] } } }],
  ['an empty schedule', { payments: { collection: {} } }],
  ['21 reminders, limits passed', { payments: { collection: schedule([...Array(21).keys()], 51, -1) } }],
  ['reminders as text', { payments: { collection: schedule('1, 7') } }],
  [
    'wrong payments values',
    { payments: { recordInXero: 'yes', renewalLeadDays: 0, timeZone: 'Mars/Base', extra: 1 } },
  ],
  ['a time zone that is a number', { ...missingStage, payments: { timeZone: 5 } }],
  ['fractional lead days, an empty time zone', { payments: { renewalLeadDays: 2.5, timeZone: '' } }],
  [
    'a lead past a year, a bad zone and a missing stage',
    { ...missingStage, payments: { renewalLeadDays: 400, timeZone: 'x' } },
  ],
  ['a flag as text stops the stage rule', { ...missingStage, payments: { recordInXero: 'on' } }],
  [
    'reminders out of order and a missing stage',
    { ...missingStage, payments: { collection: schedule([3, 1]) } },
  ],
  // Delivery (issue #23).
  ['delivery that is null', { delivery: null }],
  ['delivery as a list', { ...missingStage, delivery: [] }],
  ['a sender nobody knows', { delivery: { sender: 'stripe' } }],
  ['reminders out of order, past a year and too early', { delivery: { reminderDays: [3, -61, 400] } }],
  ['a repeated reminder day', { ...missingStage, delivery: { reminderDays: [0, 0] } }],
  ['a fractional reminder stops the order rule', { delivery: { reminderDays: [5, 2.5] } }],
  ['a reminder as text', { ...missingStage, delivery: { reminderDays: [1, '7'] } }],
  ['21 reminders', { delivery: { reminderDays: [...Array(21).keys()] } }],
  ['21 reminders out of order', { delivery: { reminderDays: [...Array(21).keys()].reverse() } }],
  ['reminders as text', { delivery: { reminderDays: '1, 7' } }],
  [
    'wrong delivery values',
    { delivery: { fileInCrm: 'yes', portalLinkDays: 0, brand: { colour: 'blue', replyTo: 'ar@' } } },
  ],
  ['a portal link past 90 days and a missing stage', { ...missingStage, delivery: { portalLinkDays: 91 } }],
  ['fractional portal days', { delivery: { portalLinkDays: 1.5 } }],
  ['a brand that is text', { delivery: { brand: 'Acme' } }],
  ['a blank brand name', { delivery: { brand: { name: '   ' } } }],
  ['a brand name past 100', { ...missingStage, delivery: { brand: { name: 'x'.repeat(101) } } }],
  ['a brand name as a number', { ...missingStage, delivery: { brand: { name: 7 } } }],
  ['an http logo', { ...missingStage, delivery: { brand: { logoUrl: 'http://acme.example/l.png' } } }],
  ['a logo that is not a URL', { delivery: { brand: { logoUrl: 'logo.png' } } }],
  ['a logo as a number, a colour as a number', { delivery: { brand: { logoUrl: 5, colour: 0x1f6feb } } }],
  ['a reply-to as a list', { ...missingStage, delivery: { brand: { replyTo: ['a@b.co'] } } }],
  ['a short colour', { delivery: { brand: { colour: '#1F6' } } }],
];

describe('the Salesforce settings form’s rules agree with installationSettingsSchema', () => {
  it.each(valid)('valid: %s', (_name, input) => {
    expect(validateInstallationSettings(input)).toEqual({});
    expectAgreement(input);
  });

  it.each(invalid)('invalid: %s', (_name, input) => {
    expect(Object.keys(validateInstallationSettings(input)).length).toBeGreaterThan(0);
    expectAgreement(input);
  });

  it('agrees on 500 settings mixed from valid and invalid field values', () => {
    const choices: Record<string, unknown[]> = {
      contactOwner: [undefined, 'xero', 'crm', 'CRM'],
      invoiceRules: [
        undefined,
        { types: ['ACCPAY'] },
        { types: [] },
        { statuses: ['DRAFT', 'PAID'] },
        { statuses: [] },
        { minAmount: -5 },
        { minAmount: 10 },
        { contactGroups: ['', 'VIP'] },
      ],
      stageByStatus: [
        undefined,
        {},
        { PAID: 'Won' },
        { DRAFT: 'Draft', PAID: 'Won', AUTHORISED: 'Won', VOIDED: 'Lost' },
        { PAID: '' },
      ],
      currencies: [undefined, { allowed: ['EUR'] }, { allowed: ['eu'] }, { crmToXero: { X: 'GBP' } }],
      organisations: [
        undefined,
        { [UK]: { taxRates: { VAT: 'OUTPUT2' } } },
        { [UK]: { taxRates: { VAT: '' } } },
        { [UK]: { taxRates: { '': 'OUTPUT2' } }, [AU]: {} },
        { [AU]: { items: { A: { accountCode: '200' } } } },
        { [AU]: { items: { A: { itemCode: 'I' } } } },
        { [UK]: { defaultAccountCode: '' } },
      ],
      routing: [
        undefined,
        routedBy(byCurrency('AUD')).routing,
        routedBy(byCurrency('aud')).routing,
        routedBy({ when: { field: 'BU', equals: '' }, xeroTenantId: UK }).routing,
        { rules: [], defaultXeroTenantId: '' },
        { rules: [], defaultXeroTenantId: AU },
      ],
      taxRates: [undefined, undefined, undefined, { VAT: 'OUTPUT2' }],
      paymentTermsDays: [undefined, 0, 30, 366, 2.5],
      paymentFailureTaskThreshold: [undefined, 1, 0],
      createInvoiceAs: [undefined, 'DRAFT', 'VOIDED'],
      payments: [
        undefined,
        {},
        { recordInXero: true, timeZone: 'America/New_York' },
        { renewalLeadDays: null, collection: schedule([1, 1]) },
        { renewalLeadDays: 0, collection: schedule([2, 1], 0) },
        { collection: schedule([1, 'x']) },
        { timeZone: 'Nowhere' },
      ],
      delivery: [
        undefined,
        {},
        { sender: 'xero', reminderDays: [-5, 0, 10] },
        { sender: 'email', fileInCrm: false },
        { reminderDays: [3, 3], portalLinkDays: 0 },
        { reminderDays: [1, 'x'], brand: { name: '' } },
        { brand: { colour: '#123456', logoUrl: 'https://a.example/x.png', replyTo: 'a@b.co' } },
        { brand: { colour: 'red', logoUrl: 'ftp://a.example/x.png', replyTo: 'nobody' } },
        { portalLinkDays: 2.5, brand: null },
      ],
    };
    let seed = 7;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed);
    for (let n = 0; n < 500; n++) {
      const input: Record<string, unknown> = {};
      for (const [field, values] of Object.entries(choices)) {
        const value = values[next() % values.length];
        if (value !== undefined) input[field] = value;
      }
      expectAgreement(input);
    }
  });
});
