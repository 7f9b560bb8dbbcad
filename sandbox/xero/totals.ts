import type { LineAmountTypes, LineRecord } from './model';
import { taxRateOf } from './referenceData';
import { round2 } from './wire';

/**
 * Line, tax and invoice totals the way Xero computes them: LineAmount = Quantity × UnitAmount
 * (× (100 − DiscountRate) / 100 on a discounted sales line);
 * with Exclusive amounts tax is added on top, with Inclusive it is contained in the line amount.
 */
export function lineTotals(
  quantity: number,
  unitAmount: number,
  taxType: string | undefined,
  lineAmountTypes: LineAmountTypes,
  discountRate = 0,
): { lineAmount: number; taxAmount: number } {
  const lineAmount = round2((quantity * unitAmount * (100 - discountRate)) / 100);
  if (lineAmountTypes === 'NoTax') return { lineAmount, taxAmount: 0 };
  const rate = (taxRateOf(taxType) ?? 0) / 100;
  const taxAmount =
    lineAmountTypes === 'Exclusive'
      ? round2(lineAmount * rate)
      : round2(lineAmount - lineAmount / (1 + rate));
  return { lineAmount, taxAmount };
}

export function documentTotals(
  lines: readonly LineRecord[],
  lineAmountTypes: LineAmountTypes,
): { subTotal: number; totalTax: number; total: number } {
  const lineSum = round2(lines.reduce((sum, l) => sum + l.lineAmount, 0));
  const totalTax = round2(lines.reduce((sum, l) => sum + l.taxAmount, 0));
  if (lineAmountTypes === 'Inclusive')
    return { subTotal: round2(lineSum - totalTax), totalTax, total: lineSum };
  return { subTotal: lineSum, totalTax, total: round2(lineSum + totalTax) };
}
