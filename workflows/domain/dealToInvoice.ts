import type { CanonicalInvoice } from './canonical';
import type { CrmDeal, XeroOrgFacts } from './crmDeal';
import type { MappingSettings } from './mappingSettings';
import { toCents } from './money';

/**
 * A won deal → the Xero invoice it should become, under the mapping settings. Pure: the workflow
 * runs it, so every decision is in the workflow history. Problems are sentences a sales rep can act
 * on; a deal with any problem makes no invoice at all.
 */
export interface InvoiceLineDraft {
  description: string;
  quantity: number;
  unitAmount: number;
  discountRate?: number;
  itemCode?: string;
  accountCode: string;
  taxType?: string;
}

export interface InvoiceDraft {
  type: 'ACCREC';
  status: 'DRAFT' | 'AUTHORISED';
  date: string;
  dueDate: string;
  currency: string;
  reference: string;
  lines: InvoiceLineDraft[];
  /** Line amounts include tax (an order's prices as the customer paid them); default: tax is added. */
  amountsIncludeTax?: boolean;
  /** Total before tax, in cents (for comparing with an invoice already made). */
  subTotalCents: number;
}

export type DealPlan =
  { kind: 'not_won' } | { kind: 'invalid'; problems: string[] } | { kind: 'create'; draft: InvoiceDraft };

export function planDealInvoice(deal: CrmDeal, settings: MappingSettings, org: XeroOrgFacts): DealPlan {
  if (!deal.isWon) return { kind: 'not_won' };
  const problems: string[] = [];
  if (deal.name.trim() === '') problems.push('The deal has no name.');
  if (!deal.closeDate) problems.push('The deal has no close date (it becomes the invoice date).');
  if (!deal.account) problems.push('The deal has no account / company to invoice.');

  const crmCurrency = deal.currency ?? org.baseCurrency;
  const currency = settings.currencies.crmToXero[crmCurrency] ?? crmCurrency;
  if (!org.currencies.includes(currency))
    problems.push(`Currency ${currency} is not enabled in the Xero organisation.`);
  else if (settings.currencies.allowed.length > 0 && !settings.currencies.allowed.includes(currency))
    problems.push(`Currency ${currency} is not one of the currencies allowed for invoices.`);

  const lines: InvoiceLineDraft[] = [];
  const sourceLines =
    deal.lines.length > 0
      ? deal.lines
      : deal.amount !== null
        ? [{ description: deal.name, quantity: 1, unitPrice: deal.amount }]
        : [];
  if (sourceLines.length === 0) problems.push('The deal has neither line items nor an amount.');
  for (const [index, line] of sourceLines.entries()) {
    const at = `Line ${index + 1} (${line.description || 'no description'})`;
    const product = 'productCode' in line && line.productCode ? settings.items[line.productCode] : undefined;
    const taxCode = 'taxCode' in line ? line.taxCode : undefined;
    const taxType = taxCode ? settings.taxRates[taxCode] : undefined;
    if (taxCode && !taxType)
      problems.push(`${at}: tax code ${taxCode} has no Xero tax rate in the settings.`);
    if (line.quantity <= 0) problems.push(`${at}: quantity must be greater than zero.`);
    if (line.unitPrice < 0) problems.push(`${at}: unit price must not be negative.`);
    const discount = 'discountPercent' in line ? line.discountPercent : undefined;
    lines.push({
      description: line.description || deal.name,
      quantity: line.quantity,
      unitAmount: line.unitPrice,
      ...(discount ? { discountRate: discount } : {}),
      ...(product?.itemCode ? { itemCode: product.itemCode } : {}),
      accountCode: product?.accountCode ?? settings.defaultAccountCode,
      ...(taxType ? { taxType } : {}),
    });
  }
  const discounted = lines.some((l) => (l.discountRate ?? 0) > 0);
  if (discounted && settings.requireDiscountApproval && !deal.discountApproved)
    problems.push('The deal has a discount that has not been approved.');
  const subTotalCents = lines.reduce(
    (sum, l) => sum + toCents(l.quantity * l.unitAmount * (1 - (l.discountRate ?? 0) / 100)),
    0,
  );
  if (sourceLines.length > 0 && subTotalCents <= 0)
    problems.push('The invoice total must be greater than zero.');
  if (problems.length > 0 || !deal.closeDate) return { kind: 'invalid', problems };

  return {
    kind: 'create',
    draft: {
      type: 'ACCREC',
      status: settings.createInvoiceAs,
      date: deal.closeDate,
      dueDate: addDays(deal.closeDate, settings.paymentTermsDays),
      currency,
      reference: deal.name.slice(0, 255),
      lines,
      subTotalCents,
    },
  };
}

export type AmendmentPlan =
  | { kind: 'unchanged' }
  | { kind: 'update_draft' }
  | { kind: 'credit_and_reissue' }
  | { kind: 'flag'; reason: string };

/** A deal already invoiced changed: what the amendment policy says to do with its invoice. */
export function planAmendment(
  invoice: Pick<CanonicalInvoice, 'status' | 'subTotal' | 'currency' | 'number'>,
  draft: InvoiceDraft,
  policy: MappingSettings['amendmentPolicy'],
): AmendmentPlan {
  const same = toCents(invoice.subTotal) === draft.subTotalCents && invoice.currency === draft.currency;
  if (same) return { kind: 'unchanged' };
  if (invoice.status === 'DRAFT' || invoice.status === 'SUBMITTED') return { kind: 'update_draft' };
  if (invoice.status === 'VOIDED' || invoice.status === 'DELETED')
    return {
      kind: 'flag',
      reason: `Invoice ${invoice.number} is ${invoice.status}; the deal changed after it.`,
    };
  if (policy === 'update_draft_else_credit_note' && invoice.status === 'AUTHORISED')
    return { kind: 'credit_and_reissue' };
  return {
    kind: 'flag',
    reason: `The deal changed after invoice ${invoice.number} was ${invoice.status.toLowerCase()} (invoice ${fmt(invoice.subTotal)} ${invoice.currency}, deal now ${fmt(draft.subTotalCents / 100)} ${draft.currency}): finance must amend it in Xero.`,
  };
}

function fmt(amount: number): string {
  return amount.toFixed(2);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
