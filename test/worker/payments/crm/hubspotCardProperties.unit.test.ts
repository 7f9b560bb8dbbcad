import {
  ORDER_PROPERTIES,
  PAYMENT_PROPERTIES,
  LEDGERBRIDGE_PROPERTIES,
} from '../../../../worker/connectors/hubspot/hubspotSchema';
import { COMPANY_ORDER_PROPERTIES } from '../../../../hubspot-project/src/app/cards/lib/orderProperties';
import {
  COMPANY_FIGURE_PROPERTIES,
  DEAL_PAYMENT_PROPERTIES,
} from '../../../../hubspot-project/src/app/cards/lib/paymentProperties';

/** HubSpot's own deal properties the cards read besides ours. */
const BUILT_IN = new Set(['deal_currency_code']);

/** The cards read exactly the properties the worker creates (a rename on one side fails here). */
describe('HubSpot cards and the payment properties', () => {
  const names = (list: Array<{ name: string }>) => new Set(list.map((p) => p.name));

  it('every deal property the card reads is created by the worker', () => {
    const deals = names(LEDGERBRIDGE_PROPERTIES.deals);
    expect(DEAL_PAYMENT_PROPERTIES.filter((n) => !BUILT_IN.has(n) && !deals.has(n))).toEqual([]);
    // And the card shows every payment property the port writes.
    const shown = new Set<string>(DEAL_PAYMENT_PROPERTIES);
    expect(
      [...names(PAYMENT_PROPERTIES.deals)].filter(
        (n) => !shown.has(n) && !['stripe_subscription_id', 'ledgerbridge_renewal_key'].includes(n),
      ),
    ).toEqual([]);
  });

  it('every company property the card reads is created by the worker, and all of them are shown', () => {
    expect([...COMPANY_FIGURE_PROPERTIES].sort()).toEqual([...names(PAYMENT_PROPERTIES.companies)].sort());
    const companies = names(LEDGERBRIDGE_PROPERTIES.companies);
    expect(COMPANY_FIGURE_PROPERTIES.filter((n) => !companies.has(n))).toEqual([]);
  });

  it('the order lines read exactly the order properties the worker creates (issue #24)', () => {
    expect([...COMPANY_ORDER_PROPERTIES].sort()).toEqual([...names(ORDER_PROPERTIES.companies)].sort());
    const companies = names(LEDGERBRIDGE_PROPERTIES.companies);
    expect(COMPANY_ORDER_PROPERTIES.filter((n) => !companies.has(n))).toEqual([]);
  });

  it('every property has its help text', () => {
    const all = [...PAYMENT_PROPERTIES.deals, ...PAYMENT_PROPERTIES.companies, ...ORDER_PROPERTIES.companies];
    expect(all.filter((p) => !p.description).map((p) => p.name)).toEqual([]);
  });
});
