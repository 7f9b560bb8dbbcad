import { Checker, isObject, type Json } from './settingsChecker';

const CURRENCY = /^[A-Z]{3}$/;
export const CURRENCY_MESSAGE = 'must be a three-letter ISO 4217 code such as USD';
const ORGANISATION_KEYS = ['taxRates', 'items', 'defaultAccountCode', 'trackingOption'] as const;

/** A currency code: text, then the ISO pattern (a pattern miss does not abort). */
export function checkCurrency(c: Checker, value: unknown, path: string): void {
  if (c.text(value, path) !== undefined && !CURRENCY.test(String(value))) c.check(path, CURRENCY_MESSAGE);
}

/** One Xero organisation's own parts (a strict group): tax rates, items, account code, tracking. */
function checkOrganisation(c: Checker, value: unknown, at: string): void {
  if (!isObject(value)) return c.typeError(at, 'must be a group of settings');
  c.record(value.taxRates, `${at}.taxRates`, (_key, taxType, path) => void c.text(taxType, path));
  c.record(value.items, `${at}.items`, (_key, item, path) => {
    if (!isObject(item)) return c.typeError(path, 'must name an account code');
    if (item.itemCode !== undefined) c.text(item.itemCode, `${path}.itemCode`);
    c.text(item.accountCode, `${path}.accountCode`);
  });
  if (value.defaultAccountCode !== undefined) c.text(value.defaultAccountCode, `${at}.defaultAccountCode`);
  const tracking = value.trackingOption;
  if (tracking !== undefined) {
    if (!isObject(tracking)) c.typeError(`${at}.trackingOption`, 'must be a category and an option');
    else {
      c.text(tracking.category, `${at}.trackingOption.category`);
      c.text(tracking.option, `${at}.trackingOption.option`);
    }
  }
  c.strict(value, ORGANISATION_KEYS, at);
}

export function checkOrganisations(c: Checker, value: unknown): void {
  c.record(value, 'organisations', (_tenant, own, at) => checkOrganisation(c, own, at));
}

/**
 * A rule's condition is one of two strict groups, `{ currency }` or `{ field, equals }`. As zod's
 * union: a group that fits wins; else the one whose only faults are minor speaks; else both fail.
 */
function checkCondition(c: Checker, when: unknown, at: string): void {
  const byCurrency = new Checker();
  const byField = new Checker();
  if (isObject(when)) {
    checkCurrency(byCurrency, when.currency, `${at}.currency`);
    byCurrency.strict(when, ['currency'], at);
    byField.text(when.field, `${at}.field`, 'name the CRM field');
    byField.text(when.equals, `${at}.equals`);
    byField.strict(when, ['field', 'equals'], at);
  }
  const options = [byCurrency, byField];
  if (isObject(when) && options.some((o) => o.issues.length === 0)) return;
  const minor = options.filter((o) => !o.aborted);
  if (minor.length === 1) c.issues.push(...(minor[0]?.issues ?? []));
  else c.typeError(at, 'must be a currency, or a CRM field and its value');
}

/** Which organisation invoices a won deal: rules in order, then a default (or none). */
export function checkRouting(c: Checker, value: unknown): void {
  const routing = c.object(value, 'routing');
  if (!routing) return;
  const tenant = (v: unknown, path: string) => void c.text(v, path, 'choose a Xero organisation');
  if (routing.rules !== undefined) {
    if (!Array.isArray(routing.rules)) c.typeError('routing.rules', 'must be a list');
    else
      routing.rules.forEach((rule: unknown, i) => {
        const at = `routing.rules.${i}`;
        if (!isObject(rule)) return c.typeError(at, 'must be a rule');
        checkCondition(c, (rule as Json).when, `${at}.when`);
        tenant(rule.xeroTenantId, `${at}.xeroTenantId`);
      });
  }
  if (routing.defaultXeroTenantId !== undefined && routing.defaultXeroTenantId !== null)
    tenant(routing.defaultXeroTenantId, 'routing.defaultXeroTenantId');
}
