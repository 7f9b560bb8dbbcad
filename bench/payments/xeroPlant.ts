import { randomUUID } from 'node:crypto';
import { createXeroEmulator, type XeroEmulator } from '../../sandbox/xero';
import type { PlantedInvoice } from './stories';

/** A Stripe object's ID as a Xero payment's reference names it. */
const STRIPE_PAYMENT_ID = /\b(?:pi|in|ch|py)_[A-Za-z0-9]+/g;

export interface PlantedXero {
  emulator: XeroEmulator;
  tenantId: string;
  /** AUTHORISED sales invoices with something due, in the organisation's order. */
  invoices: PlantedInvoice[];
  /** Live Xero payments per Stripe payment ID their reference names. */
  paymentsPerStripeId(): Map<string, number>;
  /** Live Xero payments on each invoice. */
  paymentsOnInvoice(xeroInvoiceId: string): number;
}

/**
 * Plants a Xero organisation with `count` payable sales invoices (NZD, no payments yet) in a Xero
 * emulator (the app's, or one of its own): what the bench's payments name. The seed is fixed, and dates are spread before `asOf`.
 */
export function plantXero(count: number, asOf: string, into?: XeroEmulator): PlantedXero {
  const emulator = into ?? createXeroEmulator();
  // The seed's mix makes some invoices drafts, bills or voided: seed enough to keep `count`.
  const tenantId = randomUUID();
  let invoices: PlantedInvoice[] = [];
  for (let size = Math.max(50, count * 3); ; size *= 2) {
    emulator.store.dropTenant(tenantId);
    emulator.seedDataset({
      seed: 2222,
      tenantId,
      tenantName: `Bench Payments ${tenantId.slice(0, 8)}`,
      contacts: Math.max(10, Math.ceil(size / 20)),
      invoices: size,
      currencies: ['NZD'],
      payments: false,
      asOf,
    });
    invoices = [...emulator.store.invoices.values()]
      .filter((i) => i.tenantId === tenantId && i.type === 'ACCREC' && i.status === 'AUTHORISED')
      .map((i) => ({
        xeroTenantId: tenantId,
        xeroInvoiceId: i.id,
        number: i.number,
        contactId: i.contactId,
        amountMinor: Math.round((i.total - i.amountPaid - i.amountCredited) * 100),
        currency: i.currency.toLowerCase(),
      }))
      .filter((i) => i.amountMinor > 0);
    if (invoices.length >= count) break;
  }
  const live = () =>
    [...emulator.store.payments.values()].filter((p) => p.tenantId === tenantId && p.status === 'AUTHORISED');
  return {
    emulator,
    tenantId,
    invoices: invoices.slice(0, count),
    paymentsPerStripeId: () => {
      const counts = new Map<string, number>();
      for (const p of live())
        for (const id of new Set(p.reference?.match(STRIPE_PAYMENT_ID) ?? []))
          counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts;
    },
    paymentsOnInvoice: (xeroInvoiceId) => live().filter((p) => p.invoiceId === xeroInvoiceId).length,
  };
}
