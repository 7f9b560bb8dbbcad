import {
  installationSettingsErrors,
  type InstallationSettings,
  type OrganisationSettings,
} from '../generated/mappingSettings';
import type { SettingsOrganisation } from '../generated/settingsPage';
import { paymentsFieldOf, toPaymentSettings, toPaymentsDraft, type PaymentsDraft } from './paymentsDraft';
import { deliveryFieldOf, toDeliveryDraft, toDeliverySettings, type DeliveryDraft } from './deliveryDraft';

const STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'] as const;
export type InvoiceStatus = (typeof STATUSES)[number];
export const INVOICE_STATUSES: readonly InvoiceStatus[] = STATUSES;

/** One Xero organisation's own parts as the inputs hold them. */
export interface OrganisationDraft {
  taxRates: string;
  items: string;
  defaultAccountCode: string;
  trackingOption: OrganisationSettings['trackingOption'];
}

/**
 * The form's working copy of the installation's mapping settings: what the inputs hold (lists and
 * maps as text, one entry per line or comma), each organisation's own parts under `organisations`
 * (the picker's `organisation` is the one shown) and the routing rules one per line. `toSettings`
 * turns it back into the settings object, validated with the one schema (generated from the worker's).
 */
export interface SettingsDraft {
  /** The Xero organisation whose own parts the form shows ('' when none is connected). */
  organisation: string;
  organisations: Record<string, OrganisationDraft>;
  /** One rule per line: `currency AUD => Xero AU` or `business_unit = APAC => Xero AU`. */
  routingRules: string;
  /** The organisation deals no rule matches go to ('' for none: they wait for an admin). */
  defaultOrganisation: string;
  contactOwner: 'xero' | 'crm';
  invoiceTypes: string[];
  invoiceStatuses: string[];
  minAmount: number;
  contactGroups: string;
  stages: Record<InvoiceStatus, string>;
  allowedCurrencies: string;
  currencyMap: string;
  createInvoiceAs: 'DRAFT' | 'AUTHORISED';
  paymentTermsDays: number;
  amendmentPolicy: 'update_draft_else_credit_note' | 'update_draft_else_flag';
  paymentFailureTaskThreshold: number;
  requireDiscountApproval: boolean;
  shadowXeroToCrm: boolean;
  shadowCrmToXero: boolean;
  /** Stripe payments, collections and renewals (errors and input names `payments.<field>`). */
  payments: PaymentsDraft;
  /** Invoice delivery, reminders, filing and branding (errors and input names `delivery.<field>`). */
  delivery: DeliveryDraft;
}

const pairs = (record: Record<string, string>) =>
  Object.entries(record)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

function organisationDraft(own: OrganisationSettings | undefined): OrganisationDraft {
  return {
    taxRates: pairs(own?.taxRates ?? {}),
    items: Object.entries(own?.items ?? {})
      .map(([sku, item]) => `${sku}=${item.accountCode}${item.itemCode ? `:${item.itemCode}` : ''}`)
      .join('\n'),
    defaultAccountCode: own?.defaultAccountCode ?? '200',
    trackingOption: own?.trackingOption,
  };
}

export function toDraft(
  settings: InstallationSettings,
  organisations: SettingsOrganisation[],
): SettingsDraft {
  const ids = [
    ...new Set([...organisations.map((o) => o.xeroTenantId), ...Object.keys(settings.organisations)]),
  ];
  const nameOf = (id: string) => organisations.find((o) => o.xeroTenantId === id)?.name ?? id;
  return {
    organisation: ids[0] ?? '',
    organisations: Object.fromEntries(ids.map((id) => [id, organisationDraft(settings.organisations[id])])),
    routingRules: settings.routing.rules
      .map(
        (r) =>
          `${'currency' in r.when ? `currency ${r.when.currency}` : `${r.when.field} = ${r.when.equals}`} => ${nameOf(r.xeroTenantId)}`,
      )
      .join('\n'),
    defaultOrganisation: settings.routing.defaultXeroTenantId ?? '',
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
    createInvoiceAs: settings.createInvoiceAs,
    paymentTermsDays: settings.paymentTermsDays,
    amendmentPolicy: settings.amendmentPolicy,
    paymentFailureTaskThreshold: settings.paymentFailureTaskThreshold,
    requireDiscountApproval: settings.requireDiscountApproval,
    shadowXeroToCrm: settings.shadowMode.xeroToCrm,
    shadowCrmToXero: settings.shadowMode.crmToXero,
    payments: toPaymentsDraft(settings.payments),
    delivery: toDeliveryDraft(settings.delivery),
  };
}

/** The settings the draft stands for, or the draft field → message for lines it cannot read. */
export function toSettings(
  draft: SettingsDraft,
  base: InstallationSettings,
  organisations: SettingsOrganisation[],
): { settings: unknown; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const list = (text: string) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const lines = (field: string, text: string, shape: string) => {
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
    organisations: Object.fromEntries(
      Object.entries(draft.organisations).map(([id, own]) => {
        // Unreadable lines are shown next to the inputs of the organisation on screen.
        const at = (field: string) => (id === draft.organisation ? field : 'organisation');
        return [
          id,
          {
            taxRates: Object.fromEntries(lines(at('taxRates'), own.taxRates, 'CRM TAX CODE=XERO TAX TYPE')),
            items: Object.fromEntries(
              lines(at('items'), own.items, 'SKU=ACCOUNT or SKU=ACCOUNT:ITEM').map(([sku, value]) => {
                const [accountCode = '', itemCode] = value.split(':').map((v) => v.trim());
                return [sku, { accountCode, ...(itemCode ? { itemCode } : {}) }];
              }),
            ),
            defaultAccountCode: own.defaultAccountCode.trim(),
            ...(own.trackingOption ? { trackingOption: own.trackingOption } : {}),
          },
        ];
      }),
    ),
    routing: {
      rules: routingRules(draft.routingRules, organisations, fieldErrors),
      defaultXeroTenantId: draft.defaultOrganisation || null,
    },
    createInvoiceAs: draft.createInvoiceAs,
    paymentTermsDays: draft.paymentTermsDays,
    amendmentPolicy: draft.amendmentPolicy,
    paymentFailureTaskThreshold: draft.paymentFailureTaskThreshold,
    requireDiscountApproval: draft.requireDiscountApproval,
    shadowMode: { xeroToCrm: draft.shadowXeroToCrm, crmToXero: draft.shadowCrmToXero },
    payments: toPaymentSettings(draft.payments, fieldErrors),
    delivery: toDeliverySettings(draft.delivery, fieldErrors),
  };
  return { settings, fieldErrors };
}

const RULE = 'write currency AUD => ORGANISATION or FIELD = VALUE => ORGANISATION';

/** The routing rules' lines, each naming its organisation by name (or tenant ID). */
function routingRules(
  text: string,
  organisations: SettingsOrganisation[],
  fieldErrors: Record<string, string>,
): unknown[] {
  const rules: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const [when = '', target = '', ...rest] = line.split('=>').map((part) => part.trim());
    const org = organisations.find((o) => o.name === target || o.xeroTenantId === target);
    const currency = /^currency\s+(\S+)$/i.exec(when);
    const field = /^([^=\s]+)\s*=\s*(.+)$/.exec(when);
    if (rest.length > 0 || !target || (!currency && !field))
      fieldErrors.routingRules ??= `line ${i + 1}: ${RULE}`;
    else if (!org) fieldErrors.routingRules ??= `line ${i + 1}: no Xero organisation is called ${target}`;
    else
      rules.push({
        when: currency ? { currency: currency[1]?.toUpperCase() } : { field: field?.[1], equals: field?.[2] },
        xeroTenantId: org.xeroTenantId,
      });
  });
  return rules;
}

/**
 * Which draft field shows a schema error (`currencies.allowed.0` → `allowedCurrencies`,
 * `payments.collection.reminderDays` → `payments.reminderDays`, `delivery.brand.name` →
 * `delivery.brandName`).
 */
export function draftFieldOf(path: string, shownOrganisation = ''): string {
  const [head, next, third] = path.split('.');
  if (head === 'organisations')
    return next === shownOrganisation ? (third ?? 'organisation') : 'organisation';
  if (head === 'routing') return next === 'defaultXeroTenantId' ? 'defaultOrganisation' : 'routingRules';
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
  if (head === 'payments') return paymentsFieldOf(next, third);
  if (head === 'delivery') return deliveryFieldOf(next, third);
  if (head === 'shadowMode') return next === 'crmToXero' ? 'shadowCrmToXero' : 'shadowXeroToCrm';
  return head ?? '(settings)';
}

/** Every problem with a draft, by the draft field it belongs next to: unreadable lines, then the schema's. */
export function draftErrors(
  draft: SettingsDraft,
  base: InstallationSettings,
  organisations: SettingsOrganisation[],
): Record<string, string> {
  const { settings, fieldErrors } = toSettings(draft, base, organisations);
  return { ...schemaErrorsByField(installationSettingsErrors(settings), draft.organisation), ...fieldErrors };
}

export function schemaErrorsByField(
  errors: Record<string, string>,
  shownOrganisation: string,
): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors))
    byField[draftFieldOf(path, shownOrganisation)] ??= message;
  return byField;
}
