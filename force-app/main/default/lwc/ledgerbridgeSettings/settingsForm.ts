import { DEFAULT_STAGES, INVOICE_STATUSES } from 'c/ledgerbridgeSettingsRules';
import { lines, list, number, obj, parseLines, strings, text, type Json, type PathErrors } from './formText';
import {
  organisationForm,
  organisationSettings,
  parseRoutingRules,
  routingRulesText,
  type Organisation,
  type OrganisationForm,
} from './organisationForm';
import { paymentsForm, paymentsSettings, type PaymentsForm } from './paymentsForm';
import { deliveryForm, deliverySettings, type DeliveryForm } from './deliveryForm';

/**
 * The settings form's values as the inputs hold them: the installation's shared parts, each Xero
 * organisation's own (the picker's `organisation` is the one on screen), the routing rules and the
 * payments (Stripe) and invoice delivery sections.
 */
export interface SettingsForm extends PaymentsForm, DeliveryForm {
  contactOwner: string;
  invoiceTypes: string[];
  invoiceStatuses: string[];
  minAmount: string;
  contactGroups: string;
  stages: Record<string, string>;
  allowedCurrencies: string;
  currencyMap: string;
  createInvoiceAs: string;
  paymentTermsDays: string;
  amendmentPolicy: string;
  paymentFailureTaskThreshold: string;
  requireDiscountApproval: boolean;
  shadowXeroToCrm: boolean;
  shadowCrmToXero: boolean;
  /** The tenant ID of the organisation shown ('' when there is none). */
  organisation: string;
  organisations: Record<string, OrganisationForm>;
  /** One rule per line: `currency AUD => Acme Pty (AU)` or `Business_Unit__c = APAC => Acme Pty (AU)`. */
  routingRules: string;
  /** Where deals no rule matches go ('' for none: they wait for an admin). */
  defaultOrganisation: string;
}

/**
 * The parts the settings kept at the top before they were per installation (one Xero organisation
 * then): shown as each organisation's own until it has some, so a save keeps them.
 */
function flatParts(s: Json): Json | undefined {
  const tracking = obj(s.invoiceRules).trackingOption;
  const parts = { taxRates: s.taxRates, items: s.items, defaultAccountCode: s.defaultAccountCode };
  const found = Object.fromEntries(Object.entries(parts).filter(([, v]) => v !== undefined));
  if (tracking !== undefined) found.trackingOption = tracking;
  return Object.keys(found).length > 0 ? found : undefined;
}

export function savedInFlatShape(saved: unknown): boolean {
  return flatParts(obj(saved)) !== undefined;
}

/**
 * Every organisation the page knows: the installation's, then any only the saved settings name
 * (`unlisted` when the installation's list was had, else `unchecked`).
 */
export function organisationsOf(saved: unknown, listed: Organisation[], checked: boolean): Organisation[] {
  const s = obj(saved);
  const routing = obj(s.routing);
  const named = [
    ...Object.keys(obj(s.organisations)),
    ...(Array.isArray(routing.rules) ? routing.rules.map((r: unknown) => text(obj(r).xeroTenantId)) : []),
    text(routing.defaultXeroTenantId),
  ].filter((id) => id !== '' && !listed.some((o) => o.tenantId === id));
  return [
    ...listed,
    ...[...new Set(named)].map((tenantId): Organisation => ({
      tenantId,
      name: tenantId,
      status: checked ? 'unlisted' : 'unchecked',
    })),
  ];
}

/**
 * The form for saved settings (missing values show the worker's defaults). An organisation that is
 * not the installation's has no inputs: its saved parts are dropped at the next save.
 */
export function formFromSettings(saved: unknown, organisations: Organisation[]): SettingsForm {
  const editable = organisations.filter((o) => o.status !== 'unlisted');
  const s = obj(saved);
  const rules = obj(s.invoiceRules);
  const currencies = obj(s.currencies);
  const shadow = obj(s.shadowMode);
  const routing = obj(s.routing);
  const own = obj(s.organisations);
  const flat = flatParts(s);
  const stages = s.stageByStatus === undefined ? DEFAULT_STAGES : obj(s.stageByStatus);
  return {
    contactOwner: text(s.contactOwner, 'xero'),
    invoiceTypes: strings(rules.types, ['ACCREC']),
    invoiceStatuses: strings(rules.statuses, ['AUTHORISED', 'PAID', 'VOIDED']),
    minAmount: text(rules.minAmount, '0'),
    contactGroups: strings(rules.contactGroups, []).join(', '),
    stages: Object.fromEntries(INVOICE_STATUSES.map((status) => [status, text(stages[status])])),
    allowedCurrencies: strings(currencies.allowed, []).join(', '),
    currencyMap: lines(obj(currencies.crmToXero), text),
    createInvoiceAs: text(s.createInvoiceAs, 'AUTHORISED'),
    paymentTermsDays: text(s.paymentTermsDays, '30'),
    amendmentPolicy: text(s.amendmentPolicy, 'update_draft_else_flag'),
    paymentFailureTaskThreshold: text(s.paymentFailureTaskThreshold, '3'),
    requireDiscountApproval: s.requireDiscountApproval === true,
    shadowXeroToCrm: shadow.xeroToCrm === true,
    shadowCrmToXero: shadow.crmToXero === true,
    organisation: editable[0]?.tenantId ?? '',
    organisations: Object.fromEntries(
      editable.map((o) => [o.tenantId, organisationForm(own[o.tenantId] ?? flat)]),
    ),
    routingRules: routingRulesText(routing.rules, organisations),
    defaultOrganisation: text(routing.defaultXeroTenantId),
    ...paymentsForm(s),
    ...deliveryForm(s),
  };
}

/** The settings JSON the worker reads, and the mistakes found before the rules even apply. */
export function settingsFromForm(
  form: SettingsForm,
  organisations: Organisation[],
): { settings: Json; errors: PathErrors } {
  const errors: PathErrors = {};
  const settings: Json = {
    version: 1,
    contactOwner: form.contactOwner,
    invoiceRules: {
      types: form.invoiceTypes,
      statuses: form.invoiceStatuses,
      minAmount: number(form.minAmount, 'invoiceRules.minAmount', errors),
      contactGroups: list(form.contactGroups),
    },
    stageByStatus: Object.fromEntries(Object.entries(form.stages).filter(([, stage]) => stage.trim() !== '')),
    currencies: {
      allowed: list(form.allowedCurrencies),
      crmToXero: parseLines(form.currencyMap, 'currencies.crmToXero', errors),
    },
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
    organisations: Object.fromEntries(
      Object.entries(form.organisations).map(([id, own]) => [
        id,
        organisationSettings(own, `organisations.${id}`, errors),
      ]),
    ),
    routing: {
      rules: parseRoutingRules(form.routingRules, organisations, errors),
      defaultXeroTenantId: form.defaultOrganisation || null,
    },
    payments: paymentsSettings(form, errors),
    delivery: deliverySettings(form, errors),
  };
  return { settings, errors };
}
