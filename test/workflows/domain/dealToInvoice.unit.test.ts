import type { CrmDeal } from '../../../workflows/domain/crmDeal';
import { planAmendment, planDealInvoice } from '../../../workflows/domain/dealToInvoice';
import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';

const org = { baseCurrency: 'USD', currencies: ['USD', 'EUR', 'GBP'] };
const deal: CrmDeal = {
  crm: 'salesforce',
  dealId: '006000000000001AAA',
  name: 'Acme renewal',
  isWon: true,
  amount: 1000,
  currency: 'GBP',
  closeDate: '2026-11-30',
  version: '2026-11-23T10:00:00.000+0000',
  ownerId: '005000000000001AAA',
  xeroInvoiceId: null,
  discountApproved: false,
  syncProblem: null,
  lines: [
    { productCode: 'LIC', description: 'Licence', quantity: 2, unitPrice: 400, taxCode: 'VAT20' },
    { description: 'Setup', quantity: 1, unitPrice: 250, discountPercent: 20 },
  ],
  account: { crmId: '001000000000001AAA', name: 'Acme', xeroContactId: null, email: null },
};

describe('planDealInvoice', () => {
  const settings = mappingSettingsSchema.parse({
    items: { LIC: { itemCode: 'LICENCE', accountCode: '260' } },
    taxRates: { VAT20: 'OUTPUT2' },
    paymentTermsDays: 14,
  });

  it('maps lines, tax, items, currency, dates and reference', () => {
    const plan = planDealInvoice(deal, settings, org);
    expect(plan).toMatchObject({
      kind: 'create',
      draft: {
        status: 'AUTHORISED',
        date: '2026-11-30',
        dueDate: '2026-12-14',
        currency: 'GBP',
        reference: 'Acme renewal',
        subTotalCents: 80_000 + 20_000,
        lines: [
          {
            description: 'Licence',
            quantity: 2,
            unitAmount: 400,
            itemCode: 'LICENCE',
            accountCode: '260',
            taxType: 'OUTPUT2',
          },
          { description: 'Setup', quantity: 1, unitAmount: 250, discountRate: 20, accountCode: '200' },
        ],
      },
    });
  });

  it('maps CRM currency codes and refuses currencies the Xero org lacks', () => {
    const mapped = mappingSettingsSchema.parse({ currencies: { crmToXero: { GBX: 'GBP' } } });
    expect(planDealInvoice({ ...deal, lines: [], currency: 'GBX' }, mapped, org)).toMatchObject({
      kind: 'create',
      draft: { currency: 'GBP', lines: [{ description: 'Acme renewal', quantity: 1, unitAmount: 1000 }] },
    });
    expect(planDealInvoice({ ...deal, currency: 'JPY' }, settings, org)).toEqual({
      kind: 'invalid',
      problems: ['Currency JPY is not enabled in the Xero organisation.'],
    });
  });

  it('lists every problem at once and plans no invoice', () => {
    const strict = mappingSettingsSchema.parse({ requireDiscountApproval: true });
    const plan = planDealInvoice({ ...deal, closeDate: null, account: null }, strict, org);
    expect(plan.kind).toBe('invalid');
    expect(plan.kind === 'invalid' && plan.problems).toEqual([
      'The deal has no close date (it becomes the invoice date).',
      'The deal has no account / company to invoice.',
      'Line 1 (Licence): tax code VAT20 has no Xero tax rate in the settings.',
      'The deal has a discount that has not been approved.',
    ]);
  });

  it('does nothing for a deal that is not won', () => {
    expect(planDealInvoice({ ...deal, isWon: false }, settings, org)).toEqual({ kind: 'not_won' });
  });

  it("plans the same invoice whatever the deal's version: the invoice's keys come from its intent", () => {
    const later = planDealInvoice({ ...deal, version: '2026-11-24T08:00:00.000+0000' }, settings, org);
    expect(later).toEqual(planDealInvoice(deal, settings, org));
    expect(JSON.stringify(later)).not.toContain('2026-11-24T08');
  });
});

describe('planAmendment', () => {
  const plan = planDealInvoice(deal, mappingSettingsSchema.parse({ taxRates: { VAT20: 'OUTPUT' } }), org);
  const draft = plan.kind === 'create' ? plan.draft : undefined;
  const invoice = { status: 'AUTHORISED' as const, subTotal: 1000, currency: 'GBP', number: 'INV-0042' };

  it('updates a draft invoice, leaves an equal one, and flags an authorised one for finance', () => {
    if (!draft) throw new Error('expected a draft');
    expect(planAmendment(invoice, draft, 'update_draft_else_flag')).toEqual({ kind: 'unchanged' });
    expect(
      planAmendment({ ...invoice, status: 'DRAFT', subTotal: 900 }, draft, 'update_draft_else_flag'),
    ).toEqual({
      kind: 'update_draft',
    });
    const flagged = planAmendment({ ...invoice, subTotal: 900 }, draft, 'update_draft_else_flag');
    expect(flagged.kind === 'flag' && flagged.reason).toContain('INV-0042');
  });
});
