// GENERATED from workflows/domain/mappingSettings.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';
/* invoiceStatuses: inlined from workflows/domain/canonical.ts */
const invoiceStatuses = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'] as const;

/**
 * Mapping settings: what an admin configures in either CRM (Salesforce app page, HubSpot settings
 * page) and the worker obeys. This one schema validates them everywhere; error paths name the field.
 */
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD');
const status = z.enum(invoiceStatuses);

export const mappingSettingsSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Which system owns contact data; the other holds the link ID only. */
    contactOwner: z.enum(['xero', 'crm']).default('xero'),
    invoiceRules: z
      .object({
        types: z
          .array(z.enum(['ACCREC', 'ACCPAY']))
          .min(1, 'choose at least one invoice type')
          .default(['ACCREC']),
        statuses: z
          .array(status)
          .min(1, 'choose at least one status')
          .default(['AUTHORISED', 'PAID', 'VOIDED']),
        minAmount: z.number().min(0, 'must be zero or more').default(0),
        /** Only contacts in one of these Xero contact groups; empty means any contact. */
        contactGroups: z.array(z.string().min(1)).default([]),
        trackingOption: z.object({ category: z.string().min(1), option: z.string().min(1) }).optional(),
      })
      .prefault({}),
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
    /** Invoices made from won deals: AUTHORISED (sent, with an online link) or DRAFT (finance reviews). */
    createInvoiceAs: z.enum(['DRAFT', 'AUTHORISED']).default('AUTHORISED'),
    paymentTermsDays: z.number().int().min(0).max(365, 'must be at most 365 days').default(30),
    amendmentPolicy: z
      .enum(['update_draft_else_credit_note', 'update_draft_else_flag'])
      .default('update_draft_else_flag'),
    paymentFailureTaskThreshold: z.number().int().min(1, 'must be at least 1').default(3),
    requireDiscountApproval: z.boolean().default(false),
    /** Shadow (dry-run) mode per flow: compute and record every write, make none. */
    shadowMode: z
      .object({ xeroToCrm: z.boolean().default(false), crmToXero: z.boolean().default(false) })
      .prefault({}),
  })
  .superRefine((settings, ctx) => {
    for (const s of settings.invoiceRules.statuses) {
      if (!settings.stageByStatus[s]) {
        ctx.addIssue({
          code: 'custom',
          path: ['stageByStatus', s],
          message: `needs a stage: invoices in status ${s} qualify`,
        });
      }
    }
  });

export type MappingSettings = z.infer<typeof mappingSettingsSchema>;
export type MappingSettingsInput = z.input<typeof mappingSettingsSchema>;

/** Field path → message, ready to show next to each field in a settings form. */
export function mappingSettingsErrors(input: unknown): Record<string, string> {
  const parsed = mappingSettingsSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(
    parsed.error.issues.map((issue) => [issue.path.join('.') || '(settings)', issue.message]),
  );
}
