import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SandboxClock, type Clock } from '../core/clock';
import { FaultInjector } from '../core/faults';
import { send } from '../core/http';
import { SandboxHttpError, type Emulator, type SandboxContext, type SandboxHandler } from '../core/server';
import { accountingRoutes } from './accountingRoutes';
import { ApiGate, type XeroRateLimits } from './apiGate';
import { IdempotencyCache } from './idempotency';
import { invoiceDeliveryRoutes } from './invoiceDeliveryRoutes';
import { XeroInvoiceEmails, type SentInvoiceEmail } from './invoiceEmails';
import { XeroIdentity } from './identity';
import { writeInvoice } from './invoiceWrites';
import { deletePayment, writePayment } from './paymentWrites';
import { CURRENCIES } from './referenceData';
import { amountDue } from './serialize';
import { seedXero, xeroSeedSchema, type XeroSeed } from './seed';
import { XeroState } from './state';
import { XeroWebhooks } from './webhooks';

export interface XeroEmulatorOptions {
  clock?: SandboxClock;
  rateLimits?: XeroRateLimits;
  /** Seed of fault draws (datasets take their own seed). */
  seed?: number;
  webhookBatchMs?: number;
  webhookRetryDelaysMs?: number[];
  /** How long an Idempotency-Key is remembered (default 6 minutes, as Xero). */
  idempotencyWindowMs?: number;
}

export interface XeroEmulator extends Emulator {
  clock: SandboxClock;
  store: XeroState;
  identity: XeroIdentity;
  webhooks: XeroWebhooks;
  idempotency: IdempotencyCache;
  invoiceEmails: XeroInvoiceEmails;
  /** The invoice e-mails Xero "sent" (POST /Invoices/{id}/Email), oldest first. */
  sentInvoiceEmails(filter?: { invoiceId?: string; tenantId?: string }): SentInvoiceEmail[];
  seedDataset(params: XeroSeed): ReturnType<typeof seedXero>;
}

const clientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.url()).default([]),
});
const grantSchema = z.object({
  clientId: z.string().min(1),
  scope: z
    .string()
    .default(
      'offline_access accounting.invoices accounting.contacts accounting.payments accounting.settings.read',
    ),
});
const tenantSchema = z.object({
  name: z.string().min(1),
  baseCurrency: z.enum(CURRENCIES.map((c) => c.Code) as [string, ...string[]]).default('USD'),
});
const webhookSchema = z.object({ url: z.url(), key: z.string().min(1) });
const advanceSchema = z.object({ ms: z.number().int().min(0) });
const paySchema = z.object({
  amount: z.number().positive().optional(),
  date: z.string().optional(),
  accountCode: z.string().default('090'),
});
const editSchema = z.record(z.string(), z.unknown());

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new SandboxHttpError(400, {
      error: 'invalid_control_request',
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  return parsed.data;
}

/** The Xero emulator: identity + Accounting API + webhooks on one origin, with a control API. */
export function createXeroEmulator(options: XeroEmulatorOptions = {}): XeroEmulator {
  const clock = options.clock ?? new SandboxClock();
  const faults = new FaultInjector(options.seed ?? 42);
  const state = new XeroState(clock as Clock);
  const identity = new XeroIdentity(clock, faults, () => [...state.tenants.keys()]);
  identity.tenantName = (id) => state.tenant(id)?.name ?? id;
  const gate = new ApiGate(identity, state, clock, options.rateLimits);
  const idempotency = new IdempotencyCache(clock, options.idempotencyWindowMs);
  const invoiceEmails = new XeroInvoiceEmails(() => clock.now());
  const webhooks = new XeroWebhooks(clock, faults, options.webhookBatchMs, options.webhookRetryDelaysMs);
  state.onChange((tenantId, category, id, type) => webhooks.record(tenantId, category, id, type));

  const invoiceOf = (ctx: SandboxContext) => {
    const invoice = state.invoices.get(ctx.params.id ?? '');
    if (!invoice) throw new SandboxHttpError(404, { error: 'no such invoice' });
    return invoice;
  };
  const failIf = (r: { ok: boolean; errors?: string[] }) => {
    if (!r.ok) throw new SandboxHttpError(400, { error: 'rejected', errors: r.errors });
  };

  const emulator: XeroEmulator = {
    name: 'xero',
    faults,
    appliesLatency: true,
    clock,
    store: state,
    identity,
    webhooks,
    idempotency,
    invoiceEmails,
    sentInvoiceEmails: (filter) => invoiceEmails.sent(filter),
    routes(on) {
      identity.routes(on);
      const deps = { state, faults, gate, idempotency, now: () => clock.now() };
      accountingRoutes(on, deps);
      invoiceDeliveryRoutes(on, deps, invoiceEmails);
    },
    controlRoutes(on) {
      const handle = (method: 'GET' | 'POST', path: string, handler: SandboxHandler) =>
        on(method, path, handler);
      handle('POST', '/oauth/clients', ({ res, body }) => {
        identity.registerClient(parse(clientSchema, body));
        send(res, 201, { registered: true });
      });
      handle('POST', '/tenants', ({ res, body }) => {
        const { name, baseCurrency } = parse(tenantSchema, body);
        const tenant = {
          id: randomUUID(),
          name,
          baseCurrency,
          createdAt: clock.now(),
          invoiceSeq: 0,
          creditNoteSeq: 0,
        };
        state.tenants.set(tenant.id, tenant);
        send(res, 201, { tenantId: tenant.id, name, baseCurrency });
      });
      handle('POST', '/oauth/grants', ({ res, body }) => {
        const { clientId, scope } = parse(grantSchema, body);
        send(res, 201, identity.issueGrant(clientId, scope));
      });
      handle('POST', '/oauth/revoke-all', ({ res }) => {
        identity.revokeAll();
        send(res, 200, { revoked: true });
      });
      handle('POST', '/webhooks', ({ res, body }) => {
        webhooks.configure(parse(webhookSchema, body));
        send(res, 200, { configured: true });
      });
      handle('POST', '/webhooks/flush', async ({ res }) => {
        await webhooks.flush();
        send(res, 200, webhooks.deliveries());
      });
      handle('GET', '/webhooks/deliveries', ({ res }) => send(res, 200, webhooks.deliveries()));
      handle('GET', '/invoices/emails', ({ res, url }) =>
        send(res, 200, invoiceEmails.sent({ invoiceId: url.searchParams.get('invoiceId') ?? undefined })),
      );
      handle('POST', '/webhooks/intent-to-receive', async ({ res }) =>
        send(res, 200, await webhooks.intentToReceive()),
      );
      handle('POST', '/clock/advance', ({ res, body }) => {
        clock.advance(parse(advanceSchema, body).ms);
        send(res, 200, { now: new Date(clock.now()).toISOString() });
      });
      // Changes as a person would make them in Xero's UI; each emits its webhook like any change.
      handle('POST', '/invoices/:id/pay', (ctx) => {
        const invoice = invoiceOf(ctx);
        const p = parse(paySchema, ctx.body);
        const r = writePayment(state, invoice.tenantId, {
          Invoice: { InvoiceID: invoice.id },
          Account: { Code: p.accountCode },
          Amount: p.amount ?? amountDue(invoice),
          ...(p.date ? { Date: p.date } : {}),
        });
        failIf(r);
        send(ctx.res, 200, r.ok ? { paymentId: r.payment.id } : {});
      });
      handle('POST', '/payments/:id/delete', (ctx) => {
        const payment = state.payments.get(ctx.params.id ?? '');
        if (!payment) throw new SandboxHttpError(404, { error: 'no such payment' });
        failIf(deletePayment(state, payment));
        send(ctx.res, 200, { deleted: true });
      });
      handle('POST', '/invoices/:id/edit', (ctx) => {
        const invoice = invoiceOf(ctx);
        const r = writeInvoice(state, invoice.tenantId, parse(editSchema, ctx.body), invoice);
        failIf(r);
        send(ctx.res, 200, { updated: true });
      });
    },
    reset() {
      state.clear();
      identity.reset();
      gate.reset();
      idempotency.clear();
      invoiceEmails.clear();
      webhooks.reset();
      clock.reset();
    },
    seed: (params) => emulator.seedDataset(parse(xeroSeedSchema, params)),
    seedDataset: (params) => seedXero(state, params),
    state() {
      return {
        tenants: [...state.tenants.values()].map((t) => ({
          tenantId: t.id,
          name: t.name,
          baseCurrency: t.baseCurrency,
        })),
        counts: {
          contacts: state.contacts.size,
          invoices: state.invoices.size,
          payments: state.payments.size,
          creditNotes: state.creditNotes.size,
        },
        oauth: identity.stats,
        idempotentReplays: idempotency.replays,
        invoiceEmails: invoiceEmails.sent().length,
        now: new Date(clock.now()).toISOString(),
      };
    },
  };
  return emulator;
}
