import { CRM_VENDORS } from './crmVendor';
import { z } from 'zod';

/**
 * A won deal as Ledgerbridge reads it from either CRM (Salesforce Opportunity + OpportunityLineItems +
 * Account, or HubSpot deal + line items + company), validated by this schema at the activity boundary
 * so the workflow only ever sees a well-formed shape. Business rules live in dealToInvoice.ts.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const crmDealLineSchema = z.object({
  /** The CRM product's code (Salesforce ProductCode, HubSpot hs_sku); mapped to a Xero item/account. */
  productCode: z.string().optional(),
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number(),
  /** Percent off the unit price (0–100). */
  discountPercent: z.number().min(0).max(100).optional(),
  /** The CRM's tax code on the line, mapped to a Xero TaxType through the settings. */
  taxCode: z.string().optional(),
});
export type CrmDealLine = z.infer<typeof crmDealLineSchema>;

export const crmDealSchema = z.object({
  crm: z.enum(CRM_VENDORS),
  /** The CRM's own ID of the deal / opportunity. */
  dealId: z.string().min(1),
  name: z.string(),
  isWon: z.boolean(),
  amount: z.number().nullable(),
  /** The CRM's currency code for the deal (null: the CRM's default). */
  currency: z.string().nullable(),
  closeDate: isoDate.nullable(),
  /** Changes whenever the deal does (SystemModstamp / hs_lastmodifieddate): part of the idempotency key. */
  version: z.string().min(1),
  ownerId: z.string().nullable(),
  /** Set once a Xero invoice was made for the deal. */
  xeroInvoiceId: z.string().nullable(),
  discountApproved: z.boolean(),
  /** The problem Ledgerbridge last reported on the deal (so it is not reported twice). */
  syncProblem: z.string().nullable(),
  lines: z.array(crmDealLineSchema),
  account: z
    .object({
      crmId: z.string(),
      name: z.string(),
      xeroContactId: z.string().nullable(),
      email: z.string().nullable(),
    })
    .nullable(),
});
export type CrmDeal = z.infer<typeof crmDealSchema>;

/** What the workflow needs to know of the Xero organisation to validate a deal. */
export interface XeroOrgFacts {
  baseCurrency: string;
  /** Currencies enabled in the organisation (base included). */
  currencies: string[];
}
