/**
 * Stripe states amounts in a currency's minor unit (cents; yen for JPY; fils for KWD); Xero in decimals.
 * Comparing them needs the currency's exponent, and a wrong exponent turns one amount into another,
 * so a currency whose Stripe representation is a special case gives no exponent: callers then refuse
 * to compare amounts rather than guess.
 */

/** Stripe's zero-decimal currencies (docs.stripe.com/currencies#zero-decimal). */
const ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF VND VUV XAF XOF XPF'.split(' '));
/** Stripe's three-decimal currencies. */
const THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));
/**
 * Stripe's special cases: zero-decimal currencies it represents with two decimals for backwards
 * compatibility, or whose charges must be whole units. Not compared by amount.
 */
const SPECIAL_CASES = new Set('ISK HUF TWD UGX'.split(' '));

/** Digits after the decimal point in Stripe's integer amounts, or undefined when it is a special case. */
export function minorUnitExponent(currency: string): number | undefined {
  const code = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || SPECIAL_CASES.has(code)) return undefined;
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** A Xero decimal amount in Stripe's minor units, or undefined when the currency is not compared. */
export function xeroAmountToMinor(amount: number, currency: string): number | undefined {
  const exponent = minorUnitExponent(currency);
  if (exponent === undefined) return undefined;
  // Round the product, not the amount: 19.99 * 100 is 1998.9999999999998.
  return Math.round(amount * 10 ** exponent);
}

/** Stripe sends `usd`, Xero `USD`. */
export function sameCurrency(stripeCurrency: string, xeroCurrency: string): boolean {
  return stripeCurrency.toUpperCase() === xeroCurrency.toUpperCase();
}

/** Stripe's integer amount in major units (the CRMs' money), two decimals where the currency is a special case. */
export function minorToMajor(amount: number, currency: string): number {
  const exponent = minorUnitExponent(currency) ?? 2;
  return Math.round(amount) / 10 ** exponent;
}
