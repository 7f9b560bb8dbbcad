import { randomUUID } from 'node:crypto';
import { SandboxClock } from '../../../sandbox/core/clock';
import { plantInvoice } from './deliveryFixtures';
import { expectXeroError, startXero, type XeroHarness } from './harness';
import { OpenApiContract } from './openApi';

/** POST /Invoices/{id}/Email through xero-node's emailInvoice, held to Xero's documented rules. */
describe('Xero emulator through xero-node: e-mailing an invoice', () => {
  const spec = new OpenApiContract('xero_accounting.yaml');
  let h: XeroHarness;
  beforeAll(async () => {
    // A pinned clock: what the emulator stamps comes from it, whatever day the test runs.
    h = await startXero({
      clock: new SandboxClock({ startAt: Date.UTC(2026, 10, 1, 9) }),
      dataset: { contacts: 3, invoices: 3 },
    });
  });
  afterAll(async () => h.close());
  beforeEach(() => h.emulator.faults.clear());

  const api = () => h.xero.accountingApi;
  const invoiceJson = async (id: string) => (await api().getInvoice(h.tenantId, id)).body.invoices![0]!;

  it('sends an approved sales invoice to the contact: 204, SentToContact, a history note, one e-mail recorded', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId, { email: 'ap@sent.example' });
    expect((await invoiceJson(planted.invoiceId)).sentToContact).toBe(false);
    const before = (await invoiceJson(planted.invoiceId)).updatedDateUTC!;

    const res = await api().emailInvoice(h.tenantId, planted.invoiceId, {}, randomUUID());

    expect(res.response.status).toBe(204);
    const sent: unknown = JSON.parse(String(res.response.config.data));
    expect(spec.requestErrors('POST', `/Invoices/${planted.invoiceId}/Email`, sent)).toEqual([]);
    const after = await invoiceJson(planted.invoiceId);
    expect(after.sentToContact).toBe(true);
    expect(after.updatedDateUTC!.getTime()).toBeGreaterThan(before.getTime());
    const emails = h.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId });
    expect(emails).toEqual([
      {
        tenantId: h.tenantId,
        invoiceId: planted.invoiceId,
        invoiceNumber: planted.number,
        to: ['ap@sent.example'],
        at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      },
    ]);
    expect(emails[0]!.at.slice(0, 10)).toBe('2026-11-01');
    const history = await api().getInvoiceHistory(h.tenantId, planted.invoiceId);
    expect(
      spec.responseErrors('GET', `/Invoices/${planted.invoiceId}/History`, 200, history.response.data),
    ).toEqual([]);
    expect(history.body.historyRecords!.map((r) => r.details)).toEqual([
      'This invoice has been emailed to ap@sent.example through the Xero API.',
    ]);

    const control = await fetch(`${h.server.url}/__sandbox/invoices/emails?invoiceId=${planted.invoiceId}`);
    expect(await control.json()).toEqual(emails);
  });

  it('sends once under a repeated Idempotency-Key, and again under a new one', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId);
    const key = randomUUID();
    await api().emailInvoice(h.tenantId, planted.invoiceId, {}, key);
    const replay = await api().emailInvoice(h.tenantId, planted.invoiceId, {}, key);
    expect(replay.response.status).toBe(204);
    expect(h.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toHaveLength(1);

    await api().emailInvoice(h.tenantId, planted.invoiceId, {}, randomUUID());
    expect(h.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toHaveLength(2);
  });

  it.each([
    ['a DRAFT invoice', { status: 'DRAFT' as const }, /Status SUBMITTED, AUTHORISED or PAID/],
    ['a bill (ACCPAY)', { type: 'ACCPAY' as const }, /sales invoices \(ACCREC\)/],
    ['a contact without an e-mail address', { email: null }, /no email address/],
  ])('refuses %s with a 400 ValidationException and sends nothing', async (_, options, message) => {
    const planted = plantInvoice(h.emulator, h.tenantId, options);
    const err = await expectXeroError(api().emailInvoice(h.tenantId, planted.invoiceId, {}, randomUUID()));

    expect(err.statusCode).toBe(400);
    expect(err.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
    expect(spec.responseErrors('POST', `/Invoices/${planted.invoiceId}/Email`, 400, err.body)).toEqual([]);
    const elements = err.body.Elements as Array<{ ValidationErrors: Array<{ Message: string }> }>;
    expect(elements[0]!.ValidationErrors[0]!.Message).toMatch(message);
    expect(h.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toEqual([]);
    expect((await invoiceJson(planted.invoiceId)).sentToContact).toBe(false);
  });

  it('sends a SUBMITTED invoice and a PAID one', async () => {
    const submitted = plantInvoice(h.emulator, h.tenantId, { status: 'SUBMITTED' });
    const paid = plantInvoice(h.emulator, h.tenantId);
    await fetch(`${h.server.url}/__sandbox/invoices/${paid.invoiceId}/pay`, { method: 'POST' });
    expect(String((await invoiceJson(paid.invoiceId)).status)).toBe('PAID');
    for (const { invoiceId } of [submitted, paid])
      await api().emailInvoice(h.tenantId, invoiceId, {}, randomUUID());
    expect(h.emulator.sentInvoiceEmails({ invoiceId: submitted.invoiceId })).toHaveLength(1);
    expect(h.emulator.sentInvoiceEmails({ invoiceId: paid.invoiceId })).toHaveLength(1);
  });

  it('answers 404 for an unknown invoice', async () => {
    const err = await expectXeroError(
      api().emailInvoice(h.tenantId, '00000000-0000-4000-8000-000000000000', {}, randomUUID()),
    );
    expect(err.statusCode).toBe(404);
  });

  it('takes injected faults like the other writes: a lost answer, then the retry under the same key replays', async () => {
    const planted = plantInvoice(h.emulator, h.tenantId);
    h.emulator.faults.add({
      kind: 'drop',
      method: 'POST',
      pathPrefix: '/api.xro/2.0/Invoices/',
      afterHandler: true,
      count: 1,
    });
    const key = randomUUID();
    await expect(api().emailInvoice(h.tenantId, planted.invoiceId, {}, key)).rejects.toBeDefined();
    expect(h.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toHaveLength(1);

    h.emulator.faults.add({
      kind: 'error',
      method: 'POST',
      pathPrefix: '/api.xro/2.0/Invoices/',
      status: 503,
      count: 1,
    });
    const failed = await expectXeroError(api().emailInvoice(h.tenantId, planted.invoiceId, {}, key));
    expect(failed.statusCode).toBe(503);

    await api().emailInvoice(h.tenantId, planted.invoiceId, {}, key);
    expect(h.emulator.sentInvoiceEmails({ invoiceId: planted.invoiceId })).toHaveLength(1);
  });
});
