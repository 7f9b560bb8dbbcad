import { normalizeId } from '../../../sandbox/salesforce/ids';
import { canonicalSalesforceId } from '../../../worker/alignment/salesforceRecordId';

describe('canonicalSalesforceId', () => {
  const ids = ['001Hs00002abcdeIAA', '001000000000001AAA', '0018b00002ZzYyXxAB'].map(
    (id) => normalizeId(id) ?? '',
  );

  it('gives the 18-character ID for the 15-character form and for any casing of the 18', () => {
    for (const id of ids) {
      expect(canonicalSalesforceId(id)).toBe(id);
      expect(canonicalSalesforceId(id.slice(0, 15))).toBe(id);
      expect(canonicalSalesforceId(id.toLowerCase())).toBe(id);
    }
  });

  it('refuses what is not an ID', () => {
    for (const value of ['001', '001Hs00002abcde!', '18446744', '001Hs00002abcdeI9Z'])
      expect(canonicalSalesforceId(value)).toBeUndefined();
  });
});
