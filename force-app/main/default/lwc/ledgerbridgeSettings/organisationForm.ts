import { DEFAULT_ACCOUNT_CODE } from 'c/ledgerbridgeSettingsRules';
import { lines, obj, parseLines, text, type Json, type PathErrors } from './formText';

/**
 * A Xero organisation the page knows: one of the installation's (status from the worker's list of
 * Xero connections); `unlisted` when only the saved settings name it (not the installation's), or
 * `unchecked` when the list could not be had.
 */
export interface Organisation {
  tenantId: string;
  name: string;
  status: 'active' | 'needs_reauth' | 'disconnected' | 'unlisted' | 'unchecked';
}

/** One organisation's own parts as the inputs hold them. */
export interface OrganisationForm {
  taxRates: string;
  items: string;
  defaultAccountCode: string;
  trackingCategory: string;
  trackingOption: string;
}
export const ORGANISATION_FIELDS: ReadonlyArray<keyof OrganisationForm> = [
  'taxRates',
  'items',
  'defaultAccountCode',
  'trackingCategory',
  'trackingOption',
];

export function organisationForm(saved: unknown): OrganisationForm {
  const own = obj(saved);
  const tracking = obj(own.trackingOption);
  return {
    taxRates: lines(obj(own.taxRates), text),
    items: lines(obj(own.items), (item) => {
      const { accountCode, itemCode } = obj(item);
      return itemCode ? `${text(accountCode)}/${text(itemCode)}` : text(accountCode);
    }),
    defaultAccountCode: text(own.defaultAccountCode, DEFAULT_ACCOUNT_CODE),
    trackingCategory: text(tracking.category),
    trackingOption: text(tracking.option),
  };
}

/** The organisation's own settings; unreadable lines reported at `organisations.<tenant>.<field>`. */
export function organisationSettings(form: OrganisationForm, at: string, errors: PathErrors): Json {
  const items = Object.fromEntries(
    Object.entries(parseLines(form.items, `${at}.items`, errors)).map(([code, target]) => {
      const [accountCode = '', itemCode] = target.split('/').map((s) => s.trim());
      return [code, itemCode ? { accountCode, itemCode } : { accountCode }];
    }),
  );
  return {
    taxRates: parseLines(form.taxRates, `${at}.taxRates`, errors),
    items,
    defaultAccountCode: form.defaultAccountCode.trim(),
    ...(form.trackingCategory || form.trackingOption
      ? { trackingOption: { category: form.trackingCategory, option: form.trackingOption } }
      : {}),
  };
}

const nameOf = (id: string, organisations: Organisation[]) =>
  organisations.find((o) => o.tenantId === id)?.name || id;

/** Saved routing rules as lines: `currency AUD => Acme Pty (AU)`, `Business_Unit__c = APAC => …`. */
export function routingRulesText(rules: unknown, organisations: Organisation[]): string {
  return (Array.isArray(rules) ? rules : [])
    .map((rule) => {
      const { when, xeroTenantId } = obj(rule);
      const w = obj(when);
      const condition =
        w.currency !== undefined ? `currency ${text(w.currency)}` : `${text(w.field)} = ${text(w.equals)}`;
      return `${condition} => ${nameOf(text(xeroTenantId), organisations)}`;
    })
    .join('\n');
}

const RULE_SHAPE = 'write currency AUD => ORGANISATION or FIELD = VALUE => ORGANISATION';

/** The rules' lines, each naming its organisation by name or tenant ID; mistakes at `routing.rules`. */
export function parseRoutingRules(value: string, organisations: Organisation[], errors: PathErrors): Json[] {
  const rules: Json[] = [];
  value.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const [when = '', target = '', ...rest] = line.split('=>').map((part) => part.trim());
    const org = organisations.find((o) => o.name === target || o.tenantId === target);
    const currency = /^currency\s+(\S+)$/i.exec(when);
    const field = /^([^=\s]+)\s*=\s*(.+)$/.exec(when);
    if (rest.length > 0 || !target || (!currency && !field))
      errors['routing.rules'] ??= `line ${i + 1}: ${RULE_SHAPE}`;
    else if (!org) errors['routing.rules'] ??= `line ${i + 1}: no Xero organisation is called ${target}`;
    else
      rules.push({
        when: currency
          ? { currency: currency[1]?.toUpperCase() }
          : { field: field?.[1] ?? '', equals: field?.[2]?.trim() ?? '' },
        xeroTenantId: org.tenantId,
      });
  });
  return rules;
}

/**
 * The worker's save-time check (organisationErrors in workflows/domain/dealRouting.ts): settings may
 * name only the installation's organisations, and route deals only to connected ones.
 */
export function organisationErrors(settings: Json, organisations: Organisation[]): PathErrors {
  const errors: PathErrors = {};
  const status = (id: string) => organisations.find((o) => o.tenantId === id)?.status ?? 'unlisted';
  const notConnected = (id: string) => `Xero organisation ${id} is not connected to this installation`;
  for (const id of Object.keys(obj(settings.organisations)))
    if (status(id) === 'unlisted') errors[`organisations.${id}`] = notConnected(id);
  const routing = obj(settings.routing);
  const routable = (id: string) => !['unlisted', 'disconnected'].includes(status(id));
  (Array.isArray(routing.rules) ? routing.rules : []).forEach((rule: unknown, i) => {
    const id = text(obj(rule).xeroTenantId);
    if (!routable(id)) errors[`routing.rules.${i}.xeroTenantId`] = notConnected(id);
  });
  const fallback = text(routing.defaultXeroTenantId);
  if (fallback && !routable(fallback)) errors['routing.defaultXeroTenantId'] = notConnected(fallback);
  return errors;
}
