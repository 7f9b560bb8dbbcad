const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/**
 * A Salesforce record ID as the API writes it (18 characters), from the 15-character form people
 * copy out of the browser's address bar or the 18-character one in any casing (spreadsheets
 * change case): the last 3 characters say which of the first 15 are upper case. Undefined when
 * the value is not an ID. So `link 001…` names the record the export listed, however typed.
 */
export function canonicalSalesforceId(value: string): string | undefined {
  if (/^[a-zA-Z0-9]{15}$/.test(value)) return value + suffixOf(value);
  const upper = value.toUpperCase();
  if (!/^[A-Z0-9]{15}[A-Z0-5]{3}$/.test(upper)) return undefined;
  let id15 = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX.indexOf(upper.charAt(15 + chunk));
    for (let i = 0; i < 5; i++) {
      const c = upper.charAt(chunk * 5 + i);
      id15 += bits & (1 << i) ? c : c.toLowerCase();
    }
  }
  return id15 + suffixOf(id15);
}

function suffixOf(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX.charAt(bits);
  }
  return suffix;
}
