import type { SandboxServer } from '../sandbox/core/server';
import type { HubSpotEmulator } from '../sandbox/hubspot';
import type { SalesforceEmulator } from '../sandbox/salesforce';
import type { XeroEmulator } from '../sandbox/xero';
import { amountDue } from '../sandbox/xero/serialize';
import type { LoadResult, LoadStep } from './latencySandboxRpc';

export interface LatencyVendors {
  xero: XeroEmulator;
  salesforce: SalesforceEmulator;
  hubspot: HubSpotEmulator;
  servers: { xero: SandboxServer; salesforce: SandboxServer; hubspot: SandboxServer };
  tenantId: string;
  hsPortal: number;
}

interface Pending {
  invoiceId: string;
  expectedPaid: number;
  sentAt: number;
  doneAt?: number;
}

/** A vendor call's kind: method and path with record IDs (UUIDs, Salesforce and HubSpot IDs) as :id. */
export function callKind(vendor: string, method: string, path: string): string {
  const shape = path
    .split('/')
    .map((s) => (/^[0-9a-f-]{36}$/i.test(s) || /^\d+$/.test(s) || /^[a-zA-Z0-9]{18}$/.test(s) ? ':id' : s))
    .join('/');
  return `${vendor} ${method} ${shape}`;
}

/**
 * One load step, on the vendors' side: a payment of 1.00 on a different Xero invoice every 1/rate s
 * (each invoice paid again about every 15 s: realistic record churn), and the moment both the
 * Salesforce opportunity and the HubSpot deal show each (read from the emulators' memory every 5 ms,
 * so watching costs no API calls). Whoever syncs (the stack or the bare path) is invisible here.
 */
export async function runLoadStep(v: LatencyVendors, step: LoadStep): Promise<LoadResult> {
  const { rate, seconds, stallMs, giveUpAfterMs } = step;
  const planned = Math.round(rate * seconds);
  const sfStore = v.salesforce.store;
  const hsStore = v.hubspot.portal(v.hsPortal);
  // Looked up once per step, so watching the CRMs costs O(1) per open event.
  const sfIdOf = new Map<string, string>();
  for (const opp of sfStore.all('Opportunity'))
    sfIdOf.set(String(opp.fields.Xero_Invoice_ID__c), String(opp.fields.Id));
  const hsIdOf = new Map<string, string>();
  for (const deal of hsStore.live('deals')) hsIdOf.set(deal.properties.xero_invoice_id ?? '', deal.id);
  const payments = Math.ceil(seconds / 15) + 1;
  const payable = [...v.xero.store.invoices.values()].filter(
    (i) =>
      i.tenantId === v.tenantId &&
      i.type === 'ACCREC' &&
      i.status === 'AUTHORISED' &&
      amountDue(i) > payments &&
      sfIdOf.has(i.id) &&
      hsIdOf.has(i.id),
  );
  const cycle = payable.slice(0, Math.min(payable.length, Math.ceil(rate * 15)));
  if (cycle.length < rate * 5) throw new Error(`only ${payable.length} payable invoices`);
  const paidSoFar = new Map(cycle.map((i) => [i.id, i.amountPaid]));

  const pending: Pending[] = [];
  // Open events per invoice, oldest first: one look at each CRM record completes all it covers.
  const open = new Map<string, Pending[]>();
  const servers = [v.servers.xero, v.servers.salesforce, v.servers.hubspot];
  const before = servers.map((s) => s.requests().length);
  const batchesBefore = v.xero.webhooks.deliveries().length;
  let overdue = 0;
  const checker = setInterval(() => {
    const now = performance.now();
    for (const [invoiceId, waiting] of open) {
      const sfPaid = Number(sfStore.records.get(sfIdOf.get(invoiceId) ?? '')?.fields.Xero_Amount_Paid__c);
      const hsPaid = Number(
        hsStore.of('deals').get(hsIdOf.get(invoiceId) ?? '')?.properties.xero_amount_paid,
      );
      // Payments only add up, so a later payment's sync also completes the earlier ones.
      const shown = Math.min(sfPaid, hsPaid) + 0.005;
      while (waiting[0] && waiting[0].expectedPaid <= shown) (waiting.shift() as Pending).doneAt = now;
      if (waiting.length === 0) open.delete(invoiceId);
    }
    if (giveUpAfterMs !== undefined)
      overdue = pending.filter((p) => (p.doneAt ?? now) - p.sentAt > giveUpAfterMs).length;
  }, 5);
  const hopeless = () => giveUpAfterMs !== undefined && overdue > planned * 0.05;

  const started = performance.now();
  for (let i = 0; i < planned && !hopeless(); i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const invoice = cycle[i % cycle.length] as (typeof cycle)[number];
    const expectedPaid = Math.round(((paidSoFar.get(invoice.id) ?? 0) + 1) * 100) / 100;
    paidSoFar.set(invoice.id, expectedPaid);
    const sentAt = performance.now();
    const response = await fetch(`${v.servers.xero.url}/__sandbox/invoices/${invoice.id}/pay`, {
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
  while (performance.now() - lastProgress < stallMs && done < pending.length && !hopeless()) {
    await new Promise((r) => setTimeout(r, 50));
    const now = pending.filter((p) => p.doneAt !== undefined).length;
    if (now > done) [done, lastProgress] = [now, performance.now()];
  }
  clearInterval(checker);

  const calls: Record<string, number> = {};
  const names = ['xero', 'salesforce', 'hubspot'];
  let syncs = 0;
  servers.forEach((server, k) => {
    for (const r of server.requests().slice(before[k])) {
      const kind = callKind(names[k] as string, r.method, r.path);
      calls[kind] = (calls[kind] ?? 0) + 1;
      if (k === 0 && r.method === 'GET' && /\/Invoices\/[0-9a-f-]{36}$/.test(r.path)) syncs++;
    }
  });
  return {
    latenciesMs: pending.filter((p) => p.doneAt !== undefined).map((p) => (p.doneAt as number) - p.sentAt),
    events: pending.length,
    lost: pending.filter((p) => p.doneAt === undefined).length,
    gaveUp: hopeless(),
    duplicates: duplicates(v, new Set(pending.map((p) => p.invoiceId))),
    sendingS,
    webhookBatches: v.xero.webhooks.deliveries().length - batchesBefore,
    calls,
    syncs,
  };
}

/** CRM records beyond the first carrying one of these Xero invoice IDs. */
function duplicates(v: LatencyVendors, invoiceIds: Set<string>): number {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const opp of v.salesforce.store.all('Opportunity')) {
    const id = String(opp.fields.Xero_Invoice_ID__c);
    if (invoiceIds.has(id)) count(`sf:${id}`);
  }
  for (const deal of v.hubspot.portal(v.hsPortal).live('deals')) {
    const id = deal.properties.xero_invoice_id ?? '';
    if (invoiceIds.has(id)) count(`hs:${id}`);
  }
  return [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
}
