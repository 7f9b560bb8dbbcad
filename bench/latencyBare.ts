import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { bareSync, type BareVendors } from './latencyBareSync';

/**
 * bench:latency's bare path: what the sync costs without Ledgerbridge. A plain node:http handler
 * takes Xero's signed webhooks (x-xero-signature checked over the raw bytes in constant time, the
 * payload checked with zod), queues the invoices, answers 200, and one loop syncs them one at a
 * time through the vendors' SDKs (latencyBareSync.ts). An invoice already waiting is not queued
 * twice, as events on one record collapse into one sync in the stack. Nothing is durable and nothing
 * is retried: that is what makes it the floor.
 */
export interface BareReceiver {
  url: string;
  key: string;
  /** Syncs that threw (their events never show in the CRMs, so the step counts them lost). */
  failures(): number;
  /** Drops what is queued and stops taking webhooks. */
  close(): Promise<void>;
}

const payloadSchema = z.object({
  events: z.array(z.object({ resourceId: z.string(), eventCategory: z.string(), tenantId: z.string() })),
});

export async function startBareReceiver(vendors: BareVendors, key: string): Promise<BareReceiver> {
  const sync = bareSync(vendors);
  const queue = new Set<string>();
  let running = false;
  let closed = false;
  let failed = 0;

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    while (!closed && queue.size > 0) {
      const invoiceId = queue.values().next().value as string;
      queue.delete(invoiceId);
      await sync(invoiceId).catch((err: unknown) => {
        failed++;
        if (failed <= 3) console.error(`bare sync of ${invoiceId} failed:`, err);
      });
    }
    running = false;
  }

  const verified = (raw: Buffer, signature: string | undefined) => {
    const expected = Buffer.from(createHmac('sha256', key).update(raw).digest('base64'));
    const given = Buffer.from(signature ?? '');
    return expected.length === given.length && timingSafeEqual(expected, given);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers['x-xero-signature'];
      if (!verified(raw, typeof signature === 'string' ? signature : undefined)) {
        res.writeHead(401).end();
        return;
      }
      let parsed: z.infer<typeof payloadSchema>;
      try {
        parsed = payloadSchema.parse(JSON.parse(raw.toString('utf8')));
      } catch {
        res.writeHead(400).end();
        return;
      }
      for (const event of parsed.events)
        if (event.eventCategory === 'INVOICE' && event.tenantId === vendors.tenantId)
          queue.add(event.resourceId);
      res.writeHead(200).end();
      void drain();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/xero`,
    key,
    failures: () => failed,
    close: () => {
      closed = true;
      queue.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
