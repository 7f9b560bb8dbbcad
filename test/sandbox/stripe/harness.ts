import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { SandboxClock } from '../../../sandbox/core/clock';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import {
  createStripeEmulator,
  type StripeEmulator,
  type StripeEmulatorOptions,
  type StripeKeys,
} from '../../../sandbox/stripe';

/** 2026-01-31T12:00:00Z: tests see the same dates whatever day they run (and a short February). */
export const START = Date.UTC(2026, 0, 31, 12, 0, 0);
export const DAY = 86_400;

export interface StripeHarness {
  emulator: StripeEmulator;
  server: SandboxServer;
  clock: SandboxClock;
  keys: StripeKeys;
  /** The real SDK pointed at the emulator over plain HTTP. */
  stripe: Stripe;
  sdk(key: string, extra?: Partial<Stripe.StripeConfig>): Stripe;
  /** The emulator's control API (POST JSON under /__sandbox). */
  control(path: string, body: unknown): Promise<Response>;
  nowSeconds(): number;
  close(): Promise<void>;
}

export async function startStripe(options: StripeEmulatorOptions = {}): Promise<StripeHarness> {
  const clock = new SandboxClock({ startAt: START });
  const emulator = createStripeEmulator({
    clock,
    webhooks: { retryDelaysMs: [20, 40], batchMs: 5 },
    ...options,
  });
  const server = await startSandboxServer(emulator);
  const keys = emulator.createAccount();
  const sdk = (key: string, extra: Partial<Stripe.StripeConfig> = {}) =>
    new Stripe(key, {
      host: '127.0.0.1',
      port: server.port,
      protocol: 'http',
      maxNetworkRetries: 0,
      ...extra,
    });
  return {
    emulator,
    server,
    clock,
    keys,
    stripe: sdk(keys.secretKey),
    sdk,
    control: (path, body) =>
      fetch(`${server.url}/__sandbox${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    nowSeconds: () => Math.floor(clock.now() / 1000),
    close: async () => {
      await emulator.webhooks.idle();
      await server.close();
    },
  };
}

export interface ReceivedWebhook {
  body: string;
  signature: string;
}

/** A webhook receiver on loopback: answers each POST with the next status of `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []): Promise<{
  url: string;
  received: ReceivedWebhook[];
  close(): Promise<void>;
}> {
  const received: ReceivedWebhook[] = [];
  const queue = [...statuses];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: String(req.headers['stripe-signature'] ?? ''),
      });
      res.writeHead(queue.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/stripe`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The Stripe error a call fails with; a call that succeeds fails the test. */
export async function stripeError(call: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return err;
    throw err;
  }
  throw new Error('expected the call to fail with a Stripe error');
}
