import type { PathErrors } from './formText';
import { PAYMENT_FIELD_BY_PATH } from './paymentsForm';
import { DELIVERY_FIELD_BY_PATH } from './deliveryForm';

const FIELD_BY_PATH: Array<[prefix: string, field: string]> = [
  ['invoiceRules.types', 'invoiceTypes'],
  ['invoiceRules.statuses', 'invoiceStatuses'],
  ['invoiceRules.minAmount', 'minAmount'],
  ['invoiceRules.contactGroups', 'contactGroups'],
  ['currencies.allowed', 'allowedCurrencies'],
  ['currencies.crmToXero', 'currencyMap'],
  ['shadowMode.xeroToCrm', 'shadowXeroToCrm'],
  ['shadowMode.crmToXero', 'shadowCrmToXero'],
  ['routing.rules', 'routingRules'],
  ['routing.defaultXeroTenantId', 'defaultOrganisation'],
  ...PAYMENT_FIELD_BY_PATH,
  ...DELIVERY_FIELD_BY_PATH,
];

/** Within `organisations.<tenant>`: the shown organisation's inputs. */
const ORGANISATION_FIELD_BY_PATH: Array<[prefix: string, field: string]> = [
  ['trackingOption.category', 'trackingCategory'],
  ['trackingOption', 'trackingOption'],
  ['taxRates', 'taxRates'],
  ['items', 'items'],
  ['defaultAccountCode', 'defaultAccountCode'],
];

function matchField(
  table: Array<[prefix: string, field: string]>,
  path: string,
  message: string,
  entryWord: string,
): [field: string, message: string] | undefined {
  const match = table.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
  if (!match) return undefined;
  const [prefix, field] = match;
  const rest = path.slice(prefix.length + 1);
  const [first = '', ...more] = rest.split('.');
  const label = `${entryWord} ${Number(first) + 1}`;
  const entry = /^\d+$/.test(first) ? (more.length ? `${label} (${more.join('.')})` : label) : rest;
  return [field, entry ? `${entry}: ${message}` : message];
}

/**
 * The form field an error belongs next to, with its message: `stageByStatus.PAID` → `stage.PAID`,
 * a mapping's entry (`currencies.allowed.1`) → its input with the entry named, the shown
 * organisation's parts → their inputs, another organisation's → the organisation picker, named.
 */
export function fieldOfError(
  path: string,
  message: string,
  shown: string,
  nameOf: (tenantId: string) => string,
): [field: string, message: string] {
  if (path.startsWith('stageByStatus.')) return [`stage.${path.slice('stageByStatus.'.length)}`, message];
  if (path.startsWith('organisations.')) {
    const [, id = '', ...rest] = path.split('.');
    const inside = rest.join('.');
    const own =
      id === shown && inside ? matchField(ORGANISATION_FIELD_BY_PATH, inside, message, 'entry') : undefined;
    return own ?? ['organisation', `${nameOf(id)}: ${inside ? `${inside}: ` : ''}${message}`];
  }
  if (path.startsWith('routing.rules'))
    return matchField(FIELD_BY_PATH, path, message, 'rule') ?? [path, message];
  return matchField(FIELD_BY_PATH, path, message, 'entry') ?? [path, message];
}

/** Each form field's first error, for the errors found by path. */
export function errorsByField(
  pathErrors: PathErrors,
  shown: string,
  nameOf: (tenantId: string) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(pathErrors)) {
    const [field, text] = fieldOfError(path, message, shown, nameOf);
    out[field] ??= text;
  }
  return out;
}
