/**
 * The installation mapping-settings rules of workflows/domain/mappingSettings.ts (the zod schema
 * the worker applies), restated for the app page, which cannot load zod on the platform. Same
 * fields, same defaults, same paths and the schema's own messages where it has them; a jest test
 * (test/salesforce/settingsRules.unit.test.ts) proves both agree on a table of inputs.
 */
import { checkCurrency, checkOrganisations, checkRouting } from './organisationRules';
import { checkPayments } from './paymentRules';
import { checkDelivery } from './deliveryRules';
import { Checker, isObject } from './settingsChecker';

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
export const DEFAULT_ACCOUNT_CODE = '200';
export { DEFAULT_PAYMENTS } from './paymentRules';
export { DEFAULT_DELIVERY, DELIVERY_SENDERS } from './deliveryRules';

/** The installation's keys: the shared parts, each organisation's own, the routing. */
const INSTALLATION_KEYS = [
  'version',
  'contactOwner',
  'invoiceRules',
  'stageByStatus',
  'currencies',
  'createInvoiceAs',
  'paymentTermsDays',
  'amendmentPolicy',
  'paymentFailureTaskThreshold',
  'requireDiscountApproval',
  'shadowMode',
  'organisations',
  'routing',
  'payments',
  'delivery',
];

type Json = Record<string, unknown>;

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
  return statuses;
}

function checkStages(c: Checker, value: unknown): Json {
  if (value === undefined) return DEFAULT_STAGES;
  const stages = c.object(value, 'stageByStatus') ?? {};
  c.strict(stages, INVOICE_STATUSES, 'stageByStatus');
  for (const status of INVOICE_STATUSES)
    if (stages[status] !== undefined) c.text(stages[status], `stageByStatus.${status}`, 'must name a stage');
  return stages;
}

function checkCurrencies(c: Checker, value: unknown): void {
  const currencies = c.object(value, 'currencies');
  if (!currencies) return;
  if (currencies.allowed !== undefined) {
    if (!Array.isArray(currencies.allowed)) c.typeError('currencies.allowed', 'must be a list');
    else currencies.allowed.forEach((code, i) => checkCurrency(c, code, `currencies.allowed.${i}`));
  }
  c.record(currencies.crmToXero, 'currencies.crmToXero', (_key, code, at) => checkCurrency(c, code, at));
}

function checkInvoicing(c: Checker, settings: Json): void {
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
 * Field path → message for an installation's settings as the worker would judge them (empty when
 * valid), e.g. `{ "invoiceRules.types": "choose at least one invoice type" }` or
 * `{ "organisations.<tenant>.taxRates.VAT20": "must not be empty" }`. Settings keys the
 * installation does not have (the older flat shape's `taxRates` at the top) are reported on
 * `(settings)`, as the schema does.
 */
export function validateInstallationSettings(input: unknown): Record<string, string> {
  const c = new Checker();
  if (!isObject(input)) return { '(settings)': 'must be a group of settings' };
  if (input.version !== undefined && input.version !== 1) c.typeError('version', 'must be 1');
  if (input.contactOwner !== undefined) c.oneOf(input.contactOwner, CONTACT_OWNERS, 'contactOwner');
  const statuses = checkInvoiceRules(c, input.invoiceRules);
  const stages = checkStages(c, input.stageByStatus);
  checkCurrencies(c, input.currencies);
  checkInvoicing(c, input);
  checkOrganisations(c, input.organisations);
  checkRouting(c, input.routing);
  checkPayments(c, input.payments);
  checkDelivery(c, input.delivery);
  c.strict(input, INSTALLATION_KEYS, '(settings)');
  // The cross-field rule runs only when every value had the right type, as zod's refinement does.
  if (!c.aborted)
    for (const status of statuses)
      if (!stages[status])
        c.check(`stageByStatus.${status}`, `needs a stage: invoices in status ${status} qualify`);
  return Object.fromEntries(c.issues.map(([path, message]) => [path, message]));
}
