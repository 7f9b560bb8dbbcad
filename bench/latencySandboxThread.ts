import { parentPort, workerData } from 'node:worker_threads';
import { startSandboxServer, type SandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createSalesforceEmulator } from '../sandbox/salesforce';
import { createXeroEmulator } from '../sandbox/xero';
import { amountDue } from '../sandbox/xero/serialize';
import { HS_TOKEN } from '../test/support/threeSandboxes';
import { SF_APP, XERO_CLIENT } from '../test/support/syncDeps';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';

/**
 * bench:latency's vendors, on their own thread as they would be on their own servers: the three
 * emulators (quotas lifted), and the customer's side of the measurement — a payment in Xero every
 * 1/rate s, and the moment both CRMs show it. The worker under test runs on the main thread.
 */
export interface SandboxReady {
  urls: { xero: string; salesforce: string; hubspot: string };
  tenantId: string;
  xeroGrant: { access_token: string; refresh_token: string; scope: string };
}
export type SandboxCommand =
  | { kind: 'webhooks'; url: string; key: string }
  | { kind: 'run'; rate: number; seconds: number; stallMs: number }
  | { kind: 'close' };
export interface SandboxResult {
  latenciesMs: number[];
  events: number;
  lost: number;
  duplicates: number;
  sendingS: number;
  webhookBatches: number;
  calls: { xero: number; salesforce: number; hubspot: number };
  syncs: number;
}

const { hsPortal } = workerData as { hsPortal: number };
const UNLIMITED = 1_000_000_000;

async function start(): Promise<void> {
  const xero = createXeroEmulator({
    rateLimits: { perMinute: UNLIMITED, perDay: UNLIMITED, appPerMinute: UNLIMITED, concurrent: 1_000 },
  });
  const { tenantId } = xero.seedDataset({ seed: 2027, contacts: 300, invoices: 1_500, asOf: '2026-11-01' });
  xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  const salesforce = createSalesforceEmulator({ dailyApiLimit: UNLIMITED });
  const org = salesforce.seedDataset({ accounts: 0, opportunities: 0 });
  salesforce.registerApp({ ...SF_APP, username: org.username, clientCredentialsEnabled: true });
  const hubspot = createHubspotEmulator({
    portalId: hsPortal,
    rateLimits: { staticPerTenSeconds: UNLIMITED, staticPerDay: UNLIMITED, searchPerSecond: UNLIMITED },
  });
  hubspot.registerStaticToken(hsPortal, HS_TOKEN, HUBSPOT_SCOPES);
  const servers: SandboxServer[] = [];
  for (const emulator of [xero, salesforce, hubspot]) servers.push(await startSandboxServer(emulator));
  const [xeroServer, sfServer, hsServer] = servers as [SandboxServer, SandboxServer, SandboxServer];
  const grant = xero.identity.issueGrant(
    XERO_CLIENT.clientId,
    'offline_access accounting.invoices accounting.contacts',
  );
  const ready: SandboxReady = {
    urls: { xero: xeroServer.url, salesforce: sfServer.url, hubspot: hsServer.url },
    tenantId,
    xeroGrant: grant,
  };
  parentPort?.postMessage(ready);

  async function run(rate: number, seconds: number, stallMs: number): Promise<SandboxResult> {
    const events = rate * seconds;
    const sfStore = salesforce.store;
    const hsStore = hubspot.portal(hsPortal);
    // Looked up once after the initial load, so watching the CRMs costs O(1) per open event.
    const sfIdOf = new Map<string, string>();
    for (const opp of sfStore.all('Opportunity'))
      sfIdOf.set(String(opp.fields.Xero_Invoice_ID__c), String(opp.fields.Id));
    const hsIdOf = new Map<string, string>();
    for (const deal of hsStore.live('deals')) hsIdOf.set(deal.properties.xero_invoice_id ?? '', deal.id);
    const payable = [...xero.store.invoices.values()].filter(
      (i) =>
        i.tenantId === tenantId &&
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        amountDue(i) > seconds / 10 &&
        sfIdOf.has(i.id) &&
        hsIdOf.has(i.id),
    );
    // Each invoice is paid again every ~15 s (1.00 at a time): realistic record churn.
    const cycle = payable.slice(0, Math.min(payable.length, rate * 15));
    if (cycle.length < rate * 5) throw new Error(`only ${payable.length} payable invoices`);
    const paidSoFar = new Map(cycle.map((i) => [i.id, i.amountPaid]));

    interface Pending {
      invoiceId: string;
      expectedPaid: number;
      sentAt: number;
      doneAt?: number;
    }
    const pending: Pending[] = [];
    // Open events per invoice, oldest first: one look at each CRM record completes all it covers.
    const open = new Map<string, Pending[]>();
    const before = servers.map((s) => s.requests().length);
    const checker = setInterval(() => {
      const now = performance.now();
      for (const [invoiceId, waiting] of open) {
        // Canonical IDs straight from the emulators' maps: this runs every 5 ms for every open invoice.
        const sfPaid = Number(sfStore.records.get(sfIdOf.get(invoiceId) ?? '')?.fields.Xero_Amount_Paid__c);
        const hsPaid = Number(
          hsStore.of('deals').get(hsIdOf.get(invoiceId) ?? '')?.properties.xero_amount_paid,
        );
        // Payments only add up, so a later payment's sync also completes the earlier ones.
        const shown = Math.min(sfPaid, hsPaid) + 0.005;
        while (waiting[0] && waiting[0].expectedPaid <= shown) (waiting.shift() as Pending).doneAt = now;
        if (waiting.length === 0) open.delete(invoiceId);
      }
    }, 5);

    const started = performance.now();
    for (let i = 0; i < events; i++) {
      const wait = started + (i * 1000) / rate - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const invoice = cycle[i % cycle.length] as (typeof cycle)[number];
      const expectedPaid = Math.round(((paidSoFar.get(invoice.id) ?? 0) + 1) * 100) / 100;
      paidSoFar.set(invoice.id, expectedPaid);
      const sentAt = performance.now();
      const response = await fetch(`${xeroServer.url}/__sandbox/invoices/${invoice.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1 }),
      });
      if (!response.ok) throw new Error(`payment ${i} refused: ${response.status} ${await response.text()}`);
      const event: Pending = { invoiceId: invoice.id, expectedPaid, sentAt };
      pending.push(event);
      const waiting = open.get(invoice.id);
      if (waiting) waiting.push(event);
      else open.set(invoice.id, [event]);
    }
    const sendingS = (performance.now() - started) / 1000;
    // Late is not lost: wait while events keep completing, until all are in or progress stalls.
    let lastProgress = performance.now();
    let done = 0;
    while (performance.now() - lastProgress < stallMs && done < pending.length) {
      await new Promise((r) => setTimeout(r, 50));
      const now = pending.filter((p) => p.doneAt !== undefined).length;
      if (now > done) [done, lastProgress] = [now, performance.now()];
    }
    clearInterval(checker);

    const paid = new Set(pending.map((p) => p.invoiceId));
    const counts = new Map<string, number>();
    const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
    for (const opp of sfStore.all('Opportunity')) {
      const id = String(opp.fields.Xero_Invoice_ID__c);
      if (paid.has(id)) count(`sf:${id}`);
    }
    for (const deal of hsStore.live('deals')) {
      const id = deal.properties.xero_invoice_id ?? '';
      if (paid.has(id)) count(`hs:${id}`);
    }
    const served = servers.map((s, i) => s.requests().slice(before[i]));
    const calls = served.map((list) => list.filter((r) => !r.path.startsWith('/__sandbox')).length);
    return {
      latenciesMs: pending.filter((p) => p.doneAt !== undefined).map((p) => (p.doneAt as number) - p.sentAt),
      events,
      lost: pending.filter((p) => p.doneAt === undefined).length,
      duplicates: [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
      sendingS,
      webhookBatches: xero.webhooks.deliveries().length,
      calls: { xero: calls[0] ?? 0, salesforce: calls[1] ?? 0, hubspot: calls[2] ?? 0 },
      // Events arriving while their record syncs collapse into one more sync: count the syncs too.
      syncs: (served[0] ?? []).filter((r) => /\/Invoices\/[0-9a-f-]{36}$/.test(r.path)).length,
    };
  }

  parentPort?.on('message', (command: SandboxCommand) => {
    if (command.kind === 'webhooks') xero.webhooks.configure({ url: command.url, key: command.key });
    else if (command.kind === 'run')
      run(command.rate, command.seconds, command.stallMs).then(
        (result) => parentPort?.postMessage(result),
        (err: unknown) => parentPort?.postMessage({ error: String(err) }),
      );
    else
      void Promise.all(servers.map((s) => s.close())).then(() => {
        parentPort?.postMessage({ closed: true });
        process.exit(0);
      });
  });
}

void start();
