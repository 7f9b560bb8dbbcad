import { sameCurrency, xeroAmountToMinor } from './minorUnits';
import {
  XERO_INVOICE_ID_KEY,
  XERO_INVOICE_NUMBER_KEY,
  type StripePaymentFacts,
  type XeroInvoiceFacts,
} from './stripePayment';

/**
 * Which Xero invoice a Stripe payment pays. The invoice the payment's metadata names comes first;
 * otherwise the open invoices of the Xero contact linked to the payment's customer whose amount due
 * is exactly the payment, in its currency. Several candidates go to a person and so does none:
 * a payment applied to the wrong invoice is worse than one waiting in the review queue.
 */
export type PaymentMatchRule = 'metadata_invoice_id' | 'metadata_invoice_number' | 'customer_amount';

export type PaymentUnmatchedReason =
  /** The metadata names an invoice the installation's Xero does not have. */
  | 'metadata_invoice_not_found'
  /** The named invoice is a bill, a draft, voided or deleted. */
  | 'metadata_invoice_not_payable'
  /** The named invoice is in another currency than the payment. */
  | 'metadata_currency_mismatch'
  /** No metadata, and the payment's customer is not linked to a Xero contact. */
  | 'customer_not_linked'
  /** Stripe represents the currency specially, so amounts are not compared. */
  | 'currency_not_compared'
  | 'no_open_invoice_with_amount';

export type PaymentMatch =
  | { kind: 'matched'; xeroInvoiceId: string; rule: PaymentMatchRule }
  | { kind: 'ambiguous'; rule: PaymentMatchRule | 'metadata'; candidates: string[] }
  | { kind: 'unmatched'; reason: PaymentUnmatchedReason };

export interface PaymentMatchInput {
  payment: StripePaymentFacts;
  /** The Xero contact linked to `payment.customer`, looked up by the caller; undefined when none. */
  customerXeroContactId: string | undefined;
  /** The installation's Xero invoices the caller could find (by ID/number, or the contact's open ones). */
  invoices: readonly XeroInvoiceFacts[];
}

const normaliseNumber = (value: string) => value.trim().toUpperCase();
const isReceivable = (invoice: XeroInvoiceFacts) => invoice.type === 'ACCREC';
/** Xero takes payments on approved invoices only; a PAID one can still be the one a payment names. */
const isPayable = (invoice: XeroInvoiceFacts) =>
  isReceivable(invoice) && (invoice.status === 'AUTHORISED' || invoice.status === 'PAID');
const unique = (ids: Iterable<string>) => [...new Set(ids)].sort();

export function matchPaymentToInvoice(input: PaymentMatchInput): PaymentMatch {
  const { payment, invoices } = input;
  const namedId = payment.metadata[XERO_INVOICE_ID_KEY]?.trim().toLowerCase();
  const namedNumber = payment.metadata[XERO_INVOICE_NUMBER_KEY];
  if (namedId || namedNumber?.trim()) return matchByMetadata(payment, invoices, namedId, namedNumber);

  if (!input.customerXeroContactId) return { kind: 'unmatched', reason: 'customer_not_linked' };
  if (xeroAmountToMinor(0, payment.currency) === undefined) {
    return { kind: 'unmatched', reason: 'currency_not_compared' };
  }
  const candidates = invoices.filter(
    (invoice) =>
      isReceivable(invoice) &&
      invoice.status === 'AUTHORISED' &&
      invoice.contactId === input.customerXeroContactId &&
      sameCurrency(payment.currency, invoice.currency) &&
      xeroAmountToMinor(invoice.amountDue, invoice.currency) === payment.amount,
  );
  const ids = unique(candidates.map((invoice) => invoice.xeroInvoiceId));
  if (ids.length === 1 && ids[0]) return { kind: 'matched', xeroInvoiceId: ids[0], rule: 'customer_amount' };
  if (ids.length > 1) return { kind: 'ambiguous', rule: 'customer_amount', candidates: ids };
  return { kind: 'unmatched', reason: 'no_open_invoice_with_amount' };
}

function matchByMetadata(
  payment: StripePaymentFacts,
  invoices: readonly XeroInvoiceFacts[],
  namedId: string | undefined,
  namedNumber: string | undefined,
): PaymentMatch {
  const byId = namedId ? invoices.filter((invoice) => invoice.xeroInvoiceId.toLowerCase() === namedId) : [];
  const number = namedNumber?.trim() ? normaliseNumber(namedNumber) : undefined;
  // Xero warns about duplicate invoice numbers but allows them; bills share the number space too.
  const byNumber = number
    ? invoices.filter((invoice) => isReceivable(invoice) && normaliseNumber(invoice.number) === number)
    : [];
  // A named ID is the stronger claim: when it is unknown, a number beside it is not tried instead.
  const rule: PaymentMatchRule = namedId ? 'metadata_invoice_id' : 'metadata_invoice_number';
  const found = namedId ? byId : byNumber;
  const invoice = found[0];
  if (!invoice) return { kind: 'unmatched', reason: 'metadata_invoice_not_found' };

  const ids = unique(found.map((candidate) => candidate.xeroInvoiceId));
  if (ids.length > 1) return { kind: 'ambiguous', rule, candidates: ids };
  // An ID and a number that name different invoices: the payer or the integration made a mistake.
  if (namedId && number && !byNumber.some((candidate) => candidate.xeroInvoiceId === invoice.xeroInvoiceId)) {
    return {
      kind: 'ambiguous',
      rule: 'metadata',
      candidates: unique([...byId, ...byNumber].map((candidate) => candidate.xeroInvoiceId)),
    };
  }
  if (!isPayable(invoice)) return { kind: 'unmatched', reason: 'metadata_invoice_not_payable' };
  if (!sameCurrency(payment.currency, invoice.currency)) {
    return { kind: 'unmatched', reason: 'metadata_currency_mismatch' };
  }
  return { kind: 'matched', xeroInvoiceId: invoice.xeroInvoiceId, rule };
}
