import type { ZohoClient } from '../../../../worker/connectors/zoho/zohoClient';
import {
  LEDGERBRIDGE_CUSTOM_FIELDS,
  missingLedgerbridgeFields,
} from '../../../../worker/connectors/zoho/zohoSchema';
import type { ZohoField } from '../../../../worker/connectors/zoho/zohoSchemas';

describe('missingLedgerbridgeFields', () => {
  it('names the fields absent, of another type, or without the unique values a link needs', async () => {
    const asZoho = (module: 'Accounts' | 'Deals'): ZohoField[] =>
      LEDGERBRIDGE_CUSTOM_FIELDS[module].map((f) => ({
        api_name: f.apiName,
        data_type: f.dataType,
        unique: f.unique ? { casesensitive: 'false' } : {},
      }));
    const accounts = asZoho('Accounts')
      .filter((f) => f.api_name !== 'Xero_Overdue_Amount')
      .map((f) => (f.api_name === 'Xero_Contact_ID' ? { ...f, unique: {} } : f));
    const deals = asZoho('Deals').map((f) =>
      f.api_name === 'Xero_Due_Date' ? { ...f, data_type: 'text' } : f,
    );
    const client = { fields: (m: string) => Promise.resolve(m === 'Accounts' ? accounts : deals) };
    expect(await missingLedgerbridgeFields(client as unknown as ZohoClient)).toEqual([
      'Accounts.Xero_Contact_ID (needs unique values)',
      'Accounts.Xero_Overdue_Amount (absent)',
      'Deals.Xero_Due_Date (is text, needs date)',
    ]);
  });
});
