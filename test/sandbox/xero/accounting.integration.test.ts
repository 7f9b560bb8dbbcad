import { Invoice, LineAmountTypes } from 'xero-node';
import { expectXeroError, startXero, type XeroHarness } from './harness';

describe('Xero emulator through xero-node: Accounting API', () => {
  let h: XeroHarness;
  beforeEach(async () => {
    h = await startXero();
  });
  afterEach(async () => h.close());

  const api = () => h.xero.accountingApi;
  const someContactId = () => [...h.emulator.store.contacts.values()].find((c) => c.status === 'ACTIVE')!.id;

  it('lists invoices in pages with line items, and single invoices in full', async () => {
    const page1 = await api().getInvoices(
      h.tenantId,
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
      20,
    );
    expect(page1.body.invoices).toHaveLength(20);
    expect(page1.body.pagination).toEqual({ page: 1, pageSize: 20, pageCount: 2, itemCount: 30 });
    const first = page1.body.invoices![0]!;
    expect(first.lineItems!.length).toBeGreaterThan(0);
    expect(first.updatedDateUTC).toBeInstanceOf(Date);
    const one = await api().getInvoice(h.tenantId, first.invoiceID!);
    expect(one.body.invoices![0]).toMatchObject({
      invoiceID: first.invoiceID,
      invoiceNumber: first.invoiceNumber,
      total: first.total,
    });
    expect(one.body.invoices![0]!.amountDue).toBeCloseTo(
      first.total! - first.amountPaid! - first.amountCredited!,
      2,
    );
  });

  it('filters by Statuses, IDs, where and If-Modified-Since', async () => {
    const paid = await api().getInvoices(
      h.tenantId,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      ['PAID'],
    );
    expect(paid.body.invoices!.length).toBeGreaterThan(0);
    expect(paid.body.invoices!.every((i) => String(i.status) === 'PAID')).toBe(true);

    const ids = paid.body.invoices!.slice(0, 2).map((i) => i.invoiceID!);
    const byId = await api().getInvoices(h.tenantId, undefined, undefined, undefined, ids);
    expect(byId.body.invoices!.map((i) => i.invoiceID).sort()).toEqual([...ids].sort());

    const where = await api().getInvoices(h.tenantId, undefined, 'Type=="ACCREC" AND Total>500');
    expect(where.body.invoices!.every((i) => String(i.type) === 'ACCREC' && i.total! > 500)).toBe(true);

    const before = new Date(h.emulator.clock.now());
    await new Promise((r) => setTimeout(r, 5));
    const created = await api().createInvoices(h.tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: someContactId() },
          lineItems: [{ description: 'Widget', quantity: 2, unitAmount: 50, accountCode: '200' }],
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const since = await api().getInvoices(h.tenantId, before);
    expect(since.body.invoices!.map((i) => i.invoiceID)).toEqual([created.body.invoices![0]!.invoiceID]);
  });

  it('summaryOnly pages the same invoices without line items, payments or credit notes', async () => {
    const args = (summaryOnly: boolean) =>
      [
        h.tenantId,
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
        summaryOnly,
        100,
      ] as const;
    const full = await api().getInvoices(...args(false));
    const summary = await api().getInvoices(...args(true));
    expect(summary.body.invoices!.map((i) => i.invoiceID)).toEqual(
      full.body.invoices!.map((i) => i.invoiceID),
    );
    expect(full.body.invoices!.some((i) => (i.lineItems?.length ?? 0) > 0)).toBe(true);
    expect(summary.body.invoices!.every((i) => i.lineItems === undefined && i.payments === undefined)).toBe(
      true,
    );
    expect(summary.body.invoices![0]).toMatchObject({
      amountDue: full.body.invoices![0]!.amountDue,
      updatedDateUTC: expect.anything(),
    });
  });

  it('computes totals and numbers on create, honours Inclusive amounts and currency', async () => {
    const res = await api().createInvoices(h.tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: someContactId() },
          lineAmountTypes: LineAmountTypes.Inclusive,
          currencyCode: 'EUR' as never,
          date: '2026-11-02',
          dueDate: '2026-12-02',
          reference: 'Deal 006XX',
          lineItems: [
            {
              description: 'Licence',
              quantity: 1,
              unitAmount: 110,
              accountCode: '200',
              taxType: 'OUTPUT',
              tracking: [{ name: 'Region', option: 'North' }],
            },
          ],
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const inv = res.body.invoices![0]!;
    expect(inv).toMatchObject({
      total: 110,
      totalTax: 10,
      subTotal: 100,
      amountDue: 110,
      reference: 'Deal 006XX',
    });
    expect(String(inv.currencyCode)).toBe('EUR');
    expect(inv.invoiceNumber).toMatch(/^INV-\d{4}$/);
    expect(inv.lineItems![0]!.tracking![0]).toMatchObject({ name: 'Region', option: 'North' });
  });

  it('rejects an invalid batch whole with a ValidationException, or per element with summarizeErrors=false', async () => {
    const good = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID: someContactId() },
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '200' }],
    };
    const bad = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID: someContactId() },
      lineItems: [{ description: 'x', quantity: 1, unitAmount: 1, accountCode: '999' }],
    };
    const count = h.emulator.store.invoices.size;
    const err = await expectXeroError(api().createInvoices(h.tenantId, { invoices: [good, bad] }));
    expect(err.statusCode).toBe(400);
    expect(err.body).toMatchObject({
      ErrorNumber: 10,
      Type: 'ValidationException',
      Message: 'A validation exception occurred',
    });
    expect(JSON.stringify(err.body.Elements)).toContain(
      "Account code '999' is not a valid code for this document.",
    );
    expect(h.emulator.store.invoices.size).toBe(count);

    const partial = await api().createInvoices(h.tenantId, { invoices: [good, bad] }, false);
    expect(partial.body.invoices![0]!.hasErrors).toBeFalsy();
    expect(partial.body.invoices![1]!.hasErrors).toBe(true);
    expect(partial.body.invoices![1]!.validationErrors![0]!.message).toMatch(/Account code/);
    expect(h.emulator.store.invoices.size).toBe(count + 1);
  });

  it('replays a write with the same Idempotency-Key instead of creating twice', async () => {
    const body = {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: someContactId() },
          lineItems: [{ description: 'Once', quantity: 1, unitAmount: 10, accountCode: '200' }],
        },
      ],
    };
    const count = h.emulator.store.invoices.size;
    const a = await api().createInvoices(h.tenantId, body, true, 4, 'deal-006-v1');
    const b = await api().createInvoices(h.tenantId, body, true, 4, 'deal-006-v1');
    expect(b.body.invoices![0]!.invoiceID).toBe(a.body.invoices![0]!.invoiceID);
    expect(h.emulator.store.invoices.size).toBe(count + 1);
    await api().createInvoices(h.tenantId, body, true, 4, 'deal-006-v2');
    expect(h.emulator.store.invoices.size).toBe(count + 2);
  });

  it('takes payments: part-paid, then PAID, and a deleted payment reopens the invoice', async () => {
    const created = await api().createInvoices(h.tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: someContactId() },
          lineItems: [
            { description: 'Work', quantity: 1, unitAmount: 100, accountCode: '200', taxType: 'NONE' },
          ],
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const id = created.body.invoices![0]!.invoiceID!;
    const first = await api().createPayment(h.tenantId, {
      invoice: { invoiceID: id },
      account: { code: '090' },
      amount: 40,
      date: '2026-11-05',
    });
    expect(first.body.payments![0]).toMatchObject({ amount: 40 });
    expect((await api().getInvoice(h.tenantId, id)).body.invoices![0]).toMatchObject({
      amountPaid: 40,
      amountDue: 60,
    });
    const tooMuch = await expectXeroError(
      api().createPayment(h.tenantId, { invoice: { invoiceID: id }, account: { code: '090' }, amount: 61 }),
    );
    expect(JSON.stringify(tooMuch.body)).toContain('exceeds the amount outstanding');
    const second = await api().createPayment(h.tenantId, {
      invoice: { invoiceID: id },
      account: { code: '090' },
      amount: 60,
    });
    expect(String((await api().getInvoice(h.tenantId, id)).body.invoices![0]!.status)).toBe('PAID');
    await api().deletePayment(h.tenantId, second.body.payments![0]!.paymentID!, {
      status: 'DELETED' as never,
    });
    expect((await api().getInvoice(h.tenantId, id)).body.invoices![0]).toMatchObject({ amountDue: 60 });
    expect(String((await api().getInvoice(h.tenantId, id)).body.invoices![0]!.status)).toBe('AUTHORISED');
  });

  it('voids only unpaid invoices and refuses other status moves', async () => {
    const created = await api().createInvoices(h.tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: someContactId() },
          lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, accountCode: '200' }],
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const id = created.body.invoices![0]!.invoiceID!;
    const toDraft = await expectXeroError(
      api().updateInvoice(h.tenantId, id, { invoices: [{ status: Invoice.StatusEnum.DRAFT }] }),
    );
    expect(JSON.stringify(toDraft.body)).toContain('Invoice not of valid status for modification');
    const voided = await api().updateInvoice(h.tenantId, id, {
      invoices: [{ status: Invoice.StatusEnum.VOIDED }],
    });
    expect(String(voided.body.invoices![0]!.status)).toBe('VOIDED');
  });

  it('serves credit notes with allocations, online invoice links and reference data', async () => {
    const created = await api().createInvoices(h.tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: someContactId() },
          lineItems: [
            { description: 'x', quantity: 1, unitAmount: 100, accountCode: '200', taxType: 'NONE' },
          ],
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const id = created.body.invoices![0]!.invoiceID!;
    const note = await api().createCreditNotes(h.tenantId, {
      creditNotes: [
        {
          type: 'ACCRECCREDIT' as never,
          contact: { contactID: someContactId() },
          lineItems: [{ description: 'refund', quantity: 1, unitAmount: 30, taxType: 'NONE' }],
          status: 'AUTHORISED' as never,
        },
      ],
    });
    const noteId = note.body.creditNotes![0]!.creditNoteID!;
    await api().createCreditNoteAllocation(h.tenantId, noteId, {
      allocations: [{ invoice: { invoiceID: id }, amount: 30, date: '2026-11-06' }],
    });
    expect((await api().getInvoice(h.tenantId, id)).body.invoices![0]).toMatchObject({
      amountCredited: 30,
      amountDue: 70,
    });
    const online = await api().getOnlineInvoice(h.tenantId, id);
    expect(online.body.onlineInvoices![0]!.onlineInvoiceUrl).toMatch(/^https:\/\/in\.xero\.com\//);
    expect((await api().getCurrencies(h.tenantId)).body.currencies!.map((c) => String(c.code))).toContain(
      'EUR',
    );
    expect((await api().getTaxRates(h.tenantId)).body.taxRates!.map((t) => t.taxType)).toContain('OUTPUT');
    expect((await api().getItems(h.tenantId)).body.items!.map((i) => i.code)).toContain('CONSULT');
    expect((await api().getAccounts(h.tenantId)).body.accounts!.map((a) => a.code)).toContain('200');
    expect((await api().getTrackingCategories(h.tenantId)).body.trackingCategories![0]!.name).toBe('Region');
  });

  it('creates and updates contacts, refusing a duplicate active name and a bad e-mail', async () => {
    const res = await api().createContacts(h.tenantId, {
      contacts: [{ name: 'Brand New Co', emailAddress: 'ap@brandnew.example', taxNumber: 'TX-1' }],
    });
    const id = res.body.contacts![0]!.contactID!;
    const dup = await expectXeroError(
      api().createContacts(h.tenantId, { contacts: [{ name: 'brand new co' }] }),
    );
    expect(JSON.stringify(dup.body)).toContain('already assigned to another contact');
    const badEmail = await expectXeroError(
      api().updateContact(h.tenantId, id, { contacts: [{ emailAddress: 'nope' }] }),
    );
    expect(JSON.stringify(badEmail.body)).toContain('Email address must be valid.');
    await api().updateContact(h.tenantId, id, { contacts: [{ emailAddress: 'billing@brandnew.example' }] });
    expect((await api().getContact(h.tenantId, id)).body.contacts![0]!.emailAddress).toBe(
      'billing@brandnew.example',
    );
  });

  it('refuses a missing or foreign tenant (403) and an expired token (401) in Xero shape', async () => {
    const foreign = await expectXeroError(api().getInvoices('00000000-0000-4000-8000-000000000000'));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.body).toMatchObject({ Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' });
    const missing = await expectXeroError(
      api().getInvoice(h.tenantId, '11111111-1111-4111-8111-111111111111'),
    );
    expect(missing.statusCode).toBe(404);
    h.emulator.faults.add({ kind: 'expire_token', count: 1 });
    const expired = await expectXeroError(api().getInvoices(h.tenantId));
    expect(expired.statusCode).toBe(401);
    expect(expired.body).toMatchObject({ Title: 'Unauthorized', Status: 401 });
  });
});
