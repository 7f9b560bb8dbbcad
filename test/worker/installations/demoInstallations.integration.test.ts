import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { App } from '../../../worker/app';
import type { Config } from '../../../worker/config';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { loadSecretBox } from '../../../worker/connections/keyring';
import {
  DEMO_SECOND_XERO_ORGANISATION,
  DEMO_THIRD_XERO_ORGANISATION,
  demoSummary,
} from '../../../worker/installations/demoInstallations';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { startEmbeddedApp } from '../../support/embeddedApp';
import { installQuietRuntime } from '../../support/temporal';

/**
 * `npm start`'s demo: on a fresh embedded store (our own Temporal dev server, PGlite on disk, all
 * four emulators) three installations are made and connected without a browser, each with its own
 * Xero organisation and CRM (HubSpot, Salesforce, Zoho); a restart on the same data finds them and reconnects the same accounts.
 */
const logger = pino({ level: 'silent' });

describe('the demo installations npm start seeds', () => {
  let dataDir: string;
  let app: App | undefined;

  beforeAll(async () => {
    installQuietRuntime();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lb-demo-'));
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  async function start(): Promise<{ app: App; config: Config }> {
    const started = await startEmbeddedApp({ LEDGERBRIDGE_DATA_DIR: dataDir }, logger, {
      demoInstallations: true,
    });
    app = started.app;
    return started;
  }

  it('makes three installations, each with its own Xero organisation and CRM, and finds them again after a restart', async () => {
    const { app: first, config } = await start();
    const xero = first.sandbox.xero;
    const tenants = [...(xero?.emulator.store.tenants.values() ?? [])];
    const other = tenants.find((t) => t.name === DEMO_SECOND_XERO_ORGANISATION);
    expect(other?.id).toBeDefined();
    expect(other?.id).not.toBe(xero?.tenantId);
    const third = tenants.find((t) => t.name === DEMO_THIRD_XERO_ORGANISATION);
    expect(third?.id).toBeDefined();

    const expected = [
      {
        slug: 'demo-hubspot',
        accounts: [
          ['xero', xero?.tenantId],
          ['hubspot', String(first.sandbox.hubspot?.portalId)],
        ],
      },
      {
        slug: 'demo-salesforce',
        accounts: [
          ['xero', other?.id],
          ['salesforce', first.sandbox.salesforce?.orgId],
        ],
      },
      {
        slug: 'demo-zoho',
        accounts: [
          ['xero', third?.id],
          ['zoho', first.sandbox.zoho?.orgId],
        ],
      },
    ];
    const shape = (a: App) =>
      a.demo.map((d) => ({ slug: d.slug, accounts: d.accounts.map((c) => [c.vendor, c.externalId]) }));
    expect(shape(first)).toEqual(expected);
    expect(first.demo.flatMap((d) => d.accounts).filter((a) => a.skipped)).toEqual([]);

    // In the store: each account is an active connection of its own installation.
    const installations = new InstallationStore(first.store.db);
    const connections = new ConnectionStore(first.store.db, await loadSecretBox(config.encryption));
    const byInstallation = async () => {
      const out: Record<string, string[]> = {};
      for (const installation of await installations.list()) {
        const accounts = (await connections.list({ installationId: installation.id }))
          .filter((c) => c.status === 'active')
          .map((c) => `${c.vendor}:${c.externalId}`);
        if (accounts.length > 0) out[installation.slug] = accounts.sort();
      }
      return out;
    };
    const stored = await byInstallation();
    expect(stored).toEqual({
      'demo-hubspot': [`hubspot:${first.sandbox.hubspot?.portalId}`, `xero:${xero?.tenantId}`].sort(),
      'demo-salesforce': [`salesforce:${first.sandbox.salesforce?.orgId}`, `xero:${other?.id}`].sort(),
      'demo-zoho': [`xero:${third?.id}`, `zoho:${first.sandbox.zoho?.orgId}`].sort(),
    });

    // Its work started on the Temporal server: a refresh workflow per connection, each Xero backfill.
    const client = first.temporal.client;
    for (const c of await connections.list())
      expect((await client.workflow.getHandle(`connection:${c.id}:refresh`).describe()).status.name).toBe(
        'RUNNING',
      );
    for (const tenantId of [xero?.tenantId, other?.id, third?.id])
      await expect(client.workflow.getHandle(`xero-backfill:${tenantId}`).describe()).resolves.toBeDefined();

    const summary = demoSummary(first.demo, { uiUrl: first.temporal.uiUrl, namespace: 'default' }).join('\n');
    expect(summary).toContain(`Installation%3D%22demo-salesforce%22`);
    expect(summary).toContain(String(first.sandbox.salesforce?.orgId));

    const ids = (await connections.list()).map((c) => c.id).sort();
    const installationIds = (await installations.list()).map((i) => i.id).sort();
    await first.stop();
    app = undefined;

    // Same data: found again, the same rows, the accounts reconnected (the emulators forgot the grants).
    const { app: second } = await start();
    expect(shape(second)).toEqual(expected);
    const again = new ConnectionStore(second.store.db, await loadSecretBox(config.encryption));
    expect((await again.list()).map((c) => c.id).sort()).toEqual(ids);
    expect((await new InstallationStore(second.store.db).list()).map((i) => i.id).sort()).toEqual(
      installationIds,
    );
    expect((await again.list()).map((c) => c.status)).toEqual(Array(6).fill('active'));
    // Reconnected before the worker ran: no refresh workflow of the last run tried a forgotten grant.
    const reauth = await second.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'connection_needs_reauth')
      .execute();
    expect(reauth).toEqual([]);
    // The Xero organisations' new tokens work against the restarted emulator, one organisation each.
    for (const c of (await again.list()).filter((x) => x.vendor === 'xero')) {
      const { tokens } = await again.readTokens(c.id);
      const res = await fetch(`${second.sandbox.xero?.url}/connections`, {
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
      expect(((await res.json()) as Array<{ tenantId: string }>).map((t) => t.tenantId)).toEqual([
        c.externalId,
      ]);
    }
  }, 240_000);
});
