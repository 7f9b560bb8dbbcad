import { chaosOptionsFrom } from './chaosOptions';
import { runChaos, type ChaosReport } from './chaosRun';

/**
 * `npm run bench:chaos`: does anything get lost or doubled when the vendors misbehave and the
 * worker dies? The vendors (Xero, Salesforce, HubSpot emulators, in their own process) fail 20% of
 * the worker's API calls (5xx, 429 with Retry-After, hung and dropped connections, half of those
 * after the write was made) while 1,000 changes are made in Xero and 200 deals are won in the CRMs;
 * the worker (`worker/main.ts`, in its own process) is SIGKILLed and restarted 3 times meanwhile.
 * Then, faults off, everything gets time to arrive, and the vendors' own records are counted.
 * Sizes: CHAOS_EVENTS, CHAOS_DEALS, CHAOS_FAULT_RATE, CHAOS_KILLS… or --events=30 --deals=6 …
 * (bench/chaosOptions.ts). Last line:
 * {"events","deals","kills","lost","duplicate_crm_records","duplicate_invoices","wall_s"}.
 */
async function run(): Promise<void> {
  // Exiting runs the exit hooks: the worker is killed, the throwaway PostgreSQL stopped, and the
  // Temporal dev server's watchdog stops it; the sandbox process ends with its IPC channel.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      console.error(`${signal}: stopping the run`);
      process.exit(130);
    });
  const options = chaosOptionsFrom(process.env, process.argv.slice(2));
  console.log(
    `chaos: ${options.events} Xero events and ${options.deals} won deals, ${Math.round(options.faultRate * 100)}% faults, ${options.kills} worker kills`,
  );
  const report = await runChaos(options, {}, (line) => console.log(line));
  for (const line of summary(report)) console.log(line);
  console.log(
    JSON.stringify({
      events: options.events,
      deals: options.deals,
      kills: report.load.kills.length,
      lost: report.tally.lost,
      duplicate_crm_records: report.tally.duplicateCrmRecords,
      duplicate_invoices: report.tally.duplicateInvoices,
      wall_s: Math.round(report.wallS),
    }),
  );
}

function summary(r: ChaosReport): string[] {
  const { tally, traffic, load } = r;
  const kinds = Object.entries(load.kinds)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const calls = (['xero', 'salesforce', 'hubspot'] as const)
    .map((v) => `${v} ${traffic[v].apiCalls} calls, ${traffic[v].faults} faulted`)
    .join('; ');
  const caughtUp = r.catchUp.settled
    ? `the worker caught up ${r.catchUp.seconds.toFixed(1)} s after the last change, faults on`
    : `the worker had not caught up ${r.catchUp.seconds.toFixed(0)} s after the last change; faults off then`;
  const kills = load.kills.map(
    (k) => `at ${k.atS.toFixed(0)} s (serving again after ${k.downS.toFixed(1)} s)`,
  );
  return [
    '',
    `changes made over ${load.seconds.toFixed(1)} s: ${kinds}`,
    `worker killed ${load.kills.length} times: ${kills.join(', ') || 'never'}; started ${r.workerStarts} times`,
    caughtUp,
    `vendor API: ${calls}`,
    `webhooks and callouts: ${traffic.webhooks.deliveries} deliveries, ${traffic.webhooks.failedAttempts} failed attempts, ${traffic.webhooks.undelivered} never delivered`,
    r.settle.settled
      ? `everything was in place ${r.settle.seconds.toFixed(1)} s after faults went off`
      : `not everything arrived within ${r.settle.seconds.toFixed(0)} s after faults went off`,
    `counted in the vendors: ${tally.xeroContacts} Xero contacts and ${tally.xeroInvoices} invoices in both CRMs, ${tally.wonDeals} won deals`,
    `  lost ${tally.lost}, duplicate CRM records ${tally.duplicateCrmRecords}, duplicate invoices ${tally.duplicateInvoices}`,
    ...Object.entries(tally.findings).map(
      ([reason, f]) => `  ${reason}: ${f.count} (e.g. ${f.examples.join(', ')})`,
    ),
    ...(r.keptDir ? [`  the worker's log and data: ${r.keptDir}`] : []),
    ...(r.clockJumpsMs.length > 0
      ? [
          `  the machine's clock jumped during the run (${r.clockJumpsMs.map((ms) => `${Math.round(ms / 1000)} s`).join(', ')}): timers and expiries were stranded, the figures do not stand`,
        ]
      : []),
    `wall time ${r.wallS.toFixed(0)} s`,
  ];
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
