import { ordersOptionsFrom } from './ordersOptions';
import { runOrders, type OrdersReport } from './ordersRun';
import { XERO_LIFTED } from './ordersWorkerEnv';

/**
 * `npm run bench:orders [-- --orders N --rate R --kills K --wait-seconds S --bare N]`: is every
 * order a shop posts invoiced exactly once when the worker dies while taking them? 10,000 signed
 * posts at a steady rate to POST /orders/<installation> (5% malformed, 10% exact re-posts of an
 * earlier body); the worker (`worker/main.ts`, its own process, which also serves the endpoint) is
 * SIGKILLed once half the orders are accepted and restarted at once, the poster retrying refused
 * and 5xx posts as a shop would. When every order workflow is done, the month end: the gathered
 * orders are moved into the previous month in the store (the worker's clock is real) and the
 * installation's monthEndBillingWorkflow is started. Then the count from Xero (the emulator) and
 * the store, and a bare baseline (the same card orders straight through xero-node). Last line:
 * {"orders","lost","duplicates","rejected","month_end_invoices","month_end_mismatches","wall_s","ratio"}.
 */
async function run(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`${signal}: stopping the run`);
      process.exit(130);
    });
  const options = ordersOptionsFrom(process.argv.slice(2));
  console.log(
    `orders: ${options.orders} posts at ${options.rate}/s (${Math.round(options.malformedShare * 100)}% malformed, ` +
      `${Math.round(options.duplicateShare * 100)}% re-posts), ${options.kills} worker kill(s); ` +
      `Xero's limits lifted to ${XERO_LIFTED.perMinute} calls a minute per organisation (emulator and worker)`,
  );
  const report = await runOrders(options, {}, (line) => console.log(line));
  for (const line of summary(report)) console.log(line);
  const t = report.tally;
  console.log(
    JSON.stringify({
      orders: t.orders,
      lost: t.lost,
      duplicates: t.duplicates,
      rejected: t.malformedRefused + t.rejectedByWorkflow,
      month_end_invoices: t.monthEndInvoices,
      month_end_mismatches: t.monthEndMismatches,
      wall_s: Math.round(report.wallS),
      ...(ratioOf(report) === undefined ? {} : { ratio: Number(ratioOf(report)?.toFixed(1)) }),
    }),
  );
}

/** Ledgerbridge's time per valid order (first post to last workflow) over the bare time per card order. */
function ratioOf(r: OrdersReport): number | undefined {
  if (!r.bare || r.bare.orders === 0 || r.tally.orders === 0) return undefined;
  return r.stackSeconds / r.tally.orders / (r.bare.seconds / r.bare.orders);
}

function summary(r: OrdersReport): string[] {
  const { tally: t, posting: p, settle: s, monthEnd: m, bare } = r;
  const kills = p.kills.map(
    (k) =>
      `at ${k.atS.toFixed(0)} s after ${k.accepted} accepted (serving again after ${k.downS.toFixed(1)} s)`,
  );
  const odd = Object.entries(t.unexpectedAnswers).map(([what, n]) => `${n} ${what}`);
  const ratio = ratioOf(r);
  return [
    '',
    `posted ${p.results.length} in ${p.seconds.toFixed(1)} s (${p.retries} retries after refused/5xx posts); worker killed ${p.kills.length} time(s): ${kills.join(', ') || 'never'}; started ${r.workerStarts} times`,
    s.settled
      ? `every order workflow was done ${s.seconds.toFixed(1)} s after the last answer (${s.completed} completed)`
      : `not done ${s.seconds.toFixed(0)} s after the last answer: ${s.completed} completed, ${s.running} running, ${s.failed} failed`,
    `companies: monthly billing ticked on ${r.tickedCompanies.ticked} the initial load linked${r.tickedCompanies.made > 0 ? `, ${r.tickedCompanies.made} made by the bench` : ''}`,
    `month end (approximated: the worker's clock is real, so the ${m.backdated} gathered orders were set to billing_period ${m.period} in the store before monthEndBillingWorkflow was started): ${m.invoices} invoices for ${m.orders} orders in ${m.seconds.toFixed(1)} s`,
    `${t.orders} valid orders: ${t.cardInvoiced} card orders invoiced and paid, ${t.billed} billed at month end, ${t.rejectedByWorkflow} rejected with a reason (${t.unexpectedRejections} unexpectedly), ${t.lost} lost; ${t.malformedRefused} malformed posts refused 400`,
    `Xero: ${t.duplicates} duplicate invoices or month-end lines, ${t.monthEndInvoices} month-end invoices, ${t.monthEndMismatches} not equal to their customer's orders; ${r.xeroCalls} Xero API calls`,
    ...(odd.length > 0 ? [`  unexpected final answers: ${odd.join(', ')}`] : []),
    ...(t.lostExamples.length > 0 ? [`  lost e.g. ${t.lostExamples.join(', ')}`] : []),
    ...(t.duplicateExamples.length > 0 ? [`  doubled e.g. ${t.duplicateExamples.join(', ')}`] : []),
    ...(t.mismatchExamples.length > 0 ? [`  mismatched e.g. ${t.mismatchExamples.join(', ')}`] : []),
    bare
      ? `bare xero-node: ${bare.invoices} of ${bare.orders} card orders invoiced and paid in ${bare.seconds.toFixed(1)} s (${(bare.orders / bare.seconds).toFixed(1)}/s, ${bare.failures} failed); Ledgerbridge took ${ratio?.toFixed(1)}× as long per order (its time is first post to last workflow, so the post rate bounds it)`
      : 'bare baseline: not run (--bare 0)',
    ...(r.keptDir ? [`  the worker's log and Temporal's: ${r.keptDir}`] : []),
    `wall time ${r.wallS.toFixed(0)} s`,
  ];
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
