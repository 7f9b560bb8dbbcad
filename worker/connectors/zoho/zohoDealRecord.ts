import { z } from 'zod';
import { crmDealSchema, type CrmDeal } from '../../../workflows/domain/crmDeal';
import { ACCOUNT, DEAL } from './zohoSchema';

/**
 * A Zoho deal as the CRM-to-Xero flow reads it (GET /crm/v8/Deals/{id}), with its Account_Name and
 * Contact_Name lookups read apart, mapped to the CrmDeal the workflow validates.
 *
 * Lines: a Zoho deal has none of its own. The SDK's Deals fields carry no line items (those are the
 * Quoted_Items / Ordered_Items / Invoiced_Items subforms of Quotes, Sales Orders and Invoices), and
 * the deal's related Products are catalogue records (Unit_Price, Product_Code) with no quantity or
 * price agreed on the deal. So `lines` stays empty and the plan (dealToInvoice.ts) makes the one
 * line a deal without lines gets: its Amount, described by its name.
 */
export const ZOHO_WON_STAGE = 'Closed Won';

/** What readDeal asks of the deal (Currency is there in multi-currency orgs only). */
export const ZOHO_DEAL_READ_FIELDS = [
  DEAL.name,
  DEAL.stage,
  DEAL.amount,
  DEAL.currency,
  DEAL.closingDate,
  'Modified_Time',
  'Owner',
  DEAL.xeroInvoiceId,
  DEAL.discountApproved,
  DEAL.syncProblem,
  DEAL.account,
  DEAL.contact,
] as const;
export const ZOHO_ACCOUNT_READ_FIELDS = [ACCOUNT.name, ACCOUNT.xeroContactId] as const;
export const ZOHO_CONTACT_READ_FIELDS = ['Email'] as const;

const lookup = z.looseObject({ id: z.string(), name: z.string().nullish() }).nullish();

export const zohoDealRecord = z.looseObject({
  id: z.string(),
  Deal_Name: z.string().nullish(),
  Stage: z.string().nullish(),
  Amount: z.number().nullish(),
  Currency: z.string().nullish(),
  Closing_Date: z.string().nullish(),
  Modified_Time: z.string(),
  Owner: lookup,
  Xero_Invoice_ID: z.string().nullish(),
  Discount_Approved: z.boolean().nullish(),
  Ledgerbridge_Sync_Problem: z.string().nullish(),
  Account_Name: lookup,
  Contact_Name: lookup,
});
export type ZohoDealRecord = z.infer<typeof zohoDealRecord>;

export const zohoDealAccount = z.looseObject({
  id: z.string(),
  Account_Name: z.string().nullish(),
  Xero_Contact_ID: z.string().nullish(),
});
export const zohoDealContact = z.looseObject({ id: z.string(), Email: z.string().nullish() });

const orNull = (value: string | null | undefined) => (value === undefined || value === '' ? null : value);

export function toCrmDeal(
  deal: ZohoDealRecord,
  account: z.infer<typeof zohoDealAccount> | undefined,
  contact: z.infer<typeof zohoDealContact> | undefined,
): CrmDeal {
  return crmDealSchema.parse({
    crm: 'zoho',
    dealId: deal.id,
    name: deal.Deal_Name ?? '',
    isWon: deal.Stage === ZOHO_WON_STAGE,
    amount: deal.Amount ?? null,
    currency: orNull(deal.Currency),
    closeDate: orNull(deal.Closing_Date),
    version: deal.Modified_Time,
    ownerId: deal.Owner?.id ?? null,
    xeroInvoiceId: orNull(deal.Xero_Invoice_ID),
    discountApproved: deal.Discount_Approved === true,
    syncProblem: orNull(deal.Ledgerbridge_Sync_Problem),
    lines: [],
    account: account
      ? {
          crmId: account.id,
          name: account.Account_Name ?? '',
          xeroContactId: orNull(account.Xero_Contact_ID),
          email: orNull(contact?.Email),
        }
      : null,
  });
}

/** A field's value as the routing rules compare it: lookups by id, lists joined by `;`. */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(fieldText).join(';');
  if (typeof value === 'object') return 'id' in value ? String(value.id) : JSON.stringify(value);
  if (typeof value === 'string') return value;
  return String(value as number | boolean);
}
