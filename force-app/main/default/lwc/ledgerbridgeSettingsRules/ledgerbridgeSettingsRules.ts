/**
 * The mapping-settings rules of workflows/domain/mappingSettings.ts (the zod schema the worker
 * applies), restated for the app page, which cannot load zod on the platform. Same fields, same
 * defaults, same paths and the schema's own messages where it has them; a jest test
 * (test/salesforce/settingsRules.unit.test.ts) proves both agree on a table of inputs.
 */
export const INVOICE_TYPES = ['ACCREC', 'ACCPAY'] as const;
export const INVOICE_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'] as const;
export const CONTACT_OWNERS = ['xero', 'crm'] as const;
export const CREATE_INVOICE_AS = ['DRAFT', 'AUTHORISED'] as const;
export const AMENDMENT_POLICIES = ['update_draft_else_credit_note', 'update_draft_else_flag'] as const;
export const DEFAULT_STAGES: Record<string, string> = {
  DRAFT: 'Proposal',
  SUBMITTED: 'Proposal',
  AUTHORISED: 'Closed Won',
  PAID: 'Closed Won',
  VOIDED: 'Closed Lost',
  DELETED: 'Closed Lost',
};

const CURRENCY = /^[A-Z]{3}$/;
const CURRENCY_MESSAGE = 'must be a three-letter ISO 4217 code such as USD';

type Issues = Array<[path: string, message: string, aborts: boolean]>;
type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects issues for one object level; "aborting" ones (wrong type, value or key) stop the cross-field rule, as in zod. */
class Checker {
  readonly issues: Issues = [];

  typeError(path: string, message: string): void {
    this.issues.push([path, message, true]);
  }

  check(path: string, message: string): void {
    this.issues.push([path, message, false]);
  }

  /** The object at `path` (defaults to {} when absent), or undefined after a type issue. */
  object(value: unknown, path: string): Json | undefined {
    if (value === undefined) return {};
    if (!isObject(value)) return (this.typeError(path, 'must be a group of settings'), undefined);
    return value;
  }

  text(value: unknown, path: string, message = 'must not be empty'): string | undefined {
    if (typeof value !== 'string') return (this.typeError(path, 'must be text'), undefined);
    if (value.length < 1) this.check(path, message);
    return value;
  }

  oneOf(value: unknown, allowed: readonly string[], path: string): void {
    if (typeof value !== 'string' || !allowed.includes(value))
      this.typeError(path, `must be one of ${allowed.join(', ')}`);
  }

  number(value: unknown, path: string, integer: boolean): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
      return (this.typeError(path, integer ? 'must be a whole number' : 'must be a number'), undefined);
    return value;
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.typeError(path, 'must be on or off');
  }

  /** A record whose keys must be non-empty (an empty key is an aborting key error in zod). */
  record(value: unknown, path: string, each: (key: string, v: unknown, at: string) => void): void {
    const record = this.object(value, path);
    if (!record) return;
    for (const [key, v] of Object.entries(record)) {
      if (key.length < 1) this.typeError(`${path}.${key}`, 'needs a code');
      else each(key, v, `${path}.${key}`);
    }
  }
}

function checkInvoiceRules(c: Checker, value: unknown): string[] {
  const rules = c.object(value, 'invoiceRules');
  if (!rules) return [];
  const list = (v: unknown, path: string, fallback: string[], allowed: readonly string[], min: string) => {
    if (v === undefined) return fallback;
    if (!Array.isArray(v)) return (c.typeError(path, 'must be a list'), []);
    v.forEach((item, i) => c.oneOf(item, allowed, `${path}.${i}`));
    if (v.length < 1) c.check(path, min);
    return v.filter((item): item is string => typeof item === 'string');
  };
  list(rules.types, 'invoiceRules.types', ['ACCREC'], INVOICE_TYPES, 'choose at least one invoice type');
  const statuses = list(
    rules.statuses,
    'invoiceRules.statuses',
    ['AUTHORISED', 'PAID', 'VOIDED'],
    INVOICE_STATUSES,
    'choose at least one status',
  );
  if (rules.minAmount !== undefined) {
    const min = c.number(rules.minAmount, 'invoiceRules.minAmount', false);
    if (min !== undefined && min < 0) c.check('invoiceRules.minAmount', 'must be zero or more');
  }
  if (rules.contactGroups !== undefined) {
    if (!Array.isArray(rules.contactGroups)) c.typeError('invoiceRules.contactGroups', 'must be a list');
    else rules.contactGroups.forEach((g, i) => c.text(g, `invoiceRules.contactGroups.${i}`));
  }
  if (rules.trackingOption !== undefined) {
    const tracking = rules.trackingOption;
    if (!isObject(tracking)) c.typeError('invoiceRules.trackingOption', 'must be a category and an option');
    else {
      c.text(tracking.category, 'invoiceRules.trackingOption.category');
      c.text(tracking.option, 'invoiceRules.trackingOption.option');
    }
  }
  return statuses;
}

function checkStages(c: Checker, value: unknown): Json {
  if (value === undefined) return DEFAULT_STAGES;
  const stages = c.object(value, 'stageByStatus') ?? {};
  const unknown = Object.keys(stages).filter((k) => !(INVOICE_STATUSES as readonly string[]).includes(k));
  if (unknown.length > 0)
    c.check(
      'stageByStatus',
      `Unrecognized key${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => `"${k}"`).join(', ')}`,
    );
  for (const status of INVOICE_STATUSES)
    if (stages[status] !== undefined) c.text(stages[status], `stageByStatus.${status}`, 'must name a stage');
  return stages;
}

function checkMappings(c: Checker, settings: Json): void {
  const currencies = c.object(settings.currencies, 'currencies');
  if (currencies) {
    if (currencies.allowed !== undefined) {
      if (!Array.isArray(currencies.allowed)) c.typeError('currencies.allowed', 'must be a list');
      else
        currencies.allowed.forEach((code, i) => {
          if (c.text(code, `currencies.allowed.${i}`) !== undefined && !CURRENCY.test(String(code)))
            c.check(`currencies.allowed.${i}`, CURRENCY_MESSAGE);
        });
    }
    c.record(currencies.crmToXero, 'currencies.crmToXero', (_key, code, at) => {
      if (c.text(code, at) !== undefined && !CURRENCY.test(String(code))) c.check(at, CURRENCY_MESSAGE);
    });
  }
  c.record(settings.taxRates, 'taxRates', (_key, taxType, at) => void c.text(taxType, at));
  c.record(settings.items, 'items', (_key, item, at) => {
    if (!isObject(item)) return c.typeError(at, 'must name an account code');
    if (item.itemCode !== undefined) c.text(item.itemCode, `${at}.itemCode`);
    c.text(item.accountCode, `${at}.accountCode`);
  });
}

function checkInvoicing(c: Checker, settings: Json): void {
  if (settings.defaultAccountCode !== undefined) c.text(settings.defaultAccountCode, 'defaultAccountCode');
  if (settings.createInvoiceAs !== undefined)
    c.oneOf(settings.createInvoiceAs, CREATE_INVOICE_AS, 'createInvoiceAs');
  if (settings.paymentTermsDays !== undefined) {
    const days = c.number(settings.paymentTermsDays, 'paymentTermsDays', true);
    if (days !== undefined && days < 0) c.check('paymentTermsDays', 'must be zero or more');
    if (days !== undefined && days > 365) c.check('paymentTermsDays', 'must be at most 365 days');
  }
  if (settings.amendmentPolicy !== undefined)
    c.oneOf(settings.amendmentPolicy, AMENDMENT_POLICIES, 'amendmentPolicy');
  if (settings.paymentFailureTaskThreshold !== undefined) {
    const n = c.number(settings.paymentFailureTaskThreshold, 'paymentFailureTaskThreshold', true);
    if (n !== undefined && n < 1) c.check('paymentFailureTaskThreshold', 'must be at least 1');
  }
  if (settings.requireDiscountApproval !== undefined)
    c.boolean(settings.requireDiscountApproval, 'requireDiscountApproval');
  const shadow = c.object(settings.shadowMode, 'shadowMode');
  if (shadow)
    for (const flow of ['xeroToCrm', 'crmToXero'])
      if (shadow[flow] !== undefined) c.boolean(shadow[flow], `shadowMode.${flow}`);
}

/**
 * Field path → message for settings as the worker would judge them (empty when valid), e.g.
 * `{ "invoiceRules.types": "choose at least one invoice type" }`.
 */
export function validateMappingSettings(input: unknown): Record<string, string> {
  const c = new Checker();
  if (!isObject(input)) return { '(settings)': 'must be a group of settings' };
  if (input.version !== undefined && input.version !== 1) c.typeError('version', 'must be 1');
  if (input.contactOwner !== undefined) c.oneOf(input.contactOwner, CONTACT_OWNERS, 'contactOwner');
  const statuses = checkInvoiceRules(c, input.invoiceRules);
  const stages = checkStages(c, input.stageByStatus);
  checkMappings(c, input);
  checkInvoicing(c, input);
  // The cross-field rule runs only when every value had the right type, as zod's refinement does.
  if (!c.issues.some(([, , aborts]) => aborts))
    for (const status of statuses)
      if (!stages[status])
        c.check(`stageByStatus.${status}`, `needs a stage: invoices in status ${status} qualify`);
  return Object.fromEntries(c.issues.map(([path, message]) => [path, message]));
}
