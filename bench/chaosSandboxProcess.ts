import { chaosFaultRules, VENDOR_API_PATHS, type ChaosVendor } from './chaosFaults';
import { WonDealMaker, type WonDeal } from './chaosDeals';
import { startChaosVendors, type ChaosVendors } from './chaosSandbox';
import type { ChaosSandboxApi } from './chaosSandboxRpc';
import { serveRpc } from './processRpc';
import { tallyChaos } from './chaosTally';
import { XeroEventMaker } from './chaosXeroEvents';

/**
 * bench:chaos's vendors in a process of their own (as they are on their own servers): the three
 * emulators, the people changing Xero and winning deals, and the count at the end. The bench
 * drives it over IPC (chaosSandboxRpc.ts); the worker under test only sees the vendors' HTTP.
 */
let vendors: ChaosVendors | undefined;
let events: XeroEventMaker | undefined;
let dealMaker: WonDealMaker | undefined;
const deals: WonDeal[] = [];
/** Faults fired under rules since replaced (a rule's count goes with it). */
const firedBefore: Record<ChaosVendor, number> = { xero: 0, salesforce: 0, hubspot: 0 };
const fired = (v: ChaosVendors, vendor: ChaosVendor) =>
  v[vendor].faults.list().reduce((n, rule) => n + rule.fired, 0);

const ready = () => {
  if (!vendors || !events || !dealMaker) throw new Error('the sandbox is not started');
  return { vendors, events, dealMaker };
};

const api: ChaosSandboxApi = {
  async start(setup) {
    vendors = await startChaosVendors(setup);
    events = new XeroEventMaker(vendors.xero, vendors.tenantId, setup.seed);
    dealMaker = new WonDealMaker(vendors, setup.seed + 1);
    const { servers } = vendors;
    return {
      ports: { xero: servers.xero.port, salesforce: servers.salesforce.port, hubspot: servers.hubspot.port },
      tenantId: vendors.tenantId,
      orgId: vendors.orgId,
      portalId: vendors.portalId,
    };
  },
  faults({ rate, hangMs }) {
    const { vendors: v } = ready();
    for (const vendor of Object.keys(VENDOR_API_PATHS) as ChaosVendor[]) {
      firedBefore[vendor] += fired(v, vendor);
      v[vendor].faults.clear();
      if (rate > 0) for (const rule of chaosFaultRules(vendor, rate, hangMs)) v[vendor].faults.add(rule);
    }
    return Promise.resolve();
  },
  xeroEvent: () => Promise.resolve(ready().events.next()),
  async wonDeal() {
    const deal = await ready().dealMaker.next();
    deals.push(deal);
    return deal;
  },
  tally: () => Promise.resolve(tallyChaos(ready().vendors, deals)),
  traffic() {
    const { vendors: v } = ready();
    const of = (vendor: ChaosVendor) => ({
      apiCalls: v.servers[vendor]
        .requests()
        .filter((r) => VENDOR_API_PATHS[vendor].some((p) => r.path.startsWith(p))).length,
      faults: firedBefore[vendor] + fired(v, vendor),
    });
    const failedAttempts = (attempts: Array<{ status: unknown }>) =>
      attempts.filter((a) => typeof a.status !== 'number' || a.status >= 300).length;
    const webhooks = [
      v.xero.webhooks.deliveries(),
      v.salesforce.outbound.deliveries(),
      v.hubspot.webhooks.deliveries(),
    ].flat();
    return Promise.resolve({
      xero: of('xero'),
      salesforce: of('salesforce'),
      hubspot: of('hubspot'),
      webhooks: {
        deliveries: webhooks.length,
        undelivered: webhooks.filter((d) => !d.delivered).length,
        failedAttempts: webhooks.reduce((n, d) => n + failedAttempts(d.attempts), 0),
      },
    });
  },
  async close() {
    await vendors?.close();
  },
};

serveRpc(api);
