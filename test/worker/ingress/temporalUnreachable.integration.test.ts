import net from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import { TemporalUnavailableError } from '../../../worker/webhooks/handoverDeadline';
import { xeroEventDispatcher } from '../../../worker/webhooks/xeroEventDispatcher';
import { freePort } from '../../support/ports';
import { startAppIngress, TEST_SECRETS, type AppIngress } from './appIngress';
import { signedHeaders, validBody, type WebhookVendor } from './signedDeliveries';

const DEADLINE_MS = 300;

/**
 * Nothing is acknowledged that Temporal did not durably take: when it does not answer within the
 * hand-over deadline, a webhook is answered 503 with Retry-After, so Xero, HubSpot and Salesforce
 * deliver it again later. Two ways Temporal is not there: nothing listens on its port, or something
 * accepts connections and never answers (a hung server, a black-holing network).
 */
describe.each([
  ['nothing listens on its port', async () => ({ port: await freePort(), close: () => Promise.resolve() })],
  ['it accepts connections and never answers', blackHole],
])('Temporal unreachable (%s)', (_case, listen) => {
  let app: AppIngress;
  let connection: Connection;
  let target: { port: number; close(): Promise<void> };

  beforeAll(async () => {
    target = await listen();
    connection = Connection.lazy({ address: `127.0.0.1:${target.port}` });
    const client = new Client({ connection });
    app = await startAppIngress({
      dispatchXero: xeroEventDispatcher(client, 'unreachable', { deadlineMs: DEADLINE_MS }),
      dispatchDeal: crmDealDispatcher(client, 'unreachable', { deadlineMs: DEADLINE_MS }),
    });
  });
  afterAll(async () => {
    await app.close();
    await connection.close();
    await target.close();
  });

  it.each<WebhookVendor>(['xero', 'hubspot', 'salesforce'])(
    '%s: a valid delivery is answered 503 with Retry-After within the deadline, not 2xx',
    async (vendor) => {
      const body = validBody(vendor);
      const started = performance.now();
      const res = await fetch(`${app.ingress.url}/webhooks/${vendor}`, {
        method: 'POST',
        headers: [
          ['content-type', 'application/json'],
          ...signedHeaders(vendor, body, TEST_SECRETS, app.publicUrl),
        ],
        body,
      });
      const tookMs = performance.now() - started;
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await res.json()).toMatchObject({ error: 'temporal_unavailable' });
      // The deadline plus the guard's slack, and room for a busy machine: never the client's own timeout.
      expect(tookMs).toBeLessThan(DEADLINE_MS + 3_000);
    },
  );

  it('the dispatcher itself fails with TemporalUnavailableError', async () => {
    const client = new Client({ connection });
    const dispatch = crmDealDispatcher(client, 'unreachable', { deadlineMs: DEADLINE_MS });
    await expect(
      dispatch([{ crm: 'hubspot', crmAccount: '1', dealId: '2', source: 'test' }]),
    ).rejects.toBeInstanceOf(TemporalUnavailableError);
  });

  it('requests that need no hand-over are answered as usual meanwhile', async () => {
    const res = await fetch(`${app.ingress.url}/webhooks/xero`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect((await fetch(`${app.ingress.url}/healthz`)).status).toBe(200);
  });
});

/** A TCP listener that takes connections and never says a word. */
async function blackHole(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
