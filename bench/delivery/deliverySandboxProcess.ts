import { serveRpc } from '../processRpc';
import { sendBareBaseline } from './bareBaseline';
import { DeliveryXero } from './deliverySandbox';
import type { DeliverySandboxApi } from './deliverySandboxRpc';

/**
 * bench:delivery's Xero in a process of its own (as on its own servers), so it outlives the
 * worker's kills and its CPU is not the worker's: the organisation, the invoices people approve,
 * and the bare baseline (which renders the same PDFs). The worker only sees Xero's HTTP.
 */
let xero: DeliveryXero | undefined;
const ready = () => {
  if (!xero) throw new Error('the Xero sandbox is not started');
  return xero;
};

const api: DeliverySandboxApi = {
  async start(setup) {
    xero = await DeliveryXero.start(setup);
    return { xeroPort: xero.server.port, tenantId: xero.tenantId };
  },
  createInvoice: () => Promise.resolve(ready().createInvoice()),
  apiCalls: () => Promise.resolve(ready().apiCalls()),
  bare: ({ smtpHost, smtpPort, count }) =>
    sendBareBaseline(ready().emulator, ready().tenantId, { host: smtpHost, port: smtpPort }, count),
  async close() {
    await xero?.close();
  },
};

serveRpc(api);
