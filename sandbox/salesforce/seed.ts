import { z } from 'zod';
import { createRng, pick, uuidFrom } from '../core/random';
import { to18 } from './ids';
import { CURRENCY_CODES, OPPORTUNITY_STAGES } from './schema';
import type { Store } from './store';

/** The package's Closed Won flow's API name. */
export const CLOSED_WON_FLOW = 'Ledgerbridge_Opportunity_Closed_Won';

/**
 * A deterministic org: the Organization (multi-currency: USD corporate, EUR/GBP/AUD), its currency
 * rates, the integration user, accounts with contacts, and opportunities at every stage (Closed Won
 * included) in all four currencies. The same params always give the same records and IDs.
 */
export const salesforceSeedSchema = z.object({
  seed: z.number().int().default(1),
  orgName: z.string().min(1).default('Ledgerbridge Demo Org'),
  username: z.string().min(3).default('integration@ledgerbridge.example'),
  accounts: z.number().int().min(0).max(20_000).default(10),
  contactsPerAccount: z.number().int().min(0).max(10).default(2),
  opportunities: z.number().int().min(0).max(50_000).default(30),
  /** Half the accounts carry a Xero contact ID, as if already linked. */
  linkedAccounts: z.boolean().default(true),
  asOf: z.iso.date().default('2026-11-01'),
  /**
   * The org's ID, 15 or 18 characters (default: the emulator's next). Orgs whose workflow IDs meet on
   * one Temporal server (deal workflow IDs carry the org ID) each need their own.
   */
  orgId: z
    .string()
    .regex(
      /^00D[0-9A-Za-z]{12}([0-9A-Za-z]{3})?$/,
      'a Salesforce org ID starts with 00D and has 15 or 18 characters',
    )
    .optional(),
});

export type SalesforceSeed = z.input<typeof salesforceSeedSchema>;

export interface SeededOrg {
  orgId: string;
  userId: string;
  username: string;
  accountIds: string[];
  contactIds: string[];
  opportunityIds: string[];
}

const RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79, AUD: 1.52 };
const NAMES = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
];
const SUFFIXES = ['Ltd', 'Inc', 'Pty Ltd', 'GmbH', 'LLC'];
const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson'];

export function seedSalesforce(store: Store, input: SalesforceSeed = {}): SeededOrg {
  const params = salesforceSeedSchema.parse(input);
  const rng = createRng(params.seed);
  store.clear();
  const asOf = Date.parse(`${params.asOf}T09:00:00Z`);
  const orgId = params.orgId ? to18(params.orgId.slice(0, 15)) : store.ids.next('00D');
  const userId = store.ids.next('005');
  store.orgId = orgId;
  store.orgCurrency = 'USD';
  const audit = {
    CreatedById: userId,
    LastModifiedById: userId,
    CreatedDate: asOf,
    LastModifiedDate: asOf,
    SystemModstamp: asOf,
  };
  store.insertRaw('Organization', {
    Id: orgId,
    ...audit,
    Name: params.orgName,
    InstanceName: 'SBX1',
    IsSandbox: false,
    TrialExpirationDate: null,
    NamespacePrefix: null,
    OrganizationType: 'Enterprise Edition',
    DefaultLocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    TimeZoneSidKey: 'GMT',
    Country: 'US',
    IsMultiCurrency: true,
  });
  // The package's record-triggered flow, deployed active (a scratch org; see setClosedWonFlowActive).
  store.insertRaw('FlowDefinitionView', {
    ...audit,
    ApiName: CLOSED_WON_FLOW,
    Label: 'Ledgerbridge: Opportunity Closed Won',
    IsActive: true,
    ActiveVersionId: '301000000000001AAA',
    NamespacePrefix: null,
    ProcessType: 'AutoLaunchedFlow',
  });
  const [first, last] = ['Ledgerbridge', 'Integration'];
  store.insertRaw('User', {
    Id: userId,
    ...audit,
    Username: params.username,
    FirstName: first,
    LastName: last,
    Email: params.username,
    Alias: 'lbint',
    IsActive: true,
    UserType: 'Standard',
    TimeZoneSidKey: 'GMT',
    LocaleSidKey: 'en_US',
    LanguageLocaleKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    DefaultCurrencyIsoCode: 'USD',
    CurrencyIsoCode: 'USD',
  });
  for (const code of CURRENCY_CODES)
    store.insertRaw('CurrencyType', {
      ...audit,
      IsoCode: code,
      ConversionRate: RATES[code],
      DecimalPlaces: 2,
      IsActive: true,
      IsCorporate: code === 'USD',
    });

  const common = { ...audit, OwnerId: userId };
  const accountIds: string[] = [];
  const contactIds: string[] = [];
  const accountCurrency: string[] = [];
  for (let i = 0; i < params.accounts; i++) {
    const currency = CURRENCY_CODES[i % CURRENCY_CODES.length] as string;
    const name = `${NAMES[i % NAMES.length] ?? 'Acme'} ${pick(rng, SUFFIXES)}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`;
    const id = store.insertRaw('Account', {
      ...common,
      Name: name,
      Type: 'Customer - Direct',
      BillingCountry: { USD: 'United States', EUR: 'Germany', GBP: 'United Kingdom', AUD: 'Australia' }[
        currency
      ],
      CurrencyIsoCode: currency,
      [store.schema.pkg('Xero_Contact_ID__c')]: params.linkedAccounts && i % 2 === 0 ? uuidFrom(rng) : null,
    });
    accountIds.push(id);
    accountCurrency.push(currency);
    for (let c = 0; c < params.contactsPerAccount; c++) {
      const firstName = pick(rng, FIRST);
      const lastName = pick(rng, LAST);
      contactIds.push(
        store.insertRaw('Contact', {
          ...common,
          AccountId: id,
          FirstName: firstName,
          LastName: lastName,
          Email: `${firstName}.${lastName}.${i}.${c}@example.com`.toLowerCase(),
          CurrencyIsoCode: currency,
          [store.schema.pkg('Xero_Contact_ID__c')]: null,
        }),
      );
    }
  }
  const opportunityIds: string[] = [];
  for (let i = 0; i < params.opportunities && accountIds.length > 0; i++) {
    const stage = OPPORTUNITY_STAGES[i % OPPORTUNITY_STAGES.length] as (typeof OPPORTUNITY_STAGES)[number];
    const a = Math.floor(rng() * accountIds.length);
    const closeOffsetDays = stage.closed ? -Math.floor(rng() * 60) : Math.floor(rng() * 90) + 1;
    opportunityIds.push(
      store.insertRaw('Opportunity', {
        ...common,
        AccountId: accountIds[a],
        Name: `${String(i + 1).padStart(4, '0')} Licence renewal`,
        StageName: stage.value,
        Probability: stage.probability,
        Amount: Math.round((500 + rng() * 49_500) * 100) / 100,
        CloseDate: new Date(asOf + closeOffsetDays * 86_400_000).toISOString().slice(0, 10),
        CurrencyIsoCode: accountCurrency[a],
        [store.schema.pkg('Xero_Invoice_Status__c')]: 'None',
      }),
    );
  }
  store.commit();
  return { orgId, userId, username: params.username, accountIds, contactIds, opportunityIds };
}
