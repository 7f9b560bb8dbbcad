import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Invoice } from 'xero-node';
import { expectXeroError, startXero, type XeroHarness } from './harness';
import { OpenApiContract } from './openApi';

interface SdkResult {
  response: { status: number; data: unknown; config: { method?: string; url?: string; data?: unknown } };
}

/**
 * Every response the emulator gives for the operations Ledgerbridge uses must validate against
 * Xero's OpenAPI document, and every request xero-node sends must be one the document allows.
 */
describe('Xero emulator against Xero’s OpenAPI specs', () => {
  const accounting = new OpenApiContract('xero_accounting.yaml');
  let h: XeroHarness;
  const checked: string[] = [];

  beforeAll(async () => {
    h = await startXero({ dataset: { contacts: 20, invoices: 60 } });
  });
  afterAll(async () => h.close());

  function check(result: SdkResult): void {
    const { config, status, data } = result.response;
    const url = new URL(config.url ?? '');
    const apiPath = url.pathname.replace(/^\/api\.xro\/2\.0/, '');
    const method = (config.method ?? 'get').toUpperCase();
    checked.push(`${method} ${accounting.template(method, apiPath)}`);
    expect(accounting.responseErrors(method, apiPath, status, data)).toEqual([]);
    const sent =
      typeof config.data === 'string' && config.data !== ''
        ? (JSON.parse(config.data) as unknown)
        : undefined;
    if (method !== 'GET') expect(accounting.requestErrors(method, apiPath, sent)).toEqual([]);
  }

  it('reads: invoices (paged and single), contacts, payments, credit notes, reference data, online invoice', async () => {
    const api = h.xero.accountingApi;
    const t = h.tenantId;
    const paged = await api.getInvoices(
      t,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      1,
      undefined,
      undefined,
      undefined,
      undefined,
      50,
    );
    check(paged);
    check(await api.getInvoices(t, new Date(0), 'Status=="AUTHORISED"'));
    const authorised = paged.body.invoices!.find(
      (i) => String(i.status) === 'AUTHORISED' && String(i.type) === 'ACCREC',
    )!;
    check(await api.getInvoice(t, authorised.invoiceID!));
    check(await api.getOnlineInvoice(t, authorised.invoiceID!));
    check(
      await api.getContacts(t, undefined, undefined, undefined, undefined, 1, true, undefined, undefined, 10),
    );
    check(await api.getContact(t, [...h.emulator.store.contacts.values()][0]!.id));
    const payments = await api.getPayments(t);
    check(payments);
    check(await api.getPayment(t, payments.body.payments![0]!.paymentID!));
    check(await api.getCreditNotes(t));
    for (const call of [
      api.getCurrencies(t),
      api.getTaxRates(t),
      api.getItems(t),
      api.getAccounts(t),
      api.getTrackingCategories(t),
      api.getOrganisations(t),
    ]) {
      check(await call);
    }
  });

  it('writes: contacts, invoices (create, update, void), payments (create, delete), credit notes and allocations', async () => {
    const api = h.xero.accountingApi;
    const t = h.tenantId;
    const contact = await api.createContacts(t, {
      contacts: [
        { name: 'Contract Test Ltd', emailAddress: 'ap@contract.example', contactGroups: [{ name: 'VIP' }] },
      ],
    });
    check(contact);
    const contactId = contact.body.contacts![0]!.contactID!;
    check(await api.updateContact(t, contactId, { contacts: [{ taxNumber: 'TX-42' }] }));
    const created = await api.createInvoices(
      t,
      {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID: contactId },
            date: '2026-11-01',
            dueDate: '2026-12-01',
            reference: 'Deal 1',
            lineItems: [
              { description: 'Licence', quantity: 2, unitAmount: 100, accountCode: '200', taxType: 'OUTPUT' },
            ],
            status: Invoice.StatusEnum.AUTHORISED,
          },
        ],
      },
      true,
      4,
      'contract-test-1',
    );
    check(created);
    const id = created.body.invoices![0]!.invoiceID!;
    check(
      await api.updateOrCreateInvoices(t, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            contact: { contactID: contactId },
            lineItems: [{ description: 'Draft', quantity: 1, unitAmount: 5, accountCode: '200' }],
          },
        ],
      }),
    );
    const payment = await api.createPayment(t, {
      invoice: { invoiceID: id },
      account: { code: '090' },
      amount: 20,
      date: '2026-11-02',
    });
    check(payment);
    check(await api.deletePayment(t, payment.body.payments![0]!.paymentID!, { status: 'DELETED' as never }));
    const note = await api.createCreditNotes(t, {
      creditNotes: [
        {
          type: 'ACCRECCREDIT' as never,
          contact: { contactID: contactId },
          lineItems: [
            { description: 'Goodwill', quantity: 1, unitAmount: 10, accountCode: '200', taxType: 'NONE' },
          ],
          status: 'AUTHORISED' as never,
        },
      ],
    });
    check(note);
    check(
      await api.createCreditNoteAllocation(t, note.body.creditNotes![0]!.creditNoteID!, {
        allocations: [{ invoice: { invoiceID: id }, amount: 10, date: '2026-11-03' }],
      }),
    );
    const draft = await api.createInvoices(t, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: contactId },
          lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '200' }],
        },
      ],
    });
    check(
      await api.updateInvoice(t, draft.body.invoices![0]!.invoiceID!, {
        invoices: [{ status: Invoice.StatusEnum.DELETED }],
      }),
    );
  });

  it('error bodies: validation exceptions match the spec’s 400 schema', async () => {
    const err = await expectXeroError(
      h.xero.accountingApi.createInvoices(h.tenantId, {
        invoices: [
          {
            type: Invoice.TypeEnum.ACCREC,
            lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '999' }],
          },
        ],
      }),
    );
    expect(err.statusCode).toBe(400);
    expect(accounting.responseErrors('PUT', '/Invoices', 400, err.body)).toEqual([]);
    const payErr = await expectXeroError(
      h.xero.accountingApi.createPayment(h.tenantId, {
        invoice: { invoiceID: '00000000-0000-4000-8000-000000000000' },
        account: { code: '090' },
        amount: 1,
      }),
    );
    expect(accounting.responseErrors('POST', '/Payments', 400, payErr.body)).toEqual([]);
  });

  it('the validator does refuse what the spec forbids', () => {
    expect(
      accounting.responseErrors('GET', '/Invoices', 200, {
        Invoices: [{ Status: 'BOGUS', InvoiceID: 'not-a-uuid', Total: 'ten' }],
      }),
    ).toHaveLength(3);
    expect(
      accounting.requestErrors('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', LineItems: 'none' }] })
        .length,
    ).toBeGreaterThan(0);
    expect(accounting.template('DELETE', '/Nowhere')).toBeUndefined();
  });

  it('/Connections matches the identity spec', async () => {
    const identity = new OpenApiContract('xero-identity.yaml');
    const res = await fetch(`${h.server.url}/connections`, {
      headers: { authorization: `Bearer ${h.tokenSet.access_token}` },
    });
    expect(identity.responseErrors('GET', '/Connections', res.status, await res.json())).toEqual([]);
  });

  it('webhook payloads match the webhooks spec', async () => {
    const webhooksSpec = new OpenApiContract('xero-webhooks.yaml');
    const bodies: unknown[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', () => {
          bodies.push(JSON.parse(Buffer.concat(chunks).toString()));
          res.writeHead(200).end();
        });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      h.emulator.webhooks.configure({
        url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`,
        key: 'k',
      });
      await h.xero.accountingApi.createContacts(h.tenantId, { contacts: [{ name: 'Webhook Contract Co' }] });
      await h.emulator.webhooks.flush();
      expect(bodies).toHaveLength(1);
      expect(webhooksSpec.componentErrors('WebhookEvent', bodies[0])).toEqual([]);
    } finally {
      h.emulator.webhooks.configure(undefined);
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('covered every operation the worker uses', () => {
    expect(new Set(checked)).toEqual(
      new Set([
        'GET /Invoices',
        'GET /Invoices/{InvoiceID}',
        'GET /Invoices/{InvoiceID}/OnlineInvoice',
        'GET /Contacts',
        'GET /Contacts/{ContactID}',
        'GET /Payments',
        'GET /Payments/{PaymentID}',
        'GET /CreditNotes',
        'GET /Currencies',
        'GET /TaxRates',
        'GET /Items',
        'GET /Accounts',
        'GET /TrackingCategories',
        'GET /Organisation',
        'PUT /Contacts',
        'POST /Contacts/{ContactID}',
        'PUT /Invoices',
        'POST /Invoices',
        'POST /Invoices/{InvoiceID}',
        'POST /Payments',
        'POST /Payments/{PaymentID}',
        'PUT /CreditNotes',
        'PUT /CreditNotes/{CreditNoteID}/Allocations',
      ]),
    );
  });
});
