import { parentPort, workerData } from 'node:worker_threads';
import { startSandboxServer } from '../sandbox/core/server';
import { createXeroEmulator } from '../sandbox/xero';

/** The Xero emulator on its own thread, as it would be in its own process: seeds, serves, reports. */
async function run(): Promise<void> {
  const { invoices } = workerData as { invoices: number };
  const emulator = createXeroEmulator({
    rateLimits: { perMinute: 1_000_000, perDay: 1_000_000, appPerMinute: 1_000_000 },
  });
  emulator.identity.registerClient({ clientId: 'bench', clientSecret: 'bench', redirectUris: [] });
  const seedStart = performance.now();
  const { tenantId } = emulator.seedDataset({ seed: 7, contacts: 1_000, invoices, asOf: '2026-11-01' });
  const seedS = (performance.now() - seedStart) / 1000;
  const server = await startSandboxServer(emulator);
  const tokens = emulator.identity.issueGrant('bench', 'accounting.invoices.read');
  parentPort?.postMessage({ url: server.url, tenantId, tokens, seedS });
  parentPort?.once('message', () => {
    void server.close().then(() => process.exit(0));
  });
}

void run();
