import { mappingSettingsErrors, type MappingSettings } from '../generated/mappingSettings';

const STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'] as const;
export type InvoiceStatus = (typeof STATUSES)[number];
export const INVOICE_STATUSES: readonly InvoiceStatus[] = STATUSES;

/**
 * The form's working copy of the mapping settings: what the inputs hold (lists and maps as text,
 * one entry per line or comma). `toSettings` turns it back into the settings object, which is
 * validated with the one mapping settings schema (generated from the worker's).
 */
export interface SettingsDraft {
  contactOwner: 'xero' | 'crm';
  invoiceTypes: string[];
  invoiceStatuses: string[];
  minAmount: number;
  contactGroups: string;
  stages: Record<InvoiceStatus, string>;
  allowedCurrencies: string;
  currencyMap: string;
  taxRates: string;
  items: string;
  defaultAccountCode: string;
  createInvoiceAs: 'DRAFT' | 'AUTHORISED';
  paymentTermsDays: number;
  amendmentPolicy: 'update_draft_else_credit_note' | 'update_draft_else_flag';
  paymentFailureTaskThreshold: number;
  requireDiscountApproval: boolean;
  shadowXeroToCrm: boolean;
  shadowCrmToXero: boolean;
}

export function toDraft(settings: MappingSettings): SettingsDraft {
  const pairs = (record: Record<string, string>) =>
    Object.entries(record)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n');
  return {
    contactOwner: settings.contactOwner,
    invoiceTypes: [...settings.invoiceRules.types],
    invoiceStatuses: [...settings.invoiceRules.statuses],
    minAmount: settings.invoiceRules.minAmount,
    contactGroups: settings.invoiceRules.contactGroups.join(', '),
    stages: Object.fromEntries(STATUSES.map((s) => [s, settings.stageByStatus[s] ?? ''])) as Record<
      InvoiceStatus,
      string
    >,
    allowedCurrencies: settings.currencies.allowed.join(', '),
    currencyMap: pairs(settings.currencies.crmToXero),
    taxRates: pairs(settings.taxRates),
    items: Object.entries(settings.items)
      .map(([sku, item]) => `${sku}=${item.accountCode}${item.itemCode ? `:${item.itemCode}` : ''}`)
      .join('\n'),
    defaultAccountCode: settings.defaultAccountCode,
    createInvoiceAs: settings.createInvoiceAs,
    paymentTermsDays: settings.paymentTermsDays,
    amendmentPolicy: settings.amendmentPolicy,
    paymentFailureTaskThreshold: settings.paymentFailureTaskThreshold,
    requireDiscountApproval: settings.requireDiscountApproval,
    shadowXeroToCrm: settings.shadowMode.xeroToCrm,
    shadowCrmToXero: settings.shadowMode.crmToXero,
  };
}

/** The settings the draft stands for, or the draft field → message for lines it cannot read. */
export function toSettings(
  draft: SettingsDraft,
  base: MappingSettings,
): { settings: unknown; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const list = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const lines = (field: keyof SettingsDraft, text: string, shape: string) => {
    const out: Array<[string, string]> = [];
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      const at = line.indexOf('=');
      if (at <= 0 || at === line.length - 1) fieldErrors[field] ??= `line ${i + 1}: write ${shape}`;
      else out.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    });
    return out;
  };
  const stageByStatus = Object.fromEntries(
    STATUSES.filter((s) => draft.stages[s].trim() !== '').map((s) => [s, draft.stages[s].trim()]),
  );
  const settings = {
    ...base,
    contactOwner: draft.contactOwner,
    invoiceRules: {
      ...base.invoiceRules,
      types: draft.invoiceTypes,
      statuses: draft.invoiceStatuses,
      minAmount: draft.minAmount,
      contactGroups: list(draft.contactGroups),
    },
    stageByStatus,
    currencies: {
      allowed: list(draft.allowedCurrencies),
      crmToXero: Object.fromEntries(lines('currencyMap', draft.currencyMap, 'CRM=XERO, e.g. US$=USD')),
    },
    taxRates: Object.fromEntries(lines('taxRates', draft.taxRates, 'CRM TAX CODE=XERO TAX TYPE')),
    items: Object.fromEntries(
      lines('items', draft.items, 'SKU=ACCOUNT or SKU=ACCOUNT:ITEM').map(([sku, value]) => {
        const [accountCode = '', itemCode] = value.split(':').map((s) => s.trim());
        return [sku, { accountCode, ...(itemCode ? { itemCode } : {}) }];
      }),
    ),
    defaultAccountCode: draft.defaultAccountCode.trim(),
    createInvoiceAs: draft.createInvoiceAs,
    paymentTermsDays: draft.paymentTermsDays,
    amendmentPolicy: draft.amendmentPolicy,
    paymentFailureTaskThreshold: draft.paymentFailureTaskThreshold,
    requireDiscountApproval: draft.requireDiscountApproval,
    shadowMode: { xeroToCrm: draft.shadowXeroToCrm, crmToXero: draft.shadowCrmToXero },
  };
  return { settings, fieldErrors };
}

/** Which draft field shows a schema error (`currencies.allowed.0` → `allowedCurrencies`). */
export function draftFieldOf(path: string): string {
  const [head, next] = path.split('.');
  if (head === 'invoiceRules')
    return (
      {
        types: 'invoiceTypes',
        statuses: 'invoiceStatuses',
        minAmount: 'minAmount',
        contactGroups: 'contactGroups',
      }[next ?? ''] ?? 'invoiceStatuses'
    );
  if (head === 'stageByStatus') return `stages.${next ?? ''}`;
  if (head === 'currencies') return next === 'crmToXero' ? 'currencyMap' : 'allowedCurrencies';
  if (head === 'shadowMode') return next === 'crmToXero' ? 'shadowCrmToXero' : 'shadowXeroToCrm';
  return head ?? '(settings)';
}

/** Every problem with a draft, by the draft field it belongs next to: unreadable lines, then the schema's. */
export function draftErrors(draft: SettingsDraft, base: MappingSettings): Record<string, string> {
  const { settings, fieldErrors } = toSettings(draft, base);
  return { ...schemaErrorsByField(mappingSettingsErrors(settings)), ...fieldErrors };
}

export function schemaErrorsByField(errors: Record<string, string>): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) byField[draftFieldOf(path)] ??= message;
  return byField;
}
