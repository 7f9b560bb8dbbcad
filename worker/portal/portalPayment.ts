import type Stripe from 'stripe';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import { xeroAmountToMinor } from '../../workflows/domain/stripe/minorUnits';
import { XERO_INVOICE_ID_KEY, XERO_INVOICE_NUMBER_KEY } from '../../workflows/domain/stripe/stripePayment';

export type PayDestination = { kind: 'stripe_checkout' | 'xero_online'; url: string };

/**
 * Where the Pay button of one open invoice leads: a Stripe Checkout Session for its amount due when
 * the installation has a Stripe account (its PaymentIntent's metadata names the Xero invoice, as the
 * payment matcher reads it), else Xero's online invoice. Undefined when neither is possible.
 */
export async function payDestination(input: {
  invoice: CanonicalInvoice;
  stripe: Stripe | undefined;
  /** Xero's online invoice URL, read only when needed. */
  onlineUrl: () => Promise<string | undefined>;
  /** Where Checkout returns the customer (the portal page). */
  returnUrl: string;
  xeroTenantId: string;
}): Promise<PayDestination | undefined> {
  const { invoice, stripe } = input;
  const minor = xeroAmountToMinor(invoice.amountDue, invoice.currency);
  if (stripe && minor !== undefined && minor > 0) {
    const metadata = {
      [XERO_INVOICE_ID_KEY]: invoice.xeroInvoiceId,
      [XERO_INVOICE_NUMBER_KEY]: invoice.number,
      xero_tenant_id: input.xeroTenantId,
      source: 'ledgerbridge_portal',
    };
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: invoice.currency.toLowerCase(),
            unit_amount: minor,
            product_data: { name: `Invoice ${invoice.number}` },
          },
        },
      ],
      client_reference_id: invoice.xeroInvoiceId,
      metadata,
      payment_intent_data: { metadata, description: `Invoice ${invoice.number}` },
      success_url: `${input.returnUrl}?paid=${encodeURIComponent(invoice.number)}`,
      cancel_url: input.returnUrl,
    });
    if (session.url) return { kind: 'stripe_checkout', url: session.url };
  }
  const online = await input.onlineUrl();
  return online ? { kind: 'xero_online', url: online } : undefined;
}
