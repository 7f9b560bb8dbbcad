import { randomBytes } from 'node:crypto';
import type { Store } from '../../worker/store/store';
import { quantile } from '../latencyRamp';
import { startBareTarget } from './bareTarget';
import { planEvents, type EventPlan } from './eventPlan';
import { readOutcomes, type Outcomes } from './outcomes';
import { sendPaced, type SendReport } from './pacedSender';
import type { PaymentsOptions } from './paymentsOptions';
import { startAppTarget } from './appTarget';
import { startStackTarget } from './stackTarget';
import { plantXero, type PlantedXero } from './xeroPlant';

export interface PaymentsSummary {
  events: number;
  lost: number;
  double_applied: number;
  forged_accepted: number;
  p95_ms: number | null;
  bare_p95_ms: number | null;
}

export interface PaymentsReport {
  summary: PaymentsSummary;
  plan: EventPlan['counts'];
  outcomes: Outcomes;
  stack: SendReport;
  bare: SendReport;
  settlementMeasured: boolean;
  /** Succeeded payments on planted invoices, settled in Xero (0 when not measured). */
  settledPayments: number;
}

/** Stripe `created` of the first story: a fixed instant, so no run depends on today's date. */
const STORIES_START_S = 1_900_000_000;
const PLANTED_AS_OF = '2030-03-01';
const WARM_UP = 20;

/** Where the stream goes: the embedded app (`npm start`), or the Stripe route alone on a Temporal server. */
export type PaymentsEnv =
  | { kind: 'app'; dataDir: string; databaseUrl?: string }
  | { kind: 'route'; store: Store; temporalAddress: string };

async function startTarget(env: PaymentsEnv, tag: string) {
  if (env.kind === 'app') return startAppTarget({ ...env, tag });
  const target = await startStackTarget({ store: env.store, temporalAddress: env.temporalAddress, tag });
  return {
    target,
    store: env.store,
    xero: undefined,
    temporal: undefined,
    settleIn: undefined,
    close: () => target.close(),
  };
}

/**
 * One run: plant payable invoices in a Xero organisation, plan the stream over them, send it paced
 * to Ledgerbridge's Stripe ingress, read what became of every event, then send the same stream's
 * first `bareEvents` to the bare handler on the same store, for its p95.
 */
export async function runPaymentsBench(
  options: PaymentsOptions,
  env: PaymentsEnv,
  log: (line: string) => void,
): Promise<PaymentsReport> {
  const tag = randomBytes(4).toString('hex');
  const started = await startTarget(env, tag);
  try {
    return await measure(options, started, tag, log);
  } finally {
    await started.close();
  }
}

async function measure(
  options: PaymentsOptions,
  started: Awaited<ReturnType<typeof startTarget>>,
  tag: string,
  log: (line: string) => void,
): Promise<PaymentsReport> {
  const { target, store } = started;
  const xero = plantXero(Math.ceil(options.events / 3) + 10, PLANTED_AS_OF, started.xero);
  // Only the app has a worker to settle payments: its installation gets the planted organisation.
  const settlementMeasured = started.settleIn !== undefined;
  await started.settleIn?.(xero.tenantId);
  const plan = planEvents({
    events: options.events,
    seed: options.seed,
    tag,
    invoices: xero.invoices,
    start: STORIES_START_S,
  });
  log(
    `stream: ${plan.deliveries.length} deliveries = ${plan.counts.unique} events + ${plan.counts.duplicates} ` +
      `duplicates + ${plan.counts.forged} forged; ${plan.counts.outOfOrder} events out of order; ` +
      `${plan.settles.length} payments on ${xero.invoices.length} planted Xero invoices` +
      (settlementMeasured ? ' (the installation connects their organisation: settled in Xero)' : ''),
  );
  // A few deliveries of a stream of their own first, to each target: neither p95 measures a cold start.
  const warmUp = planEvents({
    events: WARM_UP,
    seed: options.seed + 1,
    tag: `${tag}w`,
    invoices: xero.invoices,
    start: STORIES_START_S,
  }).deliveries.filter((d) => d.kind !== 'forged');

  // Both streams at once, so the bare handler answers under the same load as the ingress (the
  // worker acting on the events included) and the ratio compares like with like.
  const bareTarget = await startBareTarget({ store, tag, temporal: started.temporal });
  let stack: SendReport;
  let bare: SendReport;
  try {
    await sendPaced(warmUp, { url: target.url, secret: target.secret, rate: options.rate });
    await sendPaced(warmUp, { url: bareTarget.url, secret: bareTarget.secret, rate: options.rate });
    log(
      `ingress: sending at ${options.rate}/s (${Math.round(plan.deliveries.length / options.rate)} s), ` +
        `the bare handler ${options.bareEvents} of them alongside ...`,
    );
    [stack, bare] = await Promise.all([
      sendPaced(plan.deliveries, {
        url: target.url,
        secret: target.secret,
        rate: options.rate,
        progress: (n) => log(`  ${n} sent`),
      }),
      sendPaced(plan.deliveries.slice(0, options.bareEvents), {
        url: bareTarget.url,
        secret: bareTarget.secret,
        rate: options.rate,
      }),
    ]);
  } finally {
    await bareTarget.close();
  }
  if (settlementMeasured) await waitForSettlement(plan.settles, xero, log);
  const outcomes = await readOutcomes({
    plan,
    answers: stack.answers,
    store,
    target,
    xero,
    settlementMeasured,
  });
  return {
    summary: {
      events: plan.deliveries.length,
      lost: outcomes.lost,
      double_applied: outcomes.double_applied,
      forged_accepted: outcomes.forged_accepted,
      p95_ms: quantile(stack.latenciesMs, 0.95),
      bare_p95_ms: quantile(bare.latenciesMs, 0.95),
    },
    plan: plan.counts,
    outcomes,
    stack,
    bare,
    settlementMeasured,
    settledPayments: settlementMeasured ? plan.settles.length : 0,
  };
}

const SETTLE_POLL_MS = 2_000;
const SETTLE_STALL_MS = 120_000;

/** Waits until every payment to settle has its Xero payment, or none has been added for two minutes. */
async function waitForSettlement(
  settles: EventPlan['settles'],
  xero: PlantedXero,
  log: (line: string) => void,
): Promise<void> {
  const unapplied = () => settles.filter((s) => xero.paymentsOnInvoice(s.xeroInvoiceId) === 0).length;
  let left = unapplied();
  let progressAt = Date.now();
  log(`settlement: waiting for ${left} of ${settles.length} payments to be applied in Xero ...`);
  while (left > 0 && Date.now() - progressAt < SETTLE_STALL_MS) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    const now = unapplied();
    if (now < left) progressAt = Date.now();
    left = now;
  }
  log(`settlement: ${settles.length - left} of ${settles.length} applied`);
}
