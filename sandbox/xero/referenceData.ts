import type { TrackingRef } from './model';

/**
 * The reference data every sandbox organisation has: enabled currencies, tax rates, a chart of
 * accounts, items and tracking categories. Values follow a Xero demo company (Global edition).
 */
export const CURRENCIES = [
  { Code: 'USD', Description: 'United States Dollar' },
  { Code: 'EUR', Description: 'Euro' },
  { Code: 'GBP', Description: 'British Pound' },
  { Code: 'AUD', Description: 'Australian Dollar' },
  { Code: 'NZD', Description: 'New Zealand Dollar' },
];

export interface TaxRateData {
  Name: string;
  TaxType: string;
  EffectiveRate: number;
}

export const TAX_RATES: TaxRateData[] = [
  { Name: 'Tax on Sales', TaxType: 'OUTPUT', EffectiveRate: 10 },
  { Name: 'Tax on Purchases', TaxType: 'INPUT', EffectiveRate: 10 },
  { Name: 'Tax Exempt', TaxType: 'NONE', EffectiveRate: 0 },
  { Name: 'Reduced Rate Sales', TaxType: 'OUTPUT2', EffectiveRate: 5 },
];

export const ACCOUNTS = [
  {
    AccountID: 'a1f0e2b4-0000-4000-8000-000000000200',
    Code: '200',
    Name: 'Sales',
    Type: 'REVENUE',
    Class: 'REVENUE',
    TaxType: 'OUTPUT',
  },
  {
    AccountID: 'a1f0e2b4-0000-4000-8000-000000000260',
    Code: '260',
    Name: 'Other Revenue',
    Type: 'REVENUE',
    Class: 'REVENUE',
    TaxType: 'OUTPUT',
  },
  {
    AccountID: 'a1f0e2b4-0000-4000-8000-000000000400',
    Code: '400',
    Name: 'Advertising',
    Type: 'EXPENSE',
    Class: 'EXPENSE',
    TaxType: 'INPUT',
  },
  {
    AccountID: 'a1f0e2b4-0000-4000-8000-000000000090',
    Code: '090',
    Name: 'Business Bank Account',
    Type: 'BANK',
    Class: 'ASSET',
    TaxType: 'NONE',
    EnablePaymentsToAccount: true,
    BankAccountType: 'BANK',
    BankAccountNumber: '0123456789',
  },
];

export const ITEMS = [
  {
    ItemID: 'b2e1d3c5-0000-4000-8000-000000000001',
    Code: 'CONSULT',
    Name: 'Consulting hour',
    Description: 'Consulting, per hour',
    IsSold: true,
    IsPurchased: false,
    SalesDetails: { UnitPrice: 150, AccountCode: '200', TaxType: 'OUTPUT' },
  },
  {
    ItemID: 'b2e1d3c5-0000-4000-8000-000000000002',
    Code: 'LICENCE',
    Name: 'Annual licence',
    Description: 'Software licence, 12 months',
    IsSold: true,
    IsPurchased: false,
    SalesDetails: { UnitPrice: 1200, AccountCode: '200', TaxType: 'OUTPUT' },
  },
  {
    ItemID: 'b2e1d3c5-0000-4000-8000-000000000003',
    Code: 'SUPPORT',
    Name: 'Support plan',
    Description: 'Premium support, monthly',
    IsSold: true,
    IsPurchased: false,
    SalesDetails: { UnitPrice: 99, AccountCode: '260', TaxType: 'OUTPUT2' },
  },
];

export const TRACKING_CATEGORIES = [
  {
    TrackingCategoryID: 'c3d2e4f6-0000-4000-8000-000000000001',
    Name: 'Region',
    Status: 'ACTIVE',
    Options: [
      { TrackingOptionID: 'c3d2e4f6-0000-4000-8000-000000000011', Name: 'North', Status: 'ACTIVE' },
      { TrackingOptionID: 'c3d2e4f6-0000-4000-8000-000000000012', Name: 'South', Status: 'ACTIVE' },
    ],
  },
  {
    TrackingCategoryID: 'c3d2e4f6-0000-4000-8000-000000000002',
    Name: 'Department',
    Status: 'ACTIVE',
    Options: [
      { TrackingOptionID: 'c3d2e4f6-0000-4000-8000-000000000021', Name: 'Sales', Status: 'ACTIVE' },
      { TrackingOptionID: 'c3d2e4f6-0000-4000-8000-000000000022', Name: 'Services', Status: 'ACTIVE' },
    ],
  },
];

export const CONTACT_GROUPS = ['VIP', 'Trade', 'Wholesale'];

export function taxRateOf(taxType: string | undefined): number | undefined {
  if (taxType === undefined) return TAX_RATES.find((t) => t.TaxType === 'OUTPUT')?.EffectiveRate;
  return TAX_RATES.find((t) => t.TaxType === taxType)?.EffectiveRate;
}

/** One shared record per tracking option; line items point at these instead of copying them. */
export const TRACKING_REFS: readonly (readonly TrackingRef[])[] = TRACKING_CATEGORIES.map((cat) =>
  cat.Options.map((opt) => ({
    categoryId: cat.TrackingCategoryID,
    optionId: opt.TrackingOptionID,
    name: cat.Name,
    option: opt.Name,
  })),
);

export function findTrackingOption(category: string, option: string): TrackingRef | undefined {
  return TRACKING_REFS.flat().find((t) => t.name === category && t.option === option);
}

/** Units of each currency per US dollar (the demo organisation's base currency): Xero's CurrencyRate. */
export const CURRENCY_RATES: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 0.92,
  GBP: 0.79,
  AUD: 1.52,
  NZD: 1.68,
};
