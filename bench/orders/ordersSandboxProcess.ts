import { serveRpc } from '../processRpc';
import { runBareBaseline } from './ordersBare';
import { OrdersVendors, type OrdersSandboxSetup } from './ordersSandbox';
import type { OrdersSandboxApi } from './ordersSandboxRpc';

/**
 * bench:orders' Xero and HubSpot in a process of their own (as on their own servers), so they
 * outlive the worker's kill and their CPU is not the worker's; the bare baseline runs here too,
 * against an organisation of its own. The worker only sees the vendors' HTTP.
 */
let vendors: OrdersVendors | undefined;
let limits: Pick<OrdersSandboxSetup, 'xeroPerMinute' | 'xeroPerDay'> | undefined;
const ready = () => {
  if (!vendors || !limits) throw new Error('the vendors are not started');
  return { vendors, limits };
};

const api: OrdersSandboxApi = {
  async start(setup) {
    vendors = await OrdersVendors.start(setup);
    limits = { xeroPerMinute: setup.xeroPerMinute, xeroPerDay: setup.xeroPerDay };
    return {
      xeroPort: vendors.servers.xero.port,
      hubspotPort: vendors.servers.hubspot.port,
      tenantId: vendors.tenantId,
      portalId: vendors.portalId,
    };
  },
  tickMonthlyBilling: () => Promise.resolve(ready().vendors.tickMonthlyBilling()),
  invoices: () => Promise.resolve(ready().vendors.invoices()),
  apiCalls: () => Promise.resolve(ready().vendors.apiCalls()),
  bare: ({ knownCustomers, orders }) => runBareBaseline({ knownCustomers, orders, ...ready().limits }),
  async close() {
    await vendors?.close();
  },
};

serveRpc(api);
