import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { App } from '../../../worker/app';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { makeDemoOrder } from '../../../worker/orders/demoOrder';
import { startEmbeddedApp } from '../../support/embeddedApp';
import { installQuietRuntime } from '../../support/temporal';

jest.setTimeout(240_000);

/**
 * npm start's demo order on the whole embedded stack: the order endpoint is set up for the first
 * demo installation, a signed order goes over HTTP to the ingress, and Xero (the emulator) holds its
 * paid invoice; the secrets are in a file only its owner reads, and a second demo reuses them.
 */
let app: App;
let dataDir: string;
beforeAll(async () => {
  installQuietRuntime();
  dataDir = await mkdtemp(path.join(tmpdir(), 'lb-orders-demo-'));
  ({ app } = await startEmbeddedApp({ LEDGERBRIDGE_DATA_DIR: dataDir }, pino({ level: 'silent' }), {
    demoInstallations: true,
    mailpit: false,
  }));
});
afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const demoOrder = () =>
  makeDemoOrder({
    demo: app.demo,
    installations: new InstallationStore(app.store.db),
    endpoints: app.orders.endpoints,
    client: app.temporal.client,
    ingressUrl: app.ingress.url,
    dataDir,
  });

it('a signed web-shop order posted to the ingress becomes a paid Xero invoice', async () => {
  const made = await demoOrder();
  expect(made?.outcome).toMatchObject({ state: 'invoiced' });
  const invoice = app.sandbox.xero!.emulator.store.invoices.get(made!.outcome.xeroInvoiceId!);
  expect(invoice).toMatchObject({ status: 'PAID', total: 30, reference: `Order ${made!.orderId}` });

  const file = await stat(made!.secretsFile);
  expect(file.mode & 0o077).toBe(0);
  const secrets = JSON.parse(await readFile(made!.secretsFile, 'utf8')) as {
    url: string;
    signingSecret: string;
  };
  expect(secrets.url).toBe(made!.url);
  expect(secrets.signingSecret).toMatch(/^lbos_/);

  const again = await demoOrder();
  expect(again?.outcome).toMatchObject({ state: 'invoiced' });
  expect(again?.orderId).not.toBe(made!.orderId);
});
