import { deliverySettingsSchema } from '../../../workflows/domain/delivery/deliverySettings';
import { wantsDelivery } from '../../../worker/delivery/startInvoiceDelivery';

describe('wantsDelivery', () => {
  const sending = deliverySettingsSchema.parse({ sender: 'ledgerbridge' });
  const filing = deliverySettingsSchema.parse({ fileInCrm: true });
  const off = deliverySettingsSchema.parse({});

  it('hands approved sales invoices over when the installation sends or files', () => {
    for (const status of ['SUBMITTED', 'AUTHORISED', 'PAID'] as const)
      expect([
        wantsDelivery({ type: 'ACCREC', status }, sending),
        wantsDelivery({ type: 'ACCREC', status }, filing),
      ]).toEqual([true, true]);
  });

  it('leaves drafts, voided invoices, bills, and installations that do neither', () => {
    expect(wantsDelivery({ type: 'ACCREC', status: 'DRAFT' }, sending)).toBe(false);
    expect(wantsDelivery({ type: 'ACCREC', status: 'VOIDED' }, sending)).toBe(false);
    expect(wantsDelivery({ type: 'ACCPAY', status: 'AUTHORISED' }, sending)).toBe(false);
    expect(wantsDelivery({ type: 'ACCREC', status: 'AUTHORISED' }, off)).toBe(false);
  });
});
