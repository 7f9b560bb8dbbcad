import type { RecordedRequest } from '../sandbox/core/server';
import { startBackfillVendors, type BackfillVendors } from './backfillVendors';
import type { BackfillVendor, BackfillVendorsApi, ServedCall } from './backfillVendorsRpc';
import { serveRpc } from './processRpc';

/**
 * bench:backfill's vendors in a process of their own (as they are on their own servers), so the
 * bench's process is the worker alone: the three emulators, and the count of the calls they served.
 */
let vendors: BackfillVendors | undefined;
let marked: Record<BackfillVendor, number> = { xero: 0, salesforce: 0, hubspot: 0 };
const VENDORS: BackfillVendor[] = ['xero', 'salesforce', 'hubspot'];

const ready = () => {
  if (!vendors) throw new Error('the vendors are not started');
  return vendors;
};
const isApiCall = (r: RecordedRequest) => !r.path.includes('oauth') && !r.path.startsWith('/connect');
const asServed = ({ method, path, status, at }: RecordedRequest): ServedCall => ({
  method,
  path,
  status,
  at,
});

const api: BackfillVendorsApi = {
  async start(setup) {
    vendors = await startBackfillVendors(setup);
    return vendors.info;
  },
  mark() {
    const { servers } = ready();
    marked = { xero: 0, salesforce: 0, hubspot: 0 };
    for (const vendor of VENDORS) marked[vendor] = servers[vendor].requests().length;
    return Promise.resolve();
  },
  served() {
    const { servers } = ready();
    const since = (vendor: BackfillVendor) =>
      servers[vendor].requests().slice(marked[vendor]).filter(isApiCall).map(asServed);
    return Promise.resolve({
      xero: since('xero'),
      salesforce: since('salesforce'),
      hubspot: since('hubspot'),
    });
  },
  async close() {
    await vendors?.close();
  },
};

serveRpc(api);
