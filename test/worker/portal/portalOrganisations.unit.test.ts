import { randomUUID } from 'node:crypto';
import type { Connection } from '../../../worker/connections/connectionStore';
import type { XeroApi } from '../../../worker/connectors/xero/xeroApi';
import { portalOrganisations } from '../../../worker/portal/portalXeroReader';
import { portalView } from '../../../worker/portal/portalView';
import { contrastRatio, readableOnWhite, textOn } from '../../../worker/portal/pages/html';

describe('portal: whose Xero a link reads', () => {
  const mine = randomUUID();
  const tenant = randomUUID();
  const connection = (installationId: string, status: Connection['status'] = 'active') =>
    ({ id: `conn-${installationId}`, installationId, status, displayName: 'Org' }) as Connection;
  const api = (id: string) => ({ id }) as unknown as XeroApi;

  it('only the link’s own installation’s working connection to the organisation', async () => {
    const customer = { installationId: mine, xeroTenantId: tenant, xeroContactId: randomUUID() };
    const of = (found: Connection | undefined) =>
      portalOrganisations({ find: () => Promise.resolve(found) }, api)(customer);
    expect(await of(connection(mine))).toEqual({ api: { id: `conn-${mine}` }, name: 'Org' });
    expect(await of(connection(randomUUID()))).toBeUndefined();
    expect(await of(connection(mine, 'needs_reauth'))).toBeUndefined();
    expect(await of(undefined)).toBeUndefined();
  });
});

describe('portal view and colours', () => {
  it('marks invoices due before today overdue and totals per currency to the cent', () => {
    const invoice = (number: string, dueDate: string, amountDue: number, currency = 'USD') =>
      ({
        xeroInvoiceId: randomUUID(),
        number,
        date: '2026-01-01',
        dueDate,
        currency,
        total: amountDue,
        amountDue,
        status: 'AUTHORISED',
      }) as never;
    const view = portalView({
      from: 'Acme',
      customerName: 'Customer',
      today: '2026-03-01',
      openInvoices: [
        invoice('A', '2026-02-28', 0.1),
        invoice('B', '2026-03-01', 0.2),
        invoice('C', '2026-01-01', 5, 'EUR'),
      ],
      payments: [
        {
          xeroPaymentId: randomUUID(),
          date: '2026-02-01',
          amount: 7.05,
          currency: 'USD',
          invoiceId: randomUUID(),
          invoiceNumber: 'Z',
        },
      ],
    });
    expect(view.openInvoices.map((i) => [i.number, i.overdue])).toEqual([
      ['A', true],
      ['B', false],
      ['C', true],
    ]);
    expect(view.totals).toEqual([
      { currency: 'USD', outstanding: 0.3, overdue: 0.1, paid: 7.05 },
      { currency: 'EUR', outstanding: 5, overdue: 5, paid: 0 },
    ]);
  });

  it('keeps text on and in the brand colour at WCAG AA contrast', () => {
    for (const colour of ['#FFD60A', '#1F6FEB', '#000000', '#FFFFFF', '#00FF00', '#777777']) {
      expect(contrastRatio(colour, textOn(colour))).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(readableOnWhite(colour), '#FFFFFF')).toBeGreaterThanOrEqual(4.5);
    }
    expect(readableOnWhite('#1F6FEB')).toBe('#1F6FEB');
  });
});
