import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Invoice } from 'xero-node';
import { verifyXeroSignature } from '../../../worker/webhooks/xeroSignature';
import { expectXeroError, startXero, type XeroHarness } from './harness';

describe('Xero emulator: rate limits', () => {
  let h: XeroHarness;
  afterEach(async () => h.close());

  it('answers the 61st call in a minute with 429, Retry-After and X-Rate-Limit-Problem, and counts down the headers', async () => {
    h = await startXero({ rateLimits: { perMinute: 5, scale: 0.02 } }); // a "minute" of 1.2 s
    const seen: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await h.xero.accountingApi.getCurrencies(h.tenantId);
      seen.push(String(res.response.headers['x-minlimit-remaining']));
    }
    expect(seen).toEqual(['4', '3', '2', '1', '0']);
    const limited = await expectXeroError(h.xero.accountingApi.getCurrencies(h.tenantId));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-rate-limit-problem']).toBe('minute');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    await expect(h.xero.accountingApi.getCurrencies(h.tenantId)).resolves.toBeDefined();
  });

  it('allows 5 calls in flight per tenant and refuses the 6th as concurrent', async () => {
    h = await startXero();
    h.emulator.faults.add({ kind: 'latency', latencyMs: 300, count: 6 });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => h.xero.accountingApi.getCurrencies(h.tenantId)),
    );
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(
      JSON.parse(String((rejected[0] as PromiseRejectedResult).reason)).response.headers[
        'x-rate-limit-problem'
      ],
    ).toBe('concurrent');
  });
});

describe('Xero emulator: webhooks', () => {
  let h: XeroHarness;
  let receiver: http.Server;
  const received: Array<{ body: string; signature: string | undefined }> = [];
  const key = 'sandbox-webhook-key';
  let answer = 200;

  beforeEach(async () => {
    received.length = 0;
    answer = 200;
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const signature = req.headers['x-xero-signature'] as string | undefined;
        received.push({ body: body.toString(), signature });
        res.writeHead(verifyXeroSignature(body, signature, key) ? answer : 401);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    h = await startXero({ webhookBatchMs: 50, webhookRetryDelaysMs: [50, 50] });
    h.emulator.webhooks.configure({
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/xero`,
      key,
    });
  });
  afterEach(async () => {
    await h.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('batches signed INVOICE events, and a payment shows up as an INVOICE UPDATE', async () => {
    const contactId = [...h.emulator.store.contacts.values()].find((c) => c.status === 'ACTIVE')!.id;
    const created = await h.xero.accountingApi.createInvoices(h.tenantId, {
      invoices: [
        {
          type: Invoice.TypeEnum.ACCREC,
          contact: { contactID: contactId },
          lineItems: [{ description: 'x', quantity: 1, unitAmount: 10, accountCode: '200' }],
          status: Invoice.StatusEnum.AUTHORISED,
        },
      ],
    });
    const id = created.body.invoices![0]!.invoiceID!;
    await h.xero.accountingApi.createPayment(h.tenantId, {
      invoice: { invoiceID: id },
      account: { code: '090' },
      amount: 11,
    });
    await h.emulator.webhooks.flush();
    const events = received.flatMap(
      (r) => (JSON.parse(r.body) as { events: Array<Record<string, string>> }).events,
    );
    expect(events.map((e) => [e.eventCategory, e.eventType, e.resourceId])).toEqual([
      ['INVOICE', 'CREATE', id],
      ['INVOICE', 'UPDATE', id],
    ]);
    expect(events[0]).toMatchObject({
      tenantId: h.tenantId,
      tenantType: 'ORGANISATION',
      resourceUrl: `https://api.xero.com/api.xro/2.0/Invoices/${id}`,
    });
    const payload = JSON.parse(received[0]!.body) as {
      firstEventSequence: number;
      lastEventSequence: number;
      entropy: string;
    };
    expect(payload.lastEventSequence).toBeGreaterThanOrEqual(payload.firstEventSequence);
    expect(h.emulator.webhooks.deliveries().every((d) => d.delivered)).toBe(true);
  });

  it('retries a delivery the receiver did not acknowledge', async () => {
    answer = 503;
    await h.xero.accountingApi.createContacts(h.tenantId, { contacts: [{ name: 'Retry Me Ltd' }] });
    await h.emulator.webhooks.flush();
    const [delivery] = h.emulator.webhooks.deliveries();
    expect(delivery?.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
    expect(delivery?.delivered).toBe(false);
  });

  it('runs the intent-to-receive check against the receiver', async () => {
    await expect(h.emulator.webhooks.intentToReceive()).resolves.toMatchObject({
      passed: true,
      correct: { status: 200, bodyEmpty: true },
      incorrect: { status: 401 },
    });
  });
});
