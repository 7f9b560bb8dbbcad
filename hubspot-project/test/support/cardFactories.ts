import type { CompanyCard, DealCard } from '../../src/app/cards/generated/cardData';

export function companyCard(overrides: Partial<CompanyCard> = {}): CompanyCard {
  return {
    companyId: '1001',
    companyName: 'Adatum Corporation',
    xeroContactId: '8f1d3b0e-5c4c-4d7a-9d55-0b6f1d2c3a4b',
    outstandingBalance: 1234.5,
    overdueAmount: 200,
    balanceCurrency: 'NZD',
    invoices: [
      {
        xeroInvoiceId: 'a1b2c3d4-0000-4000-8000-000000000001',
        number: 'INV-0042',
        status: 'AUTHORISED',
        dueDate: '2026-10-15',
        amountDue: { amount: 200, currency: 'USD' },
        total: { amount: 500, currency: 'USD' },
        overdue: true,
        xeroUrl:
          'https://go.xero.com/organisationlogin/default.aspx?shortcode=!AbCdE&redirecturl=%2FAccountsReceivable%2FView.aspx%3FInvoiceID%3Da1b2c3d4-0000-4000-8000-000000000001',
      },
      {
        xeroInvoiceId: 'a1b2c3d4-0000-4000-8000-000000000002',
        number: 'INV-0043',
        status: 'PAID',
        dueDate: '2026-12-01',
        amountDue: { amount: 0, currency: 'EUR' },
        total: { amount: 1034.5, currency: 'EUR' },
        overdue: false,
        xeroUrl: 'https://go.xero.com/organisationlogin/default.aspx?shortcode=!AbCdE',
      },
    ],
    payments: [
      {
        xeroPaymentId: 'p-1',
        date: '2026-11-02',
        amount: { amount: 1034.5, currency: 'EUR' },
        invoiceNumber: 'INV-0043',
        reference: 'Wire 7731',
      },
    ],
    invoicesPage: { page: 1, pageSize: 25, total: 2 },
    paymentsPage: { page: 1, pageSize: 25, total: 1 },
    xero: 'ok',
    lastSync: { at: '2026-11-03T09:15:00.000Z', action: 'link_account', outcome: 'succeeded' },
    problems: [],
    ...overrides,
  };
}

export function dealCard(overrides: Partial<DealCard> = {}): DealCard {
  return {
    dealId: '2001',
    dealName: 'Contoso renewal',
    isWon: true,
    invoice: {
      xeroInvoiceId: 'a1b2c3d4-0000-4000-8000-000000000009',
      number: 'INV-0099',
      status: 'AUTHORISED',
      amountDue: 750,
      amountPaid: 0,
      paymentStatus: 'UNPAID',
      onlineUrl: 'https://in.xero.com/abc123',
    },
    currency: 'USD',
    problems: [],
    paymentRetryCount: 0,
    lastSync: { at: '2026-11-20T14:05:00.000Z', action: 'record_invoice_on_deal', outcome: 'succeeded' },
    ...overrides,
  };
}
