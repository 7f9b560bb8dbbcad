import { createHash } from 'node:crypto';
import { z } from 'zod';
import { SandboxClock } from '../core/clock';
import { bearerToken, send } from '../core/http';
import { createRng, type Rng } from '../core/random';
import { RateLimiter } from '../core/rateLimiter';
import { SandboxHttpError, type Emulator, type SandboxContext } from '../core/server';
import { EMULATED_API_VERSION, StripeAccount } from './account';
import { DEFAULT_BILLING_POLICY, runDueWork, type BillingPolicy } from './billing';
import { StripeApiError } from './errors';
import { expand } from './expand';
import { StripeFaults } from './faults';
import { decodeStripeForm } from './form';
import { expandList } from './params';
import { closeDispute, createDispute } from './payments';
import { apiRoutes } from './routes';
import { createCheckout } from './checkout';
import { seedStripeAccount, type StripeSeedResult } from './seed';
import { StripeWebhooks, type StripeWebhookOptions } from './webhooks';

/**
 * A stateful Stripe API (v1, form-encoded, as the `stripe` SDK calls it) for tests and the demo:
 * accounts with secret and restricted keys, payments, billing, events and signed webhooks.
 * Around every call: the key, the account's rate limit (25 requests a second in test mode, 100
 * live: https://docs.stripe.com/rate-limits), Idempotency-Key replay, and Stripe's error shape.
 */
export interface StripeEmulatorOptions {
  clock?: SandboxClock;
  seed?: number;
  billing?: Partial<BillingPolicy>;
  webhooks?: StripeWebhookOptions;
  /** Requests per second per account; `scale` stretches or shrinks the second. */
  rateLimit?: { testPerSecond?: number; livePerSecond?: number; scale?: number };
}

export interface StripeKeys {
  accountId: string;
  livemode: boolean;
  secretKey: string;
  restrictedKey: string;
}

export interface StripeEmulator extends Emulator {
  clock: SandboxClock;
  webhooks: StripeWebhooks;
  createAccount(options?: { livemode?: boolean }): StripeKeys;
  account(accountId: string): StripeAccount;
  /** Registers a webhook endpoint with a known secret (what `npm start` wires to the worker). */
  addWebhookEndpoint(
    accountId: string,
    input: { url: string; secret?: string; enabled_events?: string[] },
  ): {
    id: string;
    secret: string;
  };
  /** Moves the clock and runs what fell due (renewals, scheduled retries), like a Stripe test clock. */
  advance(seconds: number): void;
  seedDataset(params?: { livemode?: boolean }): StripeSeedResult;
}

const idempotencyWindowSeconds = 24 * 3600;

export function createStripeEmulator(options: StripeEmulatorOptions = {}): StripeEmulator {
  const clock = options.clock ?? new SandboxClock();
  const seed = options.seed ?? 42;
  const policy: BillingPolicy = { ...DEFAULT_BILLING_POLICY, ...options.billing };
  const faults = new StripeFaults(seed);
  const webhooks = new StripeWebhooks(clock, faults, { seed, ...options.webhooks });
  const limiter = (limit: number) =>
    new RateLimiter(
      { windows: [{ name: 'second', limit, windowMs: 1_000 }], scale: options.rateLimit?.scale ?? 1 },
      clock,
    );
  let testLimiter = limiter(options.rateLimit?.testPerSecond ?? 25);
  let liveLimiter = limiter(options.rateLimit?.livePerSecond ?? 100);
  let rng: Rng = createRng(seed);
  const accounts = new Map<string, StripeAccount>();
  const keys = new Map<string, StripeAccount>();
  const replays = new Map<string, { fingerprint: string; status: number; body: unknown; at: number }>();
  const checkout = createCheckout();
  const routes = [...apiRoutes({ policy, webhooks }), ...checkout.routes];

  const token = (prefix: string) => {
    let out = '';
    for (let i = 0; i < 24; i++)
      out += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[Math.floor(rng() * 62)];
    return `${prefix}${out}`;
  };

  const accountOf = (ctx: SandboxContext): StripeAccount => {
    const key = bearerToken(ctx.req);
    if (!key)
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    const account = keys.get(key);
    if (!account)
      throw new StripeApiError(401, {
        type: 'invalid_request_error',
        code: 'api_key_invalid',
        message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
      });
    return account;
  };

  const answer = (ctx: SandboxContext, status: number, body: unknown, headers: Record<string, string> = {}) =>
    send(ctx.res, status, body, {
      'request-id': `req_${token('').slice(0, 14)}`,
      'stripe-version': String(ctx.req.headers['stripe-version'] ?? EMULATED_API_VERSION),
      ...headers,
    });

  const serve = (route: (typeof routes)[number]) => (ctx: SandboxContext) => {
    let account: StripeAccount;
    try {
      account = accountOf(ctx);
    } catch (err) {
      if (err instanceof StripeApiError) return answer(ctx, err.status, err.body);
      throw err;
    }
    const injected = faults.drawStripeShaped({ method: ctx.req.method ?? 'GET', path: ctx.url.pathname });
    if (injected?.kind === 'error')
      return answer(ctx, injected.status, {
        error: { type: 'api_error', message: 'An unknown error occurred (injected by the sandbox).' },
      });
    const admission = (account.livemode ? liveLimiter : testLimiter).tryAcquire(account.id);
    if (!admission.ok || injected?.kind === 'rate_limit')
      return answer(
        ctx,
        429,
        {
          error: {
            type: 'invalid_request_error',
            code: 'rate_limit',
            message:
              'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
            doc_url: 'https://docs.stripe.com/error-codes/rate-limit',
          },
        },
        { 'stripe-rate-limited-reason': 'global-rate' },
      );
    admission.release();
    const text = ctx.req.method === 'POST' ? ctx.rawBody.toString('utf8') : ctx.url.search.slice(1);
    const idempotencyKey = ctx.req.method === 'POST' ? headerOf(ctx, 'idempotency-key') : undefined;
    const fingerprint = createHash('sha256')
      .update(`${ctx.req.method} ${ctx.url.pathname}\n${text}`)
      .digest('hex');
    const replayKey = idempotencyKey ? `${account.id}:${idempotencyKey}` : undefined;
    const cached = replayKey ? replays.get(replayKey) : undefined;
    if (cached && cached.at + idempotencyWindowSeconds > account.now()) {
      if (cached.fingerprint !== fingerprint)
        return answer(ctx, 400, {
          error: {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          },
        });
      return answer(ctx, cached.status, cached.body, { 'idempotent-replayed': 'true' });
    }
    const params = decodeStripeForm(text);
    let status = 200;
    let body: unknown;
    account.currentRequest = { id: `req_${token('').slice(0, 14)}`, idempotency_key: idempotencyKey ?? null };
    try {
      const origin = `http://${ctx.req.headers.host ?? '127.0.0.1'}`;
      body = expand(account, route.handle({ account, params, path: ctx.params, origin }), expandList(params));
    } catch (err) {
      if (!(err instanceof SandboxHttpError)) throw err;
      status = err.status;
      body = err.body;
    } finally {
      account.currentRequest = null;
    }
    // Stripe saves the outcome of a request that ran, errors included, for the key's 24 hours.
    if (replayKey) replays.set(replayKey, { fingerprint, status, body, at: account.now() });
    answer(ctx, status, body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
  };

  const emulator: StripeEmulator = {
    name: 'stripe',
    clock,
    faults,
    webhooks,
    routes(on) {
      for (const route of routes) on(route.method, route.path, serve(route));
      // Checkout's hosted page (checkout.stripe.com in Stripe), where the customer pays.
      on('GET', '/checkout/pay/:id', ({ res, params }) => checkout.hostedPage('GET', params.id ?? '', res));
      on('POST', '/checkout/pay/:id', ({ res, params }) => checkout.hostedPage('POST', params.id ?? '', res));
    },
    controlRoutes(on) {
      on('POST', '/accounts', ({ res, body }) => {
        const input = z.object({ livemode: z.boolean().default(false) }).parse(body ?? {});
        send(res, 201, emulator.createAccount(input));
      });
      on('POST', '/webhook_endpoints', ({ res, body }) => {
        const input = z
          .object({
            accountId: z.string(),
            url: z.url(),
            secret: z.string().startsWith('whsec_').optional(),
            enabled_events: z.array(z.string()).optional(),
          })
          .parse(body);
        send(res, 201, emulator.addWebhookEndpoint(input.accountId, input));
      });
      // Stands in for the cardholder's bank: a dispute on a succeeded charge.
      on('POST', '/disputes', ({ res, body }) => {
        const input = z
          .object({
            charge: z.string(),
            reason: z.string().optional(),
            amount: z.number().int().positive().optional(),
          })
          .parse(body);
        const account = ownerOfCharge(input.charge);
        send(
          res,
          201,
          withRequest(account, () => createDispute(account, input)),
        );
      });
      on('POST', '/disputes/:id/close', ({ res, body, params }) => {
        const { status } = z.object({ status: z.enum(['won', 'lost']) }).parse(body);
        const account = [...accounts.values()].find((a) => a.disputes.has(params.id ?? ''));
        if (!account) return send(res, 404, { error: 'no such dispute' });
        send(
          res,
          200,
          withRequest(account, () => closeDispute(account, params.id ?? '', status)),
        );
      });
      on('POST', '/clock/advance', ({ res, body }) => {
        const { seconds } = z.object({ seconds: z.number().int().positive() }).parse(body);
        emulator.advance(seconds);
        send(res, 200, { now: Math.floor(clock.now() / 1000) });
      });
      on('GET', '/webhook_deliveries', ({ res }) => send(res, 200, webhooks.deliveries()));
      // The customer pays a Checkout Session (as on its hosted page), with a test card.
      on('POST', '/checkout/sessions/:id/complete', ({ res, body, params }) => {
        const input = z.object({ payment_method: z.string().optional() }).parse(body ?? {});
        send(res, 200, structuredClone(checkout.complete(params.id ?? '', input.payment_method)));
      });
    },
    createAccount({ livemode = false } = {}) {
      const account = new StripeAccount(`acct_${token('').slice(0, 16)}`, livemode, clock, rng, (a, event) =>
        webhooks.enqueue(a, event),
      );
      accounts.set(account.id, account);
      const mode = livemode ? 'live' : 'test';
      const secretKey = token(`sk_${mode}_`);
      const restrictedKey = token(`rk_${mode}_`);
      keys.set(secretKey, account);
      keys.set(restrictedKey, account);
      return { accountId: account.id, livemode, secretKey, restrictedKey };
    },
    account(accountId) {
      const account = accounts.get(accountId);
      if (!account) throw new Error(`no Stripe account ${accountId}`);
      return account;
    },
    addWebhookEndpoint(accountId, input) {
      const endpoint = webhooks.createEndpoint(emulator.account(accountId), input);
      return { id: endpoint.id, secret: endpoint.secret ?? '' };
    },
    advance(seconds) {
      clock.advance(seconds * 1000);
      const until = Math.floor(clock.now() / 1000);
      for (const account of accounts.values()) runDueWork(account, policy, until);
    },
    reset() {
      accounts.clear();
      keys.clear();
      replays.clear();
      checkout.reset();
      webhooks.reset();
      testLimiter = limiter(options.rateLimit?.testPerSecond ?? 25);
      liveLimiter = limiter(options.rateLimit?.livePerSecond ?? 100);
      rng = createRng(seed);
      clock.reset();
    },
    seed: (params) =>
      emulator.seedDataset(z.object({ livemode: z.boolean().optional() }).parse(params ?? {})),
    seedDataset(params = {}) {
      const created = emulator.createAccount(params);
      return seedStripeAccount(emulator.account(created.accountId), policy, created);
    },
    state: () => ({
      accounts: [...accounts.values()].map((a) => ({
        id: a.id,
        livemode: a.livemode,
        customers: a.customers.size,
        paymentIntents: a.paymentIntents.size,
        subscriptions: a.subscriptions.size,
        invoices: a.invoices.size,
        disputes: a.disputes.size,
        events: a.events.length,
        webhookEndpoints: [...a.webhookEndpoints.values()].map((e) => ({ id: e.id, url: e.url })),
      })),
    }),
  };

  function ownerOfCharge(chargeId: string): StripeAccount {
    const account = [...accounts.values()].find((a) => a.charges.has(chargeId));
    if (!account) throw new SandboxHttpError(404, { error: `no such charge ${chargeId}` });
    return account;
  }
  return emulator;
}

function withRequest<T>(account: StripeAccount, run: () => T): T {
  // Events Stripe raises on its own (a bank's dispute) carry no API request.
  account.currentRequest = null;
  return structuredClone(run());
}

function headerOf(ctx: SandboxContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
