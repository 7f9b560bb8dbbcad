import { randomUUID } from 'node:crypto';
import { SANDBOX_XERO_CLIENT } from '../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createRng, type Rng } from '../../sandbox/core/random';
import { createXeroEmulator, type XeroEmulator } from '../../sandbox/xero';
import { writeInvoice } from '../../sandbox/xero/invoiceWrites';
import type { ContactRecord } from '../../sandbox/xero/model';

/**
 * bench:delivery's Xero: one organisation of customers with e-mail addresses and no invoices yet,
 * its webhooks to the worker's ingress (retried over minutes, so a restart is survived), and the
 * per-organisation limits lifted to `perMinute` (the worker's pacing is lifted to the same).
 */
export interface DeliverySandboxSetup {
  ingressUrl: string;
  xeroWebhookKey: string;
  contacts: number;
  seed: number;
  xeroPerMinute: number;
  xeroPerDay: number;
}

export interface CreatedInvoice {
  xeroInvoiceId: string;
  number: string;
}

const WEBHOOK_RETRIES_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

export class DeliveryXero {
  private readonly rng: Rng;
  private readonly customers: ContactRecord[];
  private made = 0;

  private constructor(
    readonly emulator: XeroEmulator,
    readonly server: SandboxServer,
    readonly tenantId: string,
    seed: number,
  ) {
    this.rng = createRng(seed);
    this.customers = emulator.store
      .contactsOf(tenantId)
      .filter((c) => c.status === 'ACTIVE' && Boolean(c.email));
    if (this.customers.length === 0) throw new Error('bench:delivery: the seed made no customer to e-mail');
  }

  static async start(setup: DeliverySandboxSetup): Promise<DeliveryXero> {
    const emulator = createXeroEmulator({
      seed: setup.seed,
      rateLimits: {
        perMinute: setup.xeroPerMinute,
        perDay: setup.xeroPerDay,
        appPerMinute: setup.xeroPerMinute * 10,
        concurrent: 10_000,
      },
      webhookRetryDelaysMs: WEBHOOK_RETRIES_MS,
    });
    const { tenantId } = emulator.seedDataset({
      seed: setup.seed,
      tenantId: randomUUID(),
      tenantName: 'Bench Delivery Ltd',
      contacts: setup.contacts,
      invoices: 0,
    });
    emulator.identity.registerClient({
      ...SANDBOX_XERO_CLIENT,
      redirectUris: [`${setup.ingressUrl}/oauth/xero/callback`],
    });
    emulator.webhooks.configure({ url: `${setup.ingressUrl}/webhooks/xero`, key: setup.xeroWebhookKey });
    const server = await startSandboxServer(emulator, { requestLogSize: 100_000 });
    return new DeliveryXero(emulator, server, tenantId, setup.seed);
  }

  /** An approved sales invoice for the next customer, as a person makes one (Xero's webhook follows). */
  createInvoice(): CreatedInvoice {
    const contact = this.customers[this.made++ % this.customers.length]!;
    const now = this.emulator.clock.now();
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const lines = 1 + Math.floor(this.rng() * 3);
    const written = writeInvoice(
      this.emulator.store,
      this.tenantId,
      {
        Type: 'ACCREC',
        Contact: { ContactID: contact.id },
        Status: 'AUTHORISED',
        Date: day(now),
        DueDate: day(now + 30 * 86_400_000),
        LineItems: Array.from({ length: lines }, (_, i) => ({
          Description: `Delivery bench service ${i + 1}`,
          Quantity: 1 + Math.floor(this.rng() * 5),
          UnitAmount: Math.round((50 + this.rng() * 950) * 100) / 100,
          AccountCode: '200',
        })),
      },
      undefined,
    );
    if (!written.ok) throw new Error(`the Xero emulator refused an invoice: ${written.errors.join('; ')}`);
    return { xeroInvoiceId: written.invoice.id, number: written.invoice.number };
  }

  /** Xero API calls answered (and refused) so far. */
  apiCalls(): number {
    return this.server.requests().filter((r) => r.path.startsWith('/api.xro/')).length;
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
