import { installationSettingsErrors } from '../../../workflows/domain/mappingSettings';
import { refusalStatus } from '../../../worker/activities/settingsRefusal';

/** The refusal a CRM admin reads on the settings record (Worker_Status__c). */
describe('refusalStatus', () => {
  const refuse = (input: unknown) => refusalStatus(installationSettingsErrors(input), input);

  it('names each field and its problem', () => {
    expect(refuse({ invoiceRules: { types: [] }, paymentTermsDays: 400 })).toBe(
      'Refused: invoiceRules.types: choose at least one invoice type; paymentTermsDays: must be at most 365 days',
    );
  });

  it('names the parts of settings saved in the flat shape and says what to do, within the field', () => {
    const status = refuse({
      taxRates: { VAT20: 'OUTPUT2' },
      defaultAccountCode: '200',
      paymentTermsDays: 400,
    });
    expect(status).toBe(
      "Refused: taxRates, defaultAccountCode: now each Xero organisation's own (under organisations.<tenant ID>): open the Ledgerbridge settings page and save again; paymentTermsDays: must be at most 365 days",
    );
    expect(status).not.toContain('Unrecognized');
    expect(refuse({ taxRates: {}, items: {}, defaultAccountCode: '200' }).length).toBeLessThanOrEqual(255);
  });

  it('keeps the schema’s word for other unknown keys', () => {
    expect(refuse({ colour: 'blue' })).toBe('Refused: (settings): Unrecognized key: "colour"');
  });
});
