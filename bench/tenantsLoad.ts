import type { HubSpotEmulator } from '../sandbox/hubspot';
import type { XeroEmulator } from '../sandbox/xero';
import { amountDue } from '../sandbox/xero/serialize';
import type { SandboxInstallation } from './tenantsSandboxThread';

/**
 * The customers' side of bench:tenants: payments in each installation's Xero organisation at the
 * phase's rates (the first installation floods, the others share the quiet rate round-robin), and
 * the moment the installation's own HubSpot deal shows each one (read from the emulator's memory,
 * so measuring costs no API calls).
 */
export interface PhaseCommand {
  name: string;
  /** Events a second over all quiet installations together. */
  quietRate: number;
  /** Events a second of the flooding installation (0: flood off). */
  floodRate: number;
  seconds: number;
  /** After the phase's last event: how long its events may take to show before counting as lost. */
  settleMs: number;
}
export interface PhaseResult {
  name: string;
  quietLatenciesMs: number[];
  floodLatenciesMs: number[];
  quietEvents: number;
  floodEvents: number;
  /** Events not shown in their CRM within settleMs of the phase's last event. */
  quietLost: number;
  floodLost: number;
  sendingS: number;
}

interface Pending {
  invoiceId: string;
  expectedPaid: number;
  sentAt: number;
  doneAt?: number;
}
type Deal = { properties: Record<string, string | undefined> } | undefined;

export class TenantsLoad {
  /** Invoice -> how to read its deal in its own installation's portal (filled after the initial load). */
  private readonly dealOf = new Map<string, () => Deal>();
  private readonly cycles: string[][] = [];
  private readonly turn: number[] = [];
  private quietTurn = 0;

  constructor(
    private readonly xero: XeroEmulator,
    private readonly hubspot: HubSpotEmulator,
    private readonly xeroUrl: string,
    private readonly installations: SandboxInstallation[],
  ) {}

  async runPhase(command: PhaseCommand): Promise<PhaseResult> {
    if (this.cycles.length === 0) this.prepare();
    const quiet: Pending[] = [];
    const flood: Pending[] = [];
    const open = new Map<string, Pending[]>();
    const checker = setInterval(() => this.check(open), 5);
    const started = performance.now();
    const quietCount = Math.round(command.quietRate * command.seconds);
    const floodCount = Math.round(command.floodRate * command.seconds);
    let [q, f] = [0, 0];
    while (q < quietCount || f < floodCount) {
      const quietAt = q < quietCount ? (q * 1000) / command.quietRate : Infinity;
      const floodAt = f < floodCount ? (f * 1000) / command.floodRate : Infinity;
      const isFlood = floodAt < quietAt;
      const wait = started + Math.min(quietAt, floodAt) - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const installation = isFlood ? 0 : 1 + (this.quietTurn++ % (this.installations.length - 1));
      const event = await this.pay(installation);
      (isFlood ? flood : quiet).push(event);
      const waiting = open.get(event.invoiceId);
      if (waiting) waiting.push(event);
      else open.set(event.invoiceId, [event]);
      if (isFlood) f++;
      else q++;
    }
    const sendingS = (performance.now() - started) / 1000;
    const deadline = performance.now() + command.settleMs;
    const all = [...quiet, ...flood];
    while (performance.now() < deadline && all.some((p) => p.doneAt === undefined))
      await new Promise((r) => setTimeout(r, 50));
    clearInterval(checker);
    const latencies = (list: Pending[]) =>
      list.filter((p) => p.doneAt !== undefined).map((p) => (p.doneAt as number) - p.sentAt);
    const lost = (list: Pending[]) => list.filter((p) => p.doneAt === undefined).length;
    return {
      name: command.name,
      quietLatenciesMs: latencies(quiet),
      floodLatenciesMs: latencies(flood),
      quietEvents: quiet.length,
      floodEvents: flood.length,
      quietLost: lost(quiet),
      floodLost: lost(flood),
      sendingS,
    };
  }

  /** Records of one installation's Xero data in another's portal, and records held twice. */
  audit(): { crossInstallationWrites: number; duplicates: number } {
    const tenantOf = new Map<string, string>();
    for (const invoice of this.xero.store.invoices.values()) tenantOf.set(invoice.id, invoice.tenantId);
    for (const contact of this.xero.store.contacts.values()) tenantOf.set(contact.id, contact.tenantId);
    let [crossInstallationWrites, duplicates] = [0, 0];
    for (const installation of this.installations) {
      const portal = this.hubspot.portal(installation.portalId);
      const seen = new Set<string>();
      const records = [
        ...portal.live('deals').map((d) => d.properties.xero_invoice_id),
        ...portal.live('companies').map((c) => c.properties.xero_contact_id),
      ];
      for (const xeroId of records) {
        if (!xeroId) continue;
        if (seen.has(xeroId)) duplicates++;
        seen.add(xeroId);
        const owner = tenantOf.get(xeroId);
        if (owner !== installation.tenantId) crossInstallationWrites++;
      }
    }
    return { crossInstallationWrites, duplicates };
  }

  /** Each organisation's payable invoices that its portal holds as deals, in a fixed order. */
  private prepare(): void {
    for (const [index, installation] of this.installations.entries()) {
      const portal = this.hubspot.portal(installation.portalId);
      const deals = portal.of('deals');
      for (const deal of portal.live('deals')) {
        const invoiceId = deal.properties.xero_invoice_id;
        if (invoiceId) this.dealOf.set(invoiceId, () => deals.get(deal.id));
      }
      const payable = [...this.xero.store.invoices.values()]
        .filter(
          (i) =>
            i.tenantId === installation.tenantId &&
            i.type === 'ACCREC' &&
            i.status === 'AUTHORISED' &&
            amountDue(i) >= 2 &&
            this.dealOf.has(i.id),
        )
        .map((i) => i.id);
      if (payable.length === 0) throw new Error(`installation ${index}: no payable invoice in its portal`);
      this.cycles.push(payable);
      this.turn.push(0);
    }
  }

  /** Pays 1.00 on the installation's next invoice that still has that much due. */
  private async pay(installation: number): Promise<Pending> {
    const cycle = this.cycles[installation] as string[];
    for (let tried = 0; tried < cycle.length; tried++) {
      const turn = this.turn[installation] ?? 0;
      this.turn[installation] = turn + 1;
      const invoiceId = cycle[turn % cycle.length] as string;
      const invoice = this.xero.store.invoices.get(invoiceId);
      if (!invoice || amountDue(invoice) < 1) continue;
      const expectedPaid = Math.round((invoice.amountPaid + 1) * 100) / 100;
      const sentAt = performance.now();
      const response = await fetch(`${this.xeroUrl}/__sandbox/invoices/${invoiceId}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1 }),
      });
      if (!response.ok) throw new Error(`payment refused: ${response.status} ${await response.text()}`);
      return { invoiceId, expectedPaid, sentAt };
    }
    throw new Error(`installation ${installation}: every invoice is paid up`);
  }

  /** Payments only add up: a later payment's sync also completes the earlier ones. */
  private check(open: Map<string, Pending[]>): void {
    const now = performance.now();
    for (const [invoiceId, waiting] of open) {
      const shown = Number(this.dealOf.get(invoiceId)?.()?.properties.xero_amount_paid) + 0.005;
      while (waiting[0] && waiting[0].expectedPaid <= shown) (waiting.shift() as Pending).doneAt = now;
      if (waiting.length === 0) open.delete(invoiceId);
    }
  }
}
