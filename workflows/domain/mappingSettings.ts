import { z } from 'zod';
import { paymentSettingsSchema } from './stripe/paymentSettings';
import { deliverySettingsSchema } from './delivery/deliverySettings';
import { invoiceStatuses } from './canonical';

/**
 * Mapping settings: what an admin configures in either CRM (Salesforce app page, HubSpot settings
 * page) and the worker obeys. They belong to an installation: parts shared by all its Xero
 * organisations, each organisation's own parts (account codes, tax rates, tracking category), and
 * the rule that routes a won deal to one organisation. These schemas validate them everywhere;
 * error paths name the field.
 */
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD');
const status = z.enum(invoiceStatuses);

const invoiceRulesShape = {
  types: z
    .array(z.enum(['ACCREC', 'ACCPAY']))
    .min(1, 'choose at least one invoice type')
    .default(['ACCREC']),
  statuses: z.array(status).min(1, 'choose at least one status').default(['AUTHORISED', 'PAID', 'VOIDED']),
  minAmount: z.number().min(0, 'must be zero or more').default(0),
  /** Only contacts in one of these Xero contact groups; empty means any contact. */
  contactGroups: z.array(z.string().min(1)).default([]),
};
const trackingOption = z.object({ category: z.string().min(1), option: z.string().min(1) });

/** The parts every Xero organisation of the installation shares. */
const sharedShape = {
  version: z.literal(1).default(1),
  /** Which system owns contact data; the other holds the link ID only. */
  contactOwner: z.enum(['xero', 'crm']).default('xero'),
  invoiceRules: z.object(invoiceRulesShape).prefault({}),
  /** CRM stage for each Xero invoice status (Salesforce StageName or HubSpot dealstage id). */
  stageByStatus: z.partialRecord(status, z.string().min(1, 'must name a stage')).default({
    DRAFT: 'Proposal',
    SUBMITTED: 'Proposal',
    AUTHORISED: 'Closed Won',
    PAID: 'Closed Won',
    VOIDED: 'Closed Lost',
    DELETED: 'Closed Lost',
  }),
  currencies: z
    .object({
      /** Currencies allowed on invoices created from deals; empty means whatever the Xero org has enabled. */
      allowed: z.array(currencyCode).default([]),
      /** CRM currency code → Xero currency code, where they differ. */
      crmToXero: z.record(z.string().min(1), currencyCode).default({}),
    })
    .prefault({}),
  /** Invoices made from won deals: AUTHORISED (sent, with an online link) or DRAFT (finance reviews). */
  createInvoiceAs: z.enum(['DRAFT', 'AUTHORISED']).default('AUTHORISED'),
  paymentTermsDays: z.number().int().min(0).max(365, 'must be at most 365 days').default(30),
  amendmentPolicy: z
    .enum(['update_draft_else_credit_note', 'update_draft_else_flag'])
    .default('update_draft_else_flag'),
  paymentFailureTaskThreshold: z.number().int().min(1, 'must be at least 1').default(3),
  requireDiscountApproval: z.boolean().default(false),
  /** Stripe payments, collections and subscriptions (issue #22). */
  payments: paymentSettingsSchema,
  /** Invoice delivery, reminders, CRM filing and the customer portal (issue #23). */
  delivery: deliverySettingsSchema,
  /** Shadow (dry-run) mode per flow: compute and record every write, make none. */
  shadowMode: z
    .object({ xeroToCrm: z.boolean().default(false), crmToXero: z.boolean().default(false) })
    .prefault({}),
};

/** The parts each Xero organisation has of its own: its chart of accounts, tax rates and tracking. */
const organisationShape = {
  /** CRM tax code → Xero TaxType (e.g. "VAT20" → "OUTPUT2"). */
  taxRates: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** CRM product code → Xero item and/or sales account. */
  items: z
    .record(
      z.string().min(1),
      z.object({ itemCode: z.string().min(1).optional(), accountCode: z.string().min(1) }),
    )
    .default({}),
  defaultAccountCode: z.string().min(1).default('200'),
};
export const organisationSettingsSchema = z.strictObject({
  ...organisationShape,
  /** Only invoices carrying this tracking option (a tracking category of this organisation). */
  trackingOption: trackingOption.optional(),
});
export type OrganisationSettings = z.infer<typeof organisationSettingsSchema>;

const stagesCoverStatuses = (
  settings: { invoiceRules: { statuses: string[] }; stageByStatus: Partial<Record<string, string>> },
  ctx: z.RefinementCtx,
) => {
  for (const s of settings.invoiceRules.statuses) {
    if (!settings.stageByStatus[s]) {
      ctx.addIssue({
        code: 'custom',
        path: ['stageByStatus', s],
        message: `needs a stage: invoices in status ${s} qualify`,
      });
    }
  }
};

/**
 * The settings one Xero organisation runs under: the installation's shared parts with that
 * organisation's own (settingsForOrganisation makes them). Every sync and deal validates these.
 */
export const mappingSettingsSchema = z
  .object({
    ...sharedShape,
    invoiceRules: z.object({ ...invoiceRulesShape, trackingOption: trackingOption.optional() }).prefault({}),
    ...organisationShape,
  })
  .superRefine(stagesCoverStatuses);

export type MappingSettings = z.infer<typeof mappingSettingsSchema>;
export type MappingSettingsInput = z.input<typeof mappingSettingsSchema>;

const xeroTenantId = z.string().min(1, 'choose a Xero organisation');
export const routingRuleSchema = z.object({
  when: z.union([
    z.object({ currency: currencyCode }).strict(),
    z
      .object({
        field: z.string().min(1, 'name the CRM field'),
        equals: z.string().min(1, 'must not be empty'),
      })
      .strict(),
  ]),
  xeroTenantId,
});

/** Which Xero organisation a won deal is invoiced in: the first rule that matches, else the default. */
export const dealRoutingSchema = z.object({
  rules: z.array(routingRuleSchema).default([]),
  defaultXeroTenantId: xeroTenantId.nullable().default(null),
});

/**
 * An installation's mapping settings, as saved: shared parts, each organisation's own, routing.
 * Strict: settings in the older per-organisation shape (account codes at the top) are refused
 * naming the key, rather than losing those codes silently.
 */
export const installationSettingsSchema = z
  .strictObject({
    ...sharedShape,
    /** Xero tenant ID → that organisation's own parts (an organisation not listed has the defaults). */
    organisations: z.record(z.string().min(1), organisationSettingsSchema).default({}),
    routing: dealRoutingSchema.prefault({}),
  })
  .superRefine(stagesCoverStatuses);

export type InstallationSettings = z.infer<typeof installationSettingsSchema>;
export type InstallationSettingsInput = z.input<typeof installationSettingsSchema>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One organisation's settings as stored (not validated): the shared parts with its own parts in
 * place, ready for mappingSettingsSchema, whose errors then name the flat field.
 */
export function settingsForOrganisation(stored: unknown, xeroTenantId: string): Record<string, unknown> {
  if (!isRecord(stored)) return {};
  const { organisations, routing: _routing, ...shared } = stored;
  const own =
    isRecord(organisations) && isRecord(organisations[xeroTenantId]) ? organisations[xeroTenantId] : {};
  const { trackingOption: tracking, ...accounts } = own;
  if (tracking === undefined) return { ...shared, ...accounts };
  const rules = isRecord(shared.invoiceRules) ? shared.invoiceRules : {};
  return { ...shared, ...accounts, invoiceRules: { ...rules, trackingOption: tracking } };
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(
    error.issues.map((issue) => [issue.path.join('.') || '(settings)', issue.message]),
  );
}

/** Field path → message, ready to show next to each field in a settings form. */
export function mappingSettingsErrors(input: unknown): Record<string, string> {
  const parsed = mappingSettingsSchema.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error);
}

/** The same for an installation's settings (paths such as `organisations.<tenant>.defaultAccountCode`). */
export function installationSettingsErrors(input: unknown): Record<string, string> {
  const parsed = installationSettingsSchema.safeParse(input);
  return parsed.success ? {} : fieldErrors(parsed.error);
}
