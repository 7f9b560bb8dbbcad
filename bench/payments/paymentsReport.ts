import { quantile } from '../latencyRamp';
import type { SendReport } from './pacedSender';
import type { PaymentsReport } from './runPaymentsBench';

const AIMS = { p95Ratio: 2 };

function statuses(report: SendReport): string {
  const counts = new Map<number, number>();
  for (const a of report.answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([status, n]) => `${status === 0 ? 'no answer' : status}×${n}`)
    .join(', ');
}

/** The readable summary, then the one-line JSON as the last line. */
export function printPaymentsReport(r: PaymentsReport, print: (line: string) => void): void {
  const o = r.outcomes;
  const retried = r.stack.answers.filter((a) => a.attempts > 1).length;
  print('');
  print(
    `ingress: ${r.stack.answers.length} deliveries in ${r.stack.seconds.toFixed(1)} s; answers ${statuses(r.stack)}; ${retried} retried`,
  );
  print(
    `bare handler: ${r.bare.answers.length} deliveries in ${r.bare.seconds.toFixed(1)} s; answers ${statuses(r.bare)}`,
  );
  print(
    `genuine events lost (not recorded, not handed over, or not in their workflow): ${o.lostEvents} of ${r.plan.unique}`,
  );
  print(
    r.settlementMeasured
      ? `succeeded payments on planted invoices not applied in Xero: ${o.unapplied} of ${r.settledPayments}`
      : 'payments applied in Xero: not measured (--target route: the Stripe route alone, no worker settles)',
  );
  print(`Stripe payments with more than one Xero payment: ${o.double_applied}`);
  print(`forged deliveries accepted or stored: ${o.forged_accepted} of ${r.plan.forged}`);
  print(
    `objects that got an event out of order, holding them in Stripe's order: ${o.inStripeOrder.ordered} of ${o.inStripeOrder.objects}`,
  );
  for (const line of o.examples) print(`  ${line}`);
  const ratio =
    r.summary.p95_ms !== null && r.summary.bare_p95_ms ? r.summary.p95_ms / r.summary.bare_p95_ms : undefined;
  const q = (lat: number[], p: number) => quantile(lat, p) ?? '-';
  print(
    `answer ms (p50/p95/p99/max): ingress ${q(r.stack.latenciesMs, 0.5)}/${q(r.stack.latenciesMs, 0.95)}/${q(r.stack.latenciesMs, 0.99)}/${q(r.stack.latenciesMs, 1)}, bare ${q(r.bare.latenciesMs, 0.5)}/${q(r.bare.latenciesMs, 0.95)}/${q(r.bare.latenciesMs, 0.99)}/${q(r.bare.latenciesMs, 1)}`,
  );
  const byKind = (kind: string) =>
    quantile(
      r.stack.answers.flatMap((a) =>
        a.delivery.kind === kind && a.firstMs !== undefined ? [a.firstMs] : [],
      ),
      0.95,
    ) ?? '-';
  print(
    `ingress p95 by delivery: first ${byKind('first')} ms, duplicate ${byKind('duplicate')} ms, forged ${byKind('forged')} ms`,
  );
  print(
    `p95 of the answer: ingress ${r.summary.p95_ms} ms, bare ${r.summary.bare_p95_ms} ms` +
      (ratio === undefined
        ? ''
        : ` = ${ratio.toFixed(2)} × (aim ≤ ${AIMS.p95Ratio} ×: ${ratio <= AIMS.p95Ratio ? 'met' : 'NOT met'})`),
  );
  print(JSON.stringify(r.summary));
}
