/** A string literal for SOQL: backslash and quote escaped (SOQL and SOSL Reference, "Quoted String Escape Sequences"). */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A LIKE pattern matching the value anywhere, with the LIKE wildcards in it escaped. */
export function soqlContains(value: string): string {
  return soqlString(`%${value.replace(/[%_]/g, (c) => `\\${c}`)}%`);
}
