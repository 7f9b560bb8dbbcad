import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { writeContact } from '../../../sandbox/xero/contactWrites';
import { writeInvoice } from '../../../sandbox/xero/invoiceWrites';
import { writePayment } from '../../../sandbox/xero/paymentWrites';
import { amountDue } from '../../../sandbox/xero/serialize';
import type { App } from '../../../worker/app';
import { deliveryStateQuery, deliveryWorkflowId } from '../../../workflows/delivery/deliverySignals';
import { startEmbeddedApp } from '../../support/embeddedApp';
import { installQuietRuntime } from '../../support/temporal';

// The demo's first load shares Xero's 60 calls a minute with the invoice's delivery: on a loaded CI
// machine the first two e-mails can take minutes (CI once timed out at 90 s).
jest.setTimeout(420_000);

const DAY_MS = 86_400_000;

// Mailpit's search answer, as its API documents the parts read here.
const searchAnswer = z.object({
  messages_count: z.number(),
  messages: z.array(
    z.object({ ID: z.string(), Subject: z.string(), To: z.array(z.object({ Address: z.string() })) }),
  ),
});

async function waitFor<T>(read: () => Promise<T | undefined | false>, what: string, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Reminders on the npm start app (real Temporal dev server, the emulators through the SDKs, the
 * demo's Mailpit): an invoice a week overdue is e-mailed once and reminded once (the 7-day step),
 * and its payment in Xero stops the workflow as paid, with no reminder after it.
 */
describe('invoice delivery reminders (demo-salesforce, Mailpit)', () => {
  let app: App;
  let dataDir: string;

  beforeAll(async () => {
    installQuietRuntime();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lb-delivery-reminders-'));
    ({ app } = await startEmbeddedApp({ LEDGERBRIDGE_DATA_DIR: dataDir }, pino({ level: 'silent' }), {
      demoInstallations: true,
      mailpit: true,
    }));
  });

  afterAll(async () => {
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function mailFor(number: string) {
    const url = new URL(`${app.mailpit!.apiUrl}/search`);
    url.searchParams.set('query', `subject:"${number}"`);
    const res = await fetch(url);
    return searchAnswer.parse(await res.json()).messages.filter((m) => m.Subject.includes(number));
  }

  it('e-mails an overdue invoice once, reminds it once, and stops as paid when it is paid', async () => {
    expect(app.mailpit).toBeDefined();
    const connections = await app.store.db
      .selectFrom('connections')
      .innerJoin('installations', 'installations.id', 'connections.installation_id')
      .select(['connections.external_id', 'connections.installation_id'])
      .where('installations.slug', '=', 'demo-salesforce')
      .where('connections.vendor', '=', 'xero')
      .execute();
    const tenantId = connections[0]!.external_id;
    const installationId = connections[0]!.installation_id;
    const xero = app.sandbox.xero!.emulator;
    const contact = xero.store.contactsOf(tenantId).find((c) => c.status === 'ACTIVE')!;
    const address = `reminders-${Date.now()}@customer.example`;
    expect(writeContact(xero.store, tenantId, { EmailAddress: address }, contact).ok).toBe(true);

    // Dated from the emulator's clock: due a week ago.
    const now = xero.clock.now();
    const day = (offset: number) => new Date(now + offset * DAY_MS).toISOString().slice(0, 10);
    const created = writeInvoice(
      xero.store,
      tenantId,
      {
        Type: 'ACCREC',
        Contact: { ContactID: contact.id },
        Status: 'AUTHORISED',
        Date: day(-37),
        DueDate: day(-7),
        LineItems: [{ Description: 'Reminded service', Quantity: 2, UnitAmount: 150, AccountCode: '200' }],
      },
      undefined,
    );
    if (!created.ok) throw new Error(created.errors.join('; '));
    const invoice = created.invoice;

    const both = await waitFor(
      async () => {
        const mail = await mailFor(invoice.number);
        return mail.length >= 2 ? mail : undefined;
      },
      `the invoice and its 7-day reminder for ${invoice.number}`,
      240_000,
    );
    expect(both.map((m) => m.Subject).sort()).toEqual([
      expect.stringMatching(new RegExp(`^Invoice ${invoice.number} from `)),
      `Overdue: invoice ${invoice.number} is 7 days overdue`,
    ]);
    expect(both.every((m) => m.To.map((t) => t.Address).includes(address))).toBe(true);

    const handle = app.temporal.client.workflow.getHandle(deliveryWorkflowId(installationId, invoice.id));
    const waiting = await waitFor(async () => {
      const view = await handle.query(deliveryStateQuery);
      return view.next?.kind === 'wait' ? view : undefined;
    }, 'the workflow waiting for the 14-day reminder');
    expect(waiting.reminders).toEqual(['reminder:7']);

    const paid = writePayment(xero.store, tenantId, {
      Invoice: { InvoiceID: invoice.id },
      Account: { Code: '090' },
      Amount: amountDue(invoice),
      Date: day(0),
    });
    if (!paid.ok) throw new Error(paid.errors.join('; '));
    const outcome = await waitFor(async () => {
      const view = await handle.query(deliveryStateQuery);
      return view.status === 'stopped' ? view : undefined;
    }, 'the workflow to stop after the payment');
    expect(outcome.stopReason).toBe('paid');
    expect(await mailFor(invoice.number)).toHaveLength(2);
  });
});
