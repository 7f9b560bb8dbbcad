import { randomUUID } from 'node:crypto';
import type { PortalRequest } from './portalHarness';
import { capturedLogger } from '../../support/capturedLogs';
import { pdfFlatText } from '../../support/pdfText';
import { PUBLIC_URL, startPortal, type PortalHarness } from './portalHarness';

const DAY = 86_400_000;

describe('customer portal: one customer’s invoices, payments, statement and Pay, through a signed link', () => {
  let p: PortalHarness;
  let request: PortalRequest;
  const [A, B] = [0, 1] as const;
  let customer: string;
  const customerName = `Customer ${randomUUID()}`;
  let invoices: Record<
    'overdue' | 'partlyPaid' | 'paid' | 'otherCustomers' | 'otherOrganisations',
    { id: string; number: string }
  >;
  let path: string;

  beforeAll(async () => {
    p = await startPortal();
    ({ request } = await p.app());
    const { h } = p;
    customer = await h.contact(h.tenants[A], customerName);
    const neighbour = await h.contact(h.tenants[A], `Neighbour ${randomUUID()}`);
    const elsewhere = await h.contact(h.tenants[B], `Elsewhere ${randomUUID()}`);
    invoices = {
      overdue: await p.invoice(h.tenants[A], customer, 120.5, '2026-01-20', '2026-02-19'),
      partlyPaid: await p.invoice(h.tenants[A], customer, 300, '2026-02-20', '2026-03-31'),
      paid: await p.invoice(h.tenants[A], customer, 50, '2026-01-05', '2026-02-04'),
      otherCustomers: await p.invoice(h.tenants[A], neighbour, 999, '2026-02-01', '2026-03-03'),
      otherOrganisations: await p.invoice(h.tenants[B], elsewhere, 777, '2026-02-01', '2026-03-03'),
    };
    await h.payInXero(h.tenants[A], invoices.partlyPaid.id, 100, 'Transfer 8812', '2026-02-25');
    await h.payInXero(h.tenants[A], invoices.paid.id, 50, 'Card 4242', '2026-02-01');
    await h.payInXero(h.tenants[A], invoices.otherCustomers.id, 9, 'Not theirs', '2026-02-02');
    const link = await p.links.issue({
      installationId: h.installationId,
      xeroTenantId: h.tenants[A],
      xeroContactId: customer,
      validDays: 30,
      purpose: 'test',
    });
    path = new URL(link.url).pathname;
  });
  afterAll(() => p.close());

  const get = (url: string) => request('GET', url);
  const pay = (invoiceId: string, base = path) => request('POST', `${base}/invoices/${invoiceId}/pay`);

  it('lists the customer’s open invoices (overdue marked) and payments, and no one else’s', async () => {
    const res = await get(path);
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/=]+'; base-uri 'none'/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(res.body).toContain(`<style nonce="${nonce}">`);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Acme Supplies');

    const [open, history] = res.body.split('id="payments-heading"') as [string, string];
    const rowOf = (html: string, number: string) =>
      html.split('<tr>').find((r) => r.includes(`>${number}<`)) ?? '';
    expect(rowOf(open, invoices.overdue.number)).toMatch(/USD 120\.50[\s\S]*USD 120\.50[\s\S]*Overdue/);
    expect(rowOf(open, invoices.partlyPaid.number)).toMatch(/USD 300\.00[\s\S]*USD 200\.00[\s\S]*>Due</);
    expect(rowOf(open, invoices.paid.number)).toBe('');
    expect(open).toContain('<th scope="col">Amount due</th>'.replace('>Amount', ' class="num">Amount'));
    expect(open).toContain(`action="${path}/invoices/${invoices.overdue.id}/pay"`);

    expect(rowOf(history, invoices.paid.number)).toMatch(/2026-02-01[\s\S]*Card 4242[\s\S]*USD 50\.00/);
    expect(rowOf(history, invoices.partlyPaid.number)).toMatch(
      /2026-02-25[\s\S]*Transfer 8812[\s\S]*USD 100\.00/,
    );
    expect(res.body).toContain(customerName);
    // Invoice numbers repeat across organisations: the foreign invoices are told apart by their amounts.
    expect(res.body).not.toContain(invoices.otherCustomers.number);
    for (const amount of ['999.00', '990.00', '777.00']) expect(res.body).not.toContain(amount);
    expect(res.body).not.toContain('Not theirs');
  });

  it('counts overdue by the installation’s day (its time zone), not the server’s', async () => {
    const before = p.clock.now;
    // 12:00 UTC on 30 March is already 31 March in Auckland (the harness's time zone).
    p.clock.now = Date.UTC(2026, 2, 30, 12, 0);
    try {
      expect((await get(path)).body).toContain('as of 2026-03-31');
    } finally {
      p.clock.now = before;
    }
  });

  it('shows the brand’s https logo, the one image its CSP allows', async () => {
    const before = p.settings.value;
    p.settings.value = {
      ...before,
      brand: { ...before.brand, logoUrl: 'https://cdn.example.com/acme/logo.png' },
    };
    try {
      const res = await get(path);
      expect(res.body).toContain(
        '<img src="https://cdn.example.com/acme/logo.png" alt="Acme Supplies logo">',
      );
      expect(res.headers['content-security-policy']).toContain('img-src https://cdn.example.com; ');
    } finally {
      p.settings.value = before;
    }
  });

  it('serves a statement PDF whose text holds the open items, the payments and the totals', async () => {
    const res = await get(`${path}/statement.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = await pdfFlatText(res.raw);
    expect(text).toContain('STATEMENT');
    expect(text).toContain(invoices.overdue.number);
    expect(text).toContain(invoices.partlyPaid.number);
    expect(text).toMatch(/Outstanding USD 320\.50/);
    expect(text).toMatch(/Overdue USD 120\.50/);
    expect(text).toMatch(/Paid USD 150\.00/);
    expect(text).not.toContain(invoices.otherCustomers.number);
    expect(text).toContain(customerName);
  });

  it('serves each of the customer’s invoices as Xero’s PDF, and no one else’s', async () => {
    const own = await get(`${path}/invoices/${invoices.overdue.id}/pdf`);
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toBe('application/pdf');
    expect(await pdfFlatText(own.raw)).toContain(invoices.overdue.number);
    for (const id of [invoices.otherCustomers.id, invoices.otherOrganisations.id, 'x'.repeat(80)])
      expect((await get(`${path}/invoices/${id}/pdf`)).statusCode).toBe(404);
    expect((await get(path)).body).toContain(`href="${path}/invoices/${invoices.overdue.id}/pdf"`);
  });

  it('Pay opens Stripe Checkout for the amount due, naming the Xero invoice for the payment matcher', async () => {
    p.stripeConnected.value = true;
    const res = await pay(invoices.partlyPaid.id);
    expect(res.statusCode).toBe(303);
    const location = String(res.headers.location);
    expect(location).toMatch(new RegExp(`^${p.h.stripe.server.url}/checkout/pay/cs_test_`));
    const session = await p.h.stripe.stripe.checkout.sessions.retrieve(location.split('/').pop() ?? '');
    expect(session).toMatchObject({
      amount_total: 20_000,
      currency: 'usd',
      status: 'open',
      metadata: { xero_invoice_id: invoices.partlyPaid.id, xero_invoice_number: invoices.partlyPaid.number },
      success_url: `${PUBLIC_URL}${path}?paid=${invoices.partlyPaid.number}`,
    });

    // The customer pays on the hosted page: the PaymentIntent carries the metadata the matcher reads.
    const paid = await fetch(location, { method: 'POST', redirect: 'manual' });
    expect(paid.status).toBe(303);
    const done = await p.h.stripe.stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid' });
    const intent = await p.h.stripe.stripe.paymentIntents.retrieve(String(done.payment_intent));
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount_received: 20_000,
      metadata: { xero_invoice_id: invoices.partlyPaid.id, xero_invoice_number: invoices.partlyPaid.number },
    });
  });

  it('Pay leads to Xero’s online invoice where the installation has no Stripe account', async () => {
    p.stripeConnected.value = false;
    try {
      const res = await pay(invoices.overdue.id);
      expect(res.statusCode).toBe(303);
      expect(String(res.headers.location)).toMatch(/^https:\/\/in\.xero\.com\//);
    } finally {
      p.stripeConnected.value = true;
    }
  });

  it('refuses another customer’s or organisation’s invoice ID in the URL, and sends a paid one back', async () => {
    for (const id of [
      invoices.otherCustomers.id,
      invoices.otherOrganisations.id,
      randomUUID(),
      'not-an-id',
    ]) {
      const res = await pay(id);
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('Xero Org Name');
    }
    const paid = await pay(invoices.paid.id);
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(`${PUBLIC_URL}${path}`);
  });

  it('answers a tampered or unknown link 404 and an expired or revoked one 410, revealing nothing', async () => {
    const token = path.split('/').pop() ?? '';
    const tampered = path.replace(/.$/, token.endsWith('A') ? 'B' : 'A');
    const elsewhere = `/portal/${randomUUID()}/${token}`;
    for (const url of [tampered, elsewhere, `${tampered}/statement.pdf`, '/portal/x/y']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.body).toContain('Page not found');
      expect(res.body).not.toMatch(/Acme|INV-/);
      expect(res.body).not.toContain(customerName);
    }
    expect((await pay(invoices.overdue.id, tampered)).statusCode).toBe(404);

    const link = await p.links.issue({
      installationId: p.h.installationId,
      xeroTenantId: p.h.tenants[A],
      xeroContactId: customer,
      validDays: 1,
      purpose: 'test',
    });
    const short = new URL(link.url).pathname;
    expect((await get(short)).statusCode).toBe(200);
    p.clock.now += DAY;
    try {
      const expired = await get(short);
      expect(expired.statusCode).toBe(410);
      expect(expired.body).not.toMatch(/Acme|INV-/);
      expect(expired.body).not.toContain(customerName);
    } finally {
      p.clock.now -= DAY;
    }
    await p.links.revoke(p.h.installationId, link.linkId, 'ops:test');
    expect((await get(short)).statusCode).toBe(410);
    expect((await pay(invoices.overdue.id, short)).statusCode).toBe(410);
    expect((await get(path)).statusCode).toBe(200);
  });

  it('rate-limits the portal routes per address', async () => {
    const logs = capturedLogger();
    const limited = await p.app({ ratePerMinute: { portal: 2 } }, logs.logger);
    const url = `/portal/${randomUUID()}/secret-token-${randomUUID()}`;
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.request('GET', url)).statusCode);
    expect(codes).toEqual([404, 404, 429]);
    // The refusal is logged without the link's token.
    expect(logs.text()).toContain('ingress request refused');
    expect(logs.text()).not.toContain('secret-token-');
  });
});
