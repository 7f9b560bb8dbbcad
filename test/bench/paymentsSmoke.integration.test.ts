import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { planEvents } from '../../bench/payments/eventPlan';
import { signedRequest } from '../../bench/payments/pacedSender';
import { paymentsOptionsFrom } from '../../bench/payments/paymentsOptions';
import { runPaymentsBench } from '../../bench/payments/runPaymentsBench';
import { plantXero } from '../../bench/payments/xeroPlant';
import { installQuietRuntime } from '../support/temporal';

/**
 * bench:payments in small: 200 deliveries to the embedded app (its own Temporal dev server, store,
 * worker and ingress, as `npm start`), then the bare handler on the app's store. Nothing lost
 * (every succeeded payment recorded in Xero), double-applied or forged-and-accepted;
 * the latencies are measured but not judged here (a loaded CI machine says nothing in 4 s).
 */
describe('bench:payments, small', () => {
  let dataDir: string;
  beforeAll(async () => {
    installQuietRuntime();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lb-bench-payments-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('ends with the JSON line of zeros for 200 deliveries', async () => {
    const lines: string[] = [];
    const report = await runPaymentsBench(
      paymentsOptionsFrom(['--events', '200', '--rate', '50']),
      { kind: 'app', dataDir },
      (line) => lines.push(line),
    );

    expect(Object.keys(report.summary)).toEqual([
      'events',
      'lost',
      'double_applied',
      'forged_accepted',
      'p95_ms',
      'bare_p95_ms',
    ]);
    expect(report.summary).toMatchObject({ events: 200, lost: 0, double_applied: 0, forged_accepted: 0 });
    // The installation has the planted organisation: every succeeded payment was recorded in Xero once.
    expect(report.settlementMeasured).toBe(true);
    expect(report.settledPayments).toBeGreaterThan(10);
    expect(report.outcomes.unapplied).toBe(0);
    expect(report.summary.p95_ms).toEqual(expect.any(Number));
    expect(report.summary.bare_p95_ms).toEqual(expect.any(Number));
    // Every genuine delivery answered 200, every forged one 400, by both handlers.
    for (const answers of [report.stack.answers, report.bare.answers]) {
      expect(answers.filter((a) => a.status === 400).map((a) => a.delivery.kind)).toEqual(
        Array(10).fill('forged'),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(190);
    }
    expect(report.outcomes.inStripeOrder.objects).toBeGreaterThan(0);
    expect(report.outcomes.inStripeOrder.ordered).toBe(report.outcomes.inStripeOrder.objects);
  }, 240_000);
});

describe('bench:payments stream', () => {
  const xero = plantXero(80, '2030-03-01');
  const plan = planEvents({
    events: 1_000,
    seed: 7,
    tag: 'unit',
    invoices: xero.invoices,
    start: 1_900_000_000,
  });

  it('holds 20% duplicates, 10% of the events out of order and 5% forged, each genuine event once', () => {
    expect(plan.counts).toEqual({ unique: 750, duplicates: 200, outOfOrder: 75, forged: 50 });
    expect(plan.deliveries).toHaveLength(1_000);
    const firsts = plan.deliveries.filter((d) => d.kind === 'first').map((d) => d.event.id);
    expect(new Set(firsts).size).toBe(750);
    const dups = plan.deliveries.filter((d) => d.kind === 'duplicate');
    expect(dups.every((d) => firsts.includes(d.event.id))).toBe(true);
    // Each payment names a planted invoice, and each invoice is paid by one payment at most.
    const invoiceIds = new Set(xero.invoices.map((i) => i.xeroInvoiceId));
    expect(plan.settles.every((s) => invoiceIds.has(s.xeroInvoiceId))).toBe(true);
    expect(new Set(plan.settles.map((s) => s.xeroInvoiceId)).size).toBe(plan.settles.length);
  });

  it('signs genuine deliveries as the SDK accepts them and forges each kind so that it refuses them', () => {
    const secret = 'whsec_benchUnitSecret0123456789';
    const nowS = 1_900_000_000;
    const verdicts = new Map<string, boolean>();
    for (const d of plan.deliveries.slice(0, 200)) {
      const { body, signature } = signedRequest(d, secret, nowS);
      let ok = true;
      try {
        Stripe.webhooks.constructEvent(body, signature, secret, undefined, undefined, nowS * 1000);
      } catch {
        ok = false;
      }
      verdicts.set(d.forgery ?? d.kind, ok);
      if (d.kind !== 'forged') expect(ok).toBe(true);
      else expect(ok).toBe(false);
    }
    expect([...verdicts.keys()].sort()).toEqual([
      'bad_signature',
      'duplicate',
      'first',
      'stale_timestamp',
      'wrong_secret',
    ]);
  });
});
