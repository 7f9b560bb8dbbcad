import fc from 'fast-check';
import {
  organisationErrors,
  routeDeal,
  routingFields,
  type DealRouting,
  type RoutingRule,
} from '../../../workflows/domain/dealRouting';
import { dealRoutingSchema } from '../../../workflows/domain/mappingSettings';

const UK = 'tenant-uk';
const AU = 'tenant-au';
const NZ = 'tenant-nz';
const routing = (input: Partial<DealRouting>): DealRouting => dealRoutingSchema.parse(input);
const deal = (currency: string | null, fields: Record<string, string | null> = {}) => ({ currency, fields });

describe('routeDeal', () => {
  const rules: RoutingRule[] = [
    { when: { currency: 'AUD' }, xeroTenantId: AU },
    { when: { field: 'business_unit', equals: 'NZ' }, xeroTenantId: NZ },
    { when: { currency: 'NZD' }, xeroTenantId: AU },
  ];
  const all = [UK, AU, NZ];

  it('takes the first rule that matches, in order', () => {
    expect(routeDeal(deal('AUD', { business_unit: 'NZ' }), routing({ rules }), all)).toEqual({
      kind: 'routed',
      xeroTenantId: AU,
      because: 'rule 1: currency is AUD',
    });
    expect(routeDeal(deal('NZD', { business_unit: 'NZ' }), routing({ rules }), all)).toMatchObject({
      xeroTenantId: NZ,
      because: 'rule 2: business_unit is "NZ"',
    });
    expect(routeDeal(deal('nzd'), routing({ rules }), all)).toMatchObject({ xeroTenantId: AU });
  });

  it('falls back on the default organisation when no rule matches', () => {
    expect(routeDeal(deal('GBP'), routing({ rules, defaultXeroTenantId: UK }), all)).toEqual({
      kind: 'routed',
      xeroTenantId: UK,
      because: 'no rule matched: the default organisation',
    });
    expect(routeDeal(deal(null), routing({ rules, defaultXeroTenantId: UK }), all)).toMatchObject({
      xeroTenantId: UK,
    });
  });

  it('never guesses: no match and no default is a problem naming what the deal carries', () => {
    const route = routeDeal(deal('GBP', { business_unit: 'UK' }), routing({ rules }), all);
    expect(route).toEqual({
      kind: 'unrouted',
      problem: expect.stringContaining(
        'No routing rule in the mapping settings matches this deal (currency GBP, business_unit "UK")',
      ),
    });
    // Several organisations and no routing at all: still nothing chosen.
    expect(routeDeal(deal('GBP'), routing({}), all).kind).toBe('unrouted');
  });

  it('an installation with one organisation and no routing invoices there', () => {
    expect(routeDeal(deal('GBP'), routing({}), [UK])).toEqual({
      kind: 'routed',
      xeroTenantId: UK,
      because: 'the only Xero organisation of the installation',
    });
    expect(routeDeal(deal('GBP'), routing({}), [])).toEqual({
      kind: 'unrouted',
      problem: expect.stringContaining('No Xero organisation is connected'),
    });
  });

  it('a rule pointing at an organisation no longer connected is a problem, not a reason to try the next', () => {
    const route = routeDeal(deal('AUD'), routing({ rules, defaultXeroTenantId: UK }), [UK, NZ]);
    expect(route).toEqual({
      kind: 'unrouted',
      problem: expect.stringContaining(`to Xero organisation ${AU}, which is not connected`),
    });
  });

  it('lists the CRM fields the rules read, once each', () => {
    expect(
      routingFields(
        routing({ rules: [...rules, { when: { field: 'business_unit', equals: 'AU' }, xeroTenantId: AU }] }),
      ),
    ).toEqual(['business_unit']);
  });
});

describe('routeDeal, for any deal and routing', () => {
  const tenant = fc.constantFrom(UK, AU, NZ, 'tenant-gone');
  const currency = fc.constantFrom('GBP', 'AUD', 'NZD', 'USD');
  const value = fc.constantFrom('UK', 'AU', 'NZ');
  const rule: fc.Arbitrary<RoutingRule> = fc.oneof(
    fc.record({ when: fc.record({ currency }), xeroTenantId: tenant }),
    fc.record({
      when: fc.record({ field: fc.constantFrom('business_unit', 'region'), equals: value }),
      xeroTenantId: tenant,
    }),
  );
  const routingArb = fc.record({
    rules: fc.array(rule, { maxLength: 6 }),
    defaultXeroTenantId: fc.option(tenant, { nil: null }),
  });
  const dealArb: fc.Arbitrary<{ currency: string | null; fields: Record<string, string | null> }> = fc.record(
    {
      currency: fc.option(currency, { nil: null }),
      fields: fc.record({
        business_unit: fc.option(value, { nil: null }),
        region: fc.option(value, { nil: null }),
      }),
    },
  );
  const connectedArb = fc.subarray([UK, AU, NZ]);

  it('chooses exactly one connected organisation or says why not, the same every time', () => {
    fc.assert(
      fc.property(dealArb, routingArb, connectedArb, (d, r, connected) => {
        const route = routeDeal(d, r, connected);
        expect(routeDeal(d, r, connected)).toEqual(route);
        if (route.kind === 'routed') expect(connected).toContain(route.xeroTenantId);
        else expect(route.problem.length).toBeGreaterThan(0);
      }),
    );
  });

  it('obeys the first matching rule, else the default, and never another organisation', () => {
    fc.assert(
      fc.property(dealArb, routingArb, connectedArb, (d, r, connected) => {
        const first = r.rules.find((x) =>
          'currency' in x.when ? x.when.currency === d.currency : d.fields[x.when.field] === x.when.equals,
        );
        const intended =
          first?.xeroTenantId ??
          r.defaultXeroTenantId ??
          (r.rules.length === 0 && connected.length === 1 ? connected[0] : undefined);
        const route = routeDeal(d, r, connected);
        if (intended && connected.includes(intended))
          expect(route).toMatchObject({ kind: 'routed', xeroTenantId: intended });
        else expect(route.kind).toBe('unrouted');
      }),
    );
  });
});

describe('organisationErrors', () => {
  it("names each organisation that is not the installation's, and each routing target not connected", () => {
    const settings = {
      organisations: { [UK]: {} as never, [NZ]: {} as never },
      routing: routing({
        rules: [
          { when: { currency: 'AUD' }, xeroTenantId: AU },
          { when: { currency: 'GBP' }, xeroTenantId: UK },
        ],
        defaultXeroTenantId: NZ,
      }),
    };
    expect(organisationErrors(settings, { known: [UK, AU], connected: [UK] })).toEqual({
      [`organisations.${NZ}`]: `Xero organisation ${NZ} is not connected to this installation`,
      'routing.rules.0.xeroTenantId': `Xero organisation ${AU} is not connected to this installation`,
      'routing.defaultXeroTenantId': `Xero organisation ${NZ} is not connected to this installation`,
    });
    expect(organisationErrors(settings, { known: [UK, AU, NZ], connected: [UK, AU, NZ] })).toEqual({});
  });
});
