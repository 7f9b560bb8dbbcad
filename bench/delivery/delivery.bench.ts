import { deliveryOptionsFrom } from './deliveryOptions';
import { runDelivery, type DeliveryReport } from './deliveryRun';
import { XERO_LIFTED } from './deliveryWorkerEnv';

/**
 * `npm run bench:delivery [-- --invoices N --rate R --kills K --wait-seconds S --bare N]`: is every
 * invoice e-mailed exactly once when the worker dies while sending? 1,000 approved sales invoices are
 * created in Xero (the emulator, its own process) at 4 a second; the Xero sync hands each to its
 * delivery workflow, which e-mails it through the installation's SMTP account (Mailpit, started here
 * so it outlives the worker); the worker (`worker/main.ts`, its own process) is SIGKILLed when a third
 * and two thirds of the messages are in Mailpit, and restarted at once. When every delivery workflow
 * is done (or the wait runs out), Mailpit's messages are counted per invoice; then a bare baseline
 * (nodemailer alone, the same PDFs, the same Mailpit). Last line:
 * {"invoices","messages","duplicates","missing","kills","wall_s"}.
 */
async function run(): Promise<void> {
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`${signal}: stopping the run`);
      process.exit(130);
    });
  const options = deliveryOptionsFrom(process.argv.slice(2));
  console.log(
    `delivery: ${options.invoices} invoices at ${options.rate}/s, ${options.kills} worker kills while sending; ` +
      `Xero's limits lifted to ${XERO_LIFTED.perMinute} calls a minute and ${XERO_LIFTED.perDay} a day per organisation ` +
      `(the emulator and the worker's XERO_REQUESTS_PER_MINUTE/_PER_DAY; Xero's 60 a minute would take over an hour)`,
  );
  const report = await runDelivery(options, {}, (line) => console.log(line));
  for (const line of summary(report)) console.log(line);
  console.log(
    JSON.stringify({
      invoices: options.invoices,
      messages: report.tally.messages,
      duplicates: report.tally.duplicates,
      missing: report.tally.missing,
      kills: report.load.kills.length,
      wall_s: Math.round(report.wallS),
    }),
  );
}

function summary(r: DeliveryReport): string[] {
  const { tally, load, settle, bare } = r;
  const kills = load.kills.map(
    (k) =>
      `at ${k.atS.toFixed(0)} s after ${k.messages} messages (serving again after ${k.downS.toFixed(1)} s)`,
  );
  const stackRate = tally.messages / r.stackSeconds;
  return [
    '',
    `invoices approved over ${load.seconds.toFixed(1)} s; worker killed ${load.kills.length} times: ${kills.join(', ') || 'never'}; started ${r.workerStarts} times`,
    settle.settled
      ? `every delivery workflow was done ${settle.seconds.toFixed(1)} s after the load and the last restart (${settle.workflows.completed} runs completed, re-syncs included)`
      : `not done ${settle.seconds.toFixed(0)} s after the load and the last restart: ${settle.workflows.completed} completed, ${settle.workflows.running} running, ${settle.workflows.ended} failed or ended`,
    `Mailpit: ${tally.messages} of ${r.options.invoices} invoices e-mailed, ${tally.duplicates} duplicate messages, ${tally.missing} missing, ${tally.stray} stray`,
    `the worker's sends: ${r.sends.sent} sent, ${r.sends.foundSent} found in Mailpit by Message-ID after a kill (not sent again), ${r.sends.resent} sent again after an unknown outcome, ${r.sends.failedAttempts} failed attempts${r.sends.unsent > 0 ? `; ${r.sends.unsent} still claimed and unsent (a killed worker's claims, kept until they lapse)` : ''}`,
    ...(tally.missingExamples.length > 0 ? [`  missing e.g. ${tally.missingExamples.join(', ')}`] : []),
    ...(tally.duplicateExamples.length > 0 ? [`  doubled e.g. ${tally.duplicateExamples.join(', ')}`] : []),
    `Ledgerbridge: ${tally.messages} invoices in ${r.stackSeconds.toFixed(1)} s from the first approval (${stackRate.toFixed(2)}/s; its SMTP pool sends at most 5 a second), ${r.xeroCalls} Xero API calls`,
    bare
      ? `bare nodemailer: ${bare.sent} messages with their PDFs (${Math.round(bare.pdfBytes / Math.max(1, bare.sent) / 1024)} KiB each) in ${bare.seconds.toFixed(1)} s (${(bare.sent / bare.seconds).toFixed(1)}/s); Ledgerbridge took ${(r.stackSeconds / r.options.invoices / (bare.seconds / Math.max(1, bare.sent))).toFixed(1)}× as long per message`
      : 'bare baseline: not run (--bare 0)',
    ...(r.keptDir ? [`  the worker's log, Mailpit's and Temporal's: ${r.keptDir}`] : []),
    `wall time ${r.wallS.toFixed(0)} s`,
  ];
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
