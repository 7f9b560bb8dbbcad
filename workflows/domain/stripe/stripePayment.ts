import type { CanonicalInvoice } from '../canonical';

/**
 * What the payments rules need from a Stripe payment (a PaymentIntent, or a Charge without one),
 * under Stripe's field names. The connector fills it from the event's object after validating it.
 */
export interface StripePaymentFacts {
  /** `pi_…` or `ch_…`. */
  id: string;
  /** The charge that settled it (`latest_charge`), when known: Xero's pay-now may quote either ID. */
  latest_charge?: string | null | undefined;
  /** Received, in the currency's minor unit (`amount_received` of a PaymentIntent, `amount` of a Charge). */
  amount: number;
  /** Lower-case, as Stripe sends it. */
  currency: string;
  customer: string | null;
  metadata: Readonly<Record<string, string>>;
  /**
   * When it succeeded, Unix seconds: the `created` of its `payment_intent.succeeded` (or
   * `charge.succeeded`) event. Not the PaymentIntent's own `created`, which can be days earlier;
   * Xero dates a payment by the day the money came.
   */
  succeeded_at: number;
}

/** The fields of a Xero invoice the matching rules read. */
export type XeroInvoiceFacts = Pick<
  CanonicalInvoice,
  'xeroInvoiceId' | 'number' | 'type' | 'status' | 'contactId' | 'currency' | 'amountDue'
>;

/** Metadata keys a payment can name its Xero invoice by (set by whoever creates the PaymentIntent). */
export const XERO_INVOICE_ID_KEY = 'xero_invoice_id';
export const XERO_INVOICE_NUMBER_KEY = 'xero_invoice_number';
