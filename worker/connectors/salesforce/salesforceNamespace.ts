import { PACKAGE_NAMES } from './salesforceSchema';

/**
 * The one mapping between the package's API names as the connector writes them (`Xero_Invoice__c`)
 * and as an org with the package installed managed knows them (`ns__Xero_Invoice__c`). Only the
 * package's own names (salesforceSchema.ts) are prefixed, and their relationship names (`__r`);
 * standard names and the org's own custom fields pass unchanged. Applied to whole request texts
 * (SOQL, URL paths, JSON bodies) on the way out and to response keys on the way back, so no other
 * code knows about namespaces.
 */
export interface NamespaceMapping {
  /** A request's URL or body with every package name prefixed. */
  toOrg(text: string): string;
  /** A response with every prefixed package name (keys, `attributes.type`) back to the plain one. */
  fromOrg<T>(value: T): T;
}

/**
 * An API name: starts after a character that cannot be in one, or after a %XX escape (SOQL inside a
 * URL, encoded), so `Xero_Invoice__c` matches in `FROM%20Xero_Invoice__c` and `ns__Xero_Invoice__c`
 * (already prefixed) or `My_Xero_Invoice__c` do not.
 */
const IDENTIFIER =
  /(?<=^|[^A-Za-z0-9_]|%[0-9A-Fa-f]{2})([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)__([cr])(?![A-Za-z0-9_])/g;

const isPackageName = (base: string, suffix: string) =>
  PACKAGE_NAMES.has(`${base}__c`) || (suffix === 'r' && PACKAGE_RELATIONSHIPS.has(`${base}__r`));

/** Relationship names of the package's lookups (Account__r) and child relationships (Xero_Invoices__r). */
const PACKAGE_RELATIONSHIPS: ReadonlySet<string> = new Set([
  ...[...PACKAGE_NAMES].map((n) => n.replace(/__c$/, '__r')),
  'Xero_Invoices__r',
  'Payments__r',
]);

export function namespaceMapping(namespace: string | undefined): NamespaceMapping | undefined {
  if (!namespace) return undefined;
  const prefix = `${namespace}__`;
  const strip = (name: string): string => {
    if (!name.startsWith(prefix)) return name;
    const plain = name.slice(prefix.length);
    const m = /^(.*)__([cr])$/.exec(plain);
    return m && isPackageName(m[1] ?? '', m[2] ?? '') ? plain : name;
  };
  const fromOrg = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fromOrg);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, v]) => [
        strip(key),
        key === 'type' && typeof v === 'string' ? strip(v) : fromOrg(v),
      ]),
    );
  };
  return {
    toOrg: (text) =>
      text.replace(IDENTIFIER, (whole: string, base: string, suffix: string) =>
        isPackageName(base, suffix) ? `${prefix}${whole}` : whole,
      ),
    fromOrg: <T>(value: T): T => fromOrg(value) as T,
  };
}
