import type Stripe from 'stripe';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import { matchPaymentToInvoice, type PaymentMatch } from '../../workflows/domain/stripe/paymentMatch';
import {
  XERO_INVOICE_ID_KEY,
  XERO_INVOICE_NUMBER_KEY,
  type StripePaymentFacts,
} from '../../workflows/domain/stripe/stripePayment';
import type { ConnectionStore } from '../connections/connectionStore';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { StripeCustomerLinks, XeroOrganisation } from './stripeCustomerLinks';
import { invoiceById, invoicesByNumber, openInvoicesOf } from './xeroPaymentReads';

export interface StripePaymentMatch {
  match: PaymentMatch;
  /** The organisation holding the matched invoice. */
  xeroTenantId?: string;
  /** The matched invoice (as Xero lists it: without its payments). */
  invoice?: CanonicalInvoice;
}

export interface MatchDeps {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  stripeFor(installationId: string): Promise<Stripe>;
  customerLinks: StripeCustomerLinks;
}

/** The installation's connected Xero organisations (a reconnect-needing one cannot be searched). */
export async function xeroOrganisationsOf(
  deps: Pick<MatchDeps, 'connections' | 'xeroApi'>,
  installationId: string,
): Promise<XeroOrganisation[]> {
  const all = await deps.connections.list({ installationId });
  return all
    .filter((c) => c.vendor === 'xero' && c.status === 'active')
    .map((c) => ({ tenantId: c.externalId, api: deps.xeroApi(c.id) }));
}

type Found = Array<{ tenantId: string; invoice: CanonicalInvoice }>;

/**
 * Which Xero invoice, in which of the installation's organisations, a Stripe payment pays
 * (paymentMatch.ts decides; this finds the invoices it decides among).
 */
export async function matchStripePayment(
  deps: MatchDeps,
  input: { installationId: string; payment: StripePaymentFacts },
): Promise<StripePaymentMatch> {
  const { installationId, payment } = input;
  const organisations = await xeroOrganisationsOf(deps, installationId);
  const namedId = payment.metadata[XERO_INVOICE_ID_KEY]?.trim().toLowerCase();
  const namedNumber = payment.metadata[XERO_INVOICE_NUMBER_KEY]?.trim();

  if (namedId || namedNumber) {
    const found: Found = [];
    for (const org of organisations) {
      if (namedId) {
        // A named ID decides on its own (paymentMatch checks a named number against that invoice's),
        // and an invoice ID is unique across Xero: one read per organisation, none after it is found.
        const byId = await invoiceById(org.api, namedId);
        if (byId) {
          found.push({ tenantId: org.tenantId, invoice: byId });
          break;
        }
      } else if (namedNumber)
        for (const invoice of await invoicesByNumber(org.api, namedNumber))
          found.push({ tenantId: org.tenantId, invoice });
    }
    return withInvoice(
      matchPaymentToInvoice({
        payment,
        customerXeroContactId: undefined,
        invoices: found.map((f) => f.invoice),
      }),
      found,
    );
  }

  if (!payment.customer) return { match: { kind: 'unmatched', reason: 'customer_not_linked' } };
  const link = await deps.customerLinks.resolve({
    installationId,
    customerId: payment.customer,
    stripe: await deps.stripeFor(installationId),
    organisations,
  });
  if (link.kind === 'not_linked') return { match: { kind: 'unmatched', reason: 'customer_not_linked' } };

  const contacts =
    link.kind === 'linked'
      ? [{ tenantId: link.xeroTenantId, contactId: link.xeroContactId }]
      : link.candidates;
  const results: Array<{ match: PaymentMatch; found: Found }> = [];
  for (const contact of contacts) {
    const org = organisations.find((o) => o.tenantId === contact.tenantId);
    const invoices = org ? await openInvoicesOf(org.api, contact.contactId) : [];
    const found = invoices.map((invoice) => ({ tenantId: contact.tenantId, invoice }));
    results.push({
      match: matchPaymentToInvoice({ payment, customerXeroContactId: contact.contactId, invoices }),
      found,
    });
  }
  const only = results[0];
  if (link.kind === 'linked' && only) return withInvoice(only.match, only.found);

  // Several contacts with the customer's e-mail: whatever their invoices say, a person decides.
  const candidates = [
    ...new Set(
      results.flatMap(({ match }) =>
        match.kind === 'matched' ? [match.xeroInvoiceId] : match.kind === 'ambiguous' ? match.candidates : [],
      ),
    ),
  ].sort();
  if (candidates.length === 0) return { match: { kind: 'unmatched', reason: 'customer_not_linked' } };
  return { match: { kind: 'ambiguous', rule: 'customer_amount', candidates } };
}

function withInvoice(match: PaymentMatch, found: Found): StripePaymentMatch {
  if (match.kind !== 'matched') return { match };
  const hit = found.find((f) => f.invoice.xeroInvoiceId === match.xeroInvoiceId);
  return hit ? { match, xeroTenantId: hit.tenantId, invoice: hit.invoice } : { match };
}
