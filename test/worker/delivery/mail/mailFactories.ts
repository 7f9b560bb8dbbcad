import type { PortalLinkIssuer, PortalLinkRequest } from '../../../../worker/delivery/portalLinkIssuer';
import type { InvoiceFacts } from '../../../../worker/delivery/mail/invoiceMessage';
import type { InvoiceMessageInput } from '../../../../worker/delivery/mail/invoiceMessage';

/** The tests' clock: a fixed instant, so no test depends on today's date. */
export const T0 = new Date('2031-05-14T09:30:00Z');
export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export function invoiceFacts(overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    xeroTenantId: 'tenant-1',
    xeroInvoiceId: 'inv-0042-id',
    xeroContactId: 'contact-7',
    number: 'INV-0042',
    version: 'v1',
    contactName: 'Ada Lovelace',
    currency: 'GBP',
    total: 1234.5,
    amountDue: 1000,
    dueDate: isoDate(addDays(T0, 14)),
    onlineInvoiceUrl: 'https://in.xero.com/abc123',
    ...overrides,
  };
}

/** A PortalLinkIssuer that records what it was asked and answers links valid from the tests' clock. */
export function fakePortalLinks(
  now: () => Date = () => T0,
): PortalLinkIssuer & { requests: PortalLinkRequest[] } {
  const requests: PortalLinkRequest[] = [];
  return {
    requests,
    issue(request) {
      requests.push(request);
      const linkId = `link-${requests.length}`;
      return Promise.resolve({
        linkId,
        url: `https://portal.example.test/p/${request.installationId}/${linkId}?t=sig`,
        expiresAt: addDays(now(), request.validDays).toISOString(),
      });
    },
  };
}

export const PDF = Buffer.from('%PDF-1.4\n% test invoice\n%%EOF\n');

export function messageInput(overrides: Partial<InvoiceMessageInput> = {}): InvoiceMessageInput {
  return {
    installationId: '0b9a4c5e-1111-4222-8333-444455556666',
    message: { kind: 'invoice' },
    invoice: invoiceFacts(),
    delivery: { brand: { colour: '#1F6FEB', name: 'Acme Supplies' }, portalLinkDays: 30 },
    organisationName: 'Acme Supplies Ltd',
    from: { address: 'billing@acme.example', name: null },
    to: ['ada@customer.example'],
    pdf: PDF,
    ...overrides,
  };
}
