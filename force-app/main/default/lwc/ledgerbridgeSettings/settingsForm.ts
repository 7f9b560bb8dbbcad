import { DEFAULT_STAGES, INVOICE_STATUSES } from 'c/ledgerbridgeSettingsRules';

/** The settings form's values as the inputs hold them: text, choices and switches. */
export interface SettingsForm {
  contactOwner: string;
  invoiceTypes: string[];
  invoiceStatuses: string[];
  minAmount: string;
  contactGroups: string;
  trackingCategory: string;
  trackingOption: string;
  stages: Record<string, string>;
  allowedCurrencies: string;
  currencyMap: string;
  taxRates: string;
  items: string;
  defaultAccountCode: string;
  createInvoiceAs: string;
  paymentTermsDays: string;
  amendmentPolicy: string;
  paymentFailureTaskThreshold: string;
  requireDiscountApproval: boolean;
  shadowXeroToCrm: boolean;
  shadowCrmToXero: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const strings = (v: unknown, fallback: string[]): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : fallback;
const text = (v: unknown, fallback = ''): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;
const lines = (record: Json, format: (value: unknown) => string): string =>
  Object.entries(record)
    .map(([key, value]) => `${key}=${format(value)}`)
    .join('\n');

/** The form for saved settings (missing values show the worker's defaults). */
export function formFromSettings(saved: unknown): SettingsForm {
  const s = obj(saved);
  const rules = obj(s.invoiceRules);
  const tracking = obj(rules.trackingOption);
  const currencies = obj(s.currencies);
  const shadow = obj(s.shadowMode);
  const stages = s.stageByStatus === undefined ? DEFAULT_STAGES : obj(s.stageByStatus);
  return {
    contactOwner: text(s.contactOwner, 'xero'),
    invoiceTypes: strings(rules.types, ['ACCREC']),
    invoiceStatuses: strings(rules.statuses, ['AUTHORISED', 'PAID', 'VOIDED']),
    minAmount: text(rules.minAmount, '0'),
    contactGroups: strings(rules.contactGroups, []).join(', '),
    trackingCategory: text(tracking.category),
    trackingOption: text(tracking.option),
    stages: Object.fromEntries(INVOICE_STATUSES.map((status) => [status, text(stages[status])])),
    allowedCurrencies: strings(currencies.allowed, []).join(', '),
    currencyMap: lines(obj(currencies.crmToXero), text),
    taxRates: lines(obj(s.taxRates), text),
    items: lines(obj(s.items), (item) => {
      const { accountCode, itemCode } = obj(item);
      return itemCode ? `${text(accountCode)}/${text(itemCode)}` : text(accountCode);
    }),
    defaultAccountCode: text(s.defaultAccountCode, '200'),
    createInvoiceAs: text(s.createInvoiceAs, 'AUTHORISED'),
    paymentTermsDays: text(s.paymentTermsDays, '30'),
    amendmentPolicy: text(s.amendmentPolicy, 'update_draft_else_flag'),
    paymentFailureTaskThreshold: text(s.paymentFailureTaskThreshold, '3'),
    requireDiscountApproval: s.requireDiscountApproval === true,
    shadowXeroToCrm: shadow.xeroToCrm === true,
    shadowCrmToXero: shadow.crmToXero === true,
  };
}

/** "KEY=VALUE" lines into a record; a line without "=" is a mistake reported on its field. */
function parseLines(value: string, field: string, errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const at = line.indexOf('=');
      if (at < 0) errors[field] ??= `line ${i + 1}: write CODE=VALUE`;
      else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    });
  return out;
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function number(value: string, field: string, errors: Record<string, string>): number | undefined {
  if (value.trim() === '' || Number.isNaN(Number(value))) {
    errors[field] = 'must be a number';
    return undefined;
  }
  return Number(value);
}

/** The settings JSON the worker reads, and the mistakes found before the rules even apply. */
export function settingsFromForm(form: SettingsForm): { settings: Json; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const tracking =
    form.trackingCategory || form.trackingOption
      ? { trackingOption: { category: form.trackingCategory, option: form.trackingOption } }
      : {};
  const items = Object.fromEntries(
    Object.entries(parseLines(form.items, 'items', errors)).map(([code, target]) => {
      const [accountCode = '', itemCode] = target.split('/').map((s) => s.trim());
      return [code, itemCode ? { accountCode, itemCode } : { accountCode }];
    }),
  );
  const settings: Json = {
    version: 1,
    contactOwner: form.contactOwner,
    invoiceRules: {
      types: form.invoiceTypes,
      statuses: form.invoiceStatuses,
      minAmount: number(form.minAmount, 'minAmount', errors),
      contactGroups: list(form.contactGroups),
      ...tracking,
    },
    stageByStatus: Object.fromEntries(Object.entries(form.stages).filter(([, stage]) => stage.trim() !== '')),
    currencies: {
      allowed: list(form.allowedCurrencies),
      crmToXero: parseLines(form.currencyMap, 'currencyMap', errors),
    },
    taxRates: parseLines(form.taxRates, 'taxRates', errors),
    items,
    defaultAccountCode: form.defaultAccountCode.trim(),
    createInvoiceAs: form.createInvoiceAs,
    paymentTermsDays: number(form.paymentTermsDays, 'paymentTermsDays', errors),
    amendmentPolicy: form.amendmentPolicy,
    paymentFailureTaskThreshold: number(
      form.paymentFailureTaskThreshold,
      'paymentFailureTaskThreshold',
      errors,
    ),
    requireDiscountApproval: form.requireDiscountApproval,
    shadowMode: { xeroToCrm: form.shadowXeroToCrm, crmToXero: form.shadowCrmToXero },
  };
  return { settings, errors };
}

const FIELD_BY_PATH: Array<[prefix: string, field: string]> = [
  ['invoiceRules.types', 'invoiceTypes'],
  ['invoiceRules.statuses', 'invoiceStatuses'],
  ['invoiceRules.minAmount', 'minAmount'],
  ['invoiceRules.contactGroups', 'contactGroups'],
  ['invoiceRules.trackingOption.category', 'trackingCategory'],
  ['invoiceRules.trackingOption', 'trackingOption'],
  ['currencies.allowed', 'allowedCurrencies'],
  ['currencies.crmToXero', 'currencyMap'],
  ['shadowMode.xeroToCrm', 'shadowXeroToCrm'],
  ['shadowMode.crmToXero', 'shadowCrmToXero'],
  ['taxRates', 'taxRates'],
  ['items', 'items'],
];

/**
 * The form field a rule's error belongs next to: `stageByStatus.PAID` → `stage.PAID`, a mapping's
 * entry (`taxRates.VAT20`) → its text area with the entry named in the message.
 */
export function errorsByField(pathErrors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(pathErrors)) {
    if (path.startsWith('stageByStatus.')) {
      out[`stage.${path.slice('stageByStatus.'.length)}`] = message;
      continue;
    }
    const match = FIELD_BY_PATH.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
    if (!match) {
      out[path] = message;
      continue;
    }
    const [prefix, field] = match;
    const rest = path.slice(prefix.length + 1);
    const entry = /^\d+$/.test(rest) ? `entry ${Number(rest) + 1}` : rest;
    out[field] ??= entry ? `${entry}: ${message}` : message;
  }
  return out;
}
