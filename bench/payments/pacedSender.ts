import Stripe from 'stripe';
import type { Delivery } from './eventPlan';

/** Past the SDK's 300 s tolerance: a replay of a captured delivery. */
const STALE_S = 400;
/** Stripe retries a delivery not answered 2xx; the bench retries as soon as this, three tries in all. */
const RETRY_DELAYS_MS = [1_000, 3_000];

export interface Answer {
  delivery: Delivery;
  /** The last attempt's HTTP status; 0 when no answer came. */
  status: number;
  attempts: number;
  /** The first attempt's answer time, milliseconds; undefined when no answer came. */
  firstMs: number | undefined;
}

export interface SendReport {
  answers: Answer[];
  /** One per attempt that got an answer, milliseconds from sending to the whole answer. */
  latenciesMs: number[];
  seconds: number;
}

/**
 * The `Stripe-Signature` header Stripe would send with this delivery now (the SDK's own test
 * scheme), or a forgery: signed with another endpoint's secret, over another body, or too long ago.
 */
export function signedRequest(
  delivery: Delivery,
  secret: string,
  nowS: number,
): { body: string; signature: string } {
  const sign = (payload: string, key: string, timestamp: number) =>
    Stripe.webhooks.generateTestHeaderString({ payload, secret: key, timestamp });
  switch (delivery.forgery) {
    case 'wrong_secret':
      return { body: delivery.body, signature: sign(delivery.body, `${secret}x`, nowS) };
    case 'bad_signature':
      // Signed as sent by Stripe, then the amount changed on the way.
      return {
        body: delivery.body.replace(/"amount":(\d+)/, (_m, a: string) => `"amount":${Number(a) + 100}`),
        signature: sign(delivery.body, secret, nowS),
      };
    case 'stale_timestamp':
      return { body: delivery.body, signature: sign(delivery.body, secret, nowS - STALE_S) };
    default:
      return { body: delivery.body, signature: sign(delivery.body, secret, nowS) };
  }
}

/**
 * Sends every delivery to `url`, the i-th at start + i/rate s whatever the answers before it
 * (an open loop, as Stripe sends), each signed when it leaves. A genuine delivery not answered 2xx
 * is sent again, re-signed, like Stripe's retries.
 */
export async function sendPaced(
  deliveries: Delivery[],
  options: { url: string; secret: string; rate: number; progress?: (sent: number) => void },
): Promise<SendReport> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  const attempt = async (delivery: Delivery): Promise<{ status: number; ms?: number }> => {
    const { body, signature } = signedRequest(delivery, options.secret, Math.floor(Date.now() / 1000));
    const t = performance.now();
    try {
      const res = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': signature },
        body,
      });
      await res.arrayBuffer();
      const ms = performance.now() - t;
      latenciesMs.push(ms);
      return { status: res.status, ms };
    } catch {
      return { status: 0 };
    }
  };
  const deliver = async (delivery: Delivery): Promise<Answer> => {
    const first = await attempt(delivery);
    let status = first.status;
    let attempts = 1;
    for (const delay of RETRY_DELAYS_MS) {
      if (delivery.kind === 'forged' || (status >= 200 && status < 300)) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      status = (await attempt(delivery)).status;
      attempts++;
    }
    return { delivery, status, attempts, firstMs: first.ms };
  };
  const inFlight: Array<Promise<Answer>> = [];
  for (let i = 0; i < deliveries.length; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(deliver(deliveries[i]!));
    if (options.progress && (i + 1) % Math.max(1, Math.round(options.rate * 30)) === 0)
      options.progress(i + 1);
  }
  const answers = await Promise.all(inFlight);
  return { answers, latenciesMs, seconds: (performance.now() - started) / 1000 };
}
