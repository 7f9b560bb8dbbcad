/**
 * SOQL string literals (SOQL and SOSL Reference, "Quoted String Escape Sequences"): a backslash
 * escapes `'` and `\` anywhere, and in a LIKE pattern also `%` and `_`, which then match themselves.
 */
const escapeQuoted = (value: string) => value.replace(/[\\']/g, '\\$&');

/** A string literal for SOQL: backslash and quote escaped. */
export function soqlString(value: string): string {
  return `'${escapeQuoted(value)}'`;
}

/**
 * A LIKE pattern matching the value anywhere. The wildcards in the value are escaped after the
 * quoting, so `\%` reaches Salesforce as "a literal percent sign", not as a literal backslash
 * followed by a wildcard.
 */
export function soqlContains(value: string): string {
  return `'%${escapeQuoted(value).replace(/[%_]/g, '\\$&')}%'`;
}
