import { mappingSettingsErrors, mappingSettingsSchema } from '../../workflows/domain/mappingSettings';
import { validateMappingSettings } from '../../force-app/main/default/lwc/ledgerbridgeSettingsRules/ledgerbridgeSettingsRules';

/**
 * The Salesforce app page validates mapping settings with its own TypeScript restatement of the
 * schema (zod cannot run there). It must agree with mappingSettingsSchema: valid for the same
 * inputs, the same field paths in error otherwise, and the schema's own message wherever the schema
 * words one (the others are the form's wording of a type error).
 */
const SCHEMA_MESSAGES = [
  'choose at least one invoice type',
  'choose at least one status',
  'must be zero or more',
  'must name a stage',
  'must be a three-letter ISO 4217 code such as USD',
  'must be at most 365 days',
  'must be at least 1',
];
const isSchemaMessage = (m: string) => SCHEMA_MESSAGES.includes(m) || m.startsWith('needs a stage: ');

function expectAgreement(input: unknown): void {
  const zod = mappingSettingsErrors(input);
  const form = validateMappingSettings(input);
  expect(mappingSettingsSchema.safeParse(input).success).toBe(Object.keys(form).length === 0);
  expect(Object.keys(form).sort()).toEqual(Object.keys(zod).sort());
  for (const [path, message] of Object.entries(zod))
    if (isSchemaMessage(message)) expect([path, form[path]]).toEqual([path, message]);
}

const valid: Array<[string, unknown]> = [
  ['nothing set: the defaults', {}],
  ['the defaults written out', mappingSettingsSchema.parse({})],
  [
    'an admin’s typical settings',
    {
      contactOwner: 'crm',
      invoiceRules: { types: ['ACCREC', 'ACCPAY'], statuses: ['AUTHORISED', 'PAID'], minAmount: 50 },
      stageByStatus: { AUTHORISED: 'Closed Won', PAID: 'Closed Won' },
      currencies: { allowed: ['EUR', 'USD'], crmToXero: { EURO: 'EUR' } },
      taxRates: { VAT20: 'OUTPUT2' },
      items: { LICENCE: { itemCode: 'LICENCE', accountCode: '260' }, TRAVEL: { accountCode: '493' } },
      defaultAccountCode: '200',
      createInvoiceAs: 'DRAFT',
      paymentTermsDays: 14,
      amendmentPolicy: 'update_draft_else_credit_note',
      paymentFailureTaskThreshold: 2,
      requireDiscountApproval: true,
      shadowMode: { xeroToCrm: true, crmToXero: false },
    },
  ],
  [
    'drafts qualify with a stage for them',
    { invoiceRules: { statuses: ['DRAFT'] }, stageByStatus: { DRAFT: 'Proposal' } },
  ],
  [
    'a tracking option and contact groups',
    { invoiceRules: { contactGroups: ['VIP'], trackingOption: { category: 'Region', option: 'North' } } },
  ],
  ['365 payment days and a zero minimum', { paymentTermsDays: 365, invoiceRules: { minAmount: 0 } }],
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
  ['an empty tax code key and an empty tax type', { taxRates: { '': 'X', A: '' } }],
  ['items without an account code', { items: { A: {}, B: { accountCode: '', itemCode: '' } } }],
  [
    'lower-case currency, empty currency key',
    { currencies: { allowed: ['usd', 'EUR'], crmToXero: { '': 'usd' } } },
  ],
  ['a bad mapped currency', { currencies: { crmToXero: { EURO: 'euro' } } }],
  ['fractional days, zero threshold', { paymentTermsDays: 1.5, paymentFailureTaskThreshold: 0 }],
  ['too many days', { paymentTermsDays: 400 }],
  ['negative days', { paymentTermsDays: -1 }],
  [
    'negative minimum, empty group, half a tracking option',
    { invoiceRules: { minAmount: -1, contactGroups: [''], trackingOption: { category: '', option: '' } } },
  ],
  [
    'a tracking option without its option',
    { ...missingStage, invoiceRules: { trackingOption: { category: 'a' } } },
  ],
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
  ['an invalid key stops the stage rule', { ...missingStage, taxRates: { '': 'X' } }],
  ['a wrong version stops the stage rule', { ...missingStage, version: 2 }],
  ['a regex failure does not stop it', { ...missingStage, currencies: { allowed: ['usd'] } }],
  ['null invoice rules', { ...missingStage, invoiceRules: null }],
  ['null types', { ...missingStage, invoiceRules: { types: null } }],
  ['a stage that is a number', { stageByStatus: { PAID: 5 } }],
  ['an infinite minimum', { invoiceRules: { minAmount: Infinity } }],
];

describe('the Salesforce settings form’s rules agree with mappingSettingsSchema', () => {
  it.each(valid)('valid: %s', (_name, input) => {
    expect(validateMappingSettings(input)).toEqual({});
    expectAgreement(input);
  });

  it.each(invalid)('invalid: %s', (_name, input) => {
    expect(Object.keys(validateMappingSettings(input)).length).toBeGreaterThan(0);
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
      taxRates: [undefined, { VAT: 'OUTPUT2' }, { VAT: '' }, { '': 'OUTPUT2' }],
      items: [undefined, { A: { accountCode: '200' } }, { A: { itemCode: 'I' } }],
      paymentTermsDays: [undefined, 0, 30, 366, 2.5],
      paymentFailureTaskThreshold: [undefined, 1, 0],
      createInvoiceAs: [undefined, 'DRAFT', 'VOIDED'],
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
