import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { chromium } from 'playwright-core';
import { LEDGERBRIDGE_SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { xeroRecordWorkflowId } from '../../workflows/xero/recordIds';
import { startDevServer, type DevServer } from '../../worker/temporal/devServer';
import { xeroEventDispatcher } from '../../worker/webhooks/xeroEventDispatcher';
import { freePort } from '../support/ports';
import { testDataConverter } from '../support/temporal';
import { testEnv } from '../support/testEnv';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '../../test-artifacts/temporal-ui-sync-account.png');

/**
 * What an operator sees: the real Temporal Web UI (a dev server of this test's own, with its UI on)
 * listing Ledgerbridge workflows filtered by a search attribute, in Debian's headless Chromium.
 * The screenshot is kept as the artefact test-artifacts/temporal-ui-sync-account.png.
 */
describe('Temporal UI', () => {
  let server: DevServer;
  let connection: Connection;
  let client: Client;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
      );
    const port = await freePort();
    server = await startDevServer({
      cliPath: testEnv('temporalCli'),
      port,
      uiPort: await freePort(),
      searchAttributes: LEDGERBRIDGE_SEARCH_ATTRIBUTES,
      uiCodecEndpoint: 'http://127.0.0.1:3030/codec',
    });
    connection = await Connection.connect({ address: server.address });
    client = new Client({ connection, dataConverter: testDataConverter() });
  });
  afterAll(async () => {
    await connection?.close();
    await server?.stop();
  });

  it('lists the workflows of one Xero organisation by SyncAccount', async () => {
    const tenant = 'a1b2c3d4-0000-4000-8000-00000000demo';
    const invoices = ['5f0c1a2b-0001', '5f0c1a2b-0002', '5f0c1a2b-0003'];
    const dispatch = xeroEventDispatcher(client, 'ledgerbridge-ui-demo');
    const change = {
      eventType: 'UPDATE' as const,
      eventDateUtc: new Date().toISOString(),
      source: 'webhook' as const,
    };
    await dispatch(
      invoices.map((resourceId) => ({ tenantId: tenant, category: 'INVOICE' as const, resourceId, change })),
    );
    await dispatch([
      { tenantId: 'another-organisation', category: 'INVOICE', resourceId: 'not-listed', change },
    ]);

    const query = `SyncAccount = "${tenant}"`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      await page.goto(
        `${server.uiUrl ?? ''}/namespaces/default/workflows?query=${encodeURIComponent(query)}`,
      );
      const expected = invoices.map((id) => xeroRecordWorkflowId(tenant, 'INVOICE', id));
      // Visibility catches up within moments; the UI shows what the server's list returns.
      for (const id of expected) await page.getByText(id).first().waitFor({ timeout: 20_000 });
      const text = await page.locator('body').innerText();
      expect(text).not.toContain('not-listed');
      expect(text).toContain('xeroRecordSyncWorkflow');
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await browser.close();
    }
    expect(existsSync(SCREENSHOT)).toBe(true);
  });
});
