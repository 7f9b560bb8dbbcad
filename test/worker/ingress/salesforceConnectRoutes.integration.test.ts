import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ConnectionStore, type Connection } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import type { ConnectTickets } from '../../../worker/installations/connectTickets';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import {
  registerSalesforceConnectRoutes,
  type DisconnectXeroConnection,
} from '../../../worker/ingress/salesforceConnectRoutes';
import { salesforceOrgCalloutSecret } from '../../../worker/ingress/salesforceOrgCallout';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { testTickets } from '../../support/connectTickets';
import { createTestStore } from '../../support/stores';

const DEPLOYMENT_SECRET = 'salesforce-callout-secret-for-connect-tests';
const PUBLIC_URL = 'https://ledgerbridge.example.com';
const NOW = Date.parse('2026-11-02T09:00:00Z');
const ORG_A = '00D000000000001AAA';
const ORG_B = '00D000000000002AAA';
const ADMIN = '005000000000001AAA';

/**
 * The Salesforce app page's Xero connections: a callout signed with the calling org's own secret
 * reaches only its own installation's Xero organisations, whatever IDs it sends.
 */
describe('Salesforce app page: Xero connections', () => {
  let store: Store;
  let ingress: Ingress;
  let tickets: ConnectTickets;
  let disconnected: Array<Parameters<DisconnectXeroConnection>[0]>;
  let acme: Installation;
  let globex: Installation;
  let acmeXero: Connection;
  let globexXero: Connection;

  beforeEach(async () => {
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
    );
    const installations = new InstallationStore(store.db);
    acme = await installations.ensure({ slug: 'acme' });
    globex = await installations.ensure({ slug: 'globex' });
    const save = (installationId: string, vendor: 'xero' | 'salesforce', externalId: string, name: string) =>
      connections.save({
        installationId,
        vendor,
        externalId,
        displayName: name,
        scopes: [],
        tokens: { accessToken: `token-${externalId}` },
      });
    await save(acme.id, 'salesforce', ORG_A, 'Acme Salesforce');
    await save(globex.id, 'salesforce', ORG_B, 'Globex Salesforce');
    acmeXero = await save(acme.id, 'xero', 'a0000000-0000-4000-8000-00000000000a', 'Acme Ltd (UK)');
    globexXero = await save(globex.id, 'xero', 'b0000000-0000-4000-8000-00000000000b', 'Globex Pty');
    tickets = testTickets(store.db, () => new Date(NOW));
    disconnected = [];
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      health: {
        store,
        temporal: { address: 'test', namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (server) =>
          registerSalesforceConnectRoutes(server, {
            connections,
            installations,
            tickets,
            disconnect: (input) => {
              disconnected.push(input);
              return Promise.resolve();
            },
            deploymentSecret: DEPLOYMENT_SECRET,
            publicUrl: PUBLIC_URL,
            logger: pino({ level: 'silent' }),
            now: () => NOW,
          }),
      ],
    });
  });
  afterEach(async () => {
    await ingress.close();
    await store.close();
  });

  /** A callout as the package's Apex sends it, signed by `signer`'s secret unless told otherwise. */
  const callout = (
    path: string,
    body: unknown,
    options: { org?: string; secret?: string; timestamp?: number } = {},
  ) => {
    const org = options.org ?? ORG_A;
    const text = JSON.stringify(body);
    const timestamp = String(Math.floor((options.timestamp ?? NOW) / 1000));
    const secret = options.secret ?? salesforceOrgCalloutSecret(DEPLOYMENT_SECRET, org);
    return fetch(`${ingress.url}/salesforce/xero-connections${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ledgerbridge-org': org,
        'x-ledgerbridge-timestamp': timestamp,
        'x-ledgerbridge-signature': signSalesforceCallout(secret, timestamp, text),
      },
      body: text,
    });
  };

  it("lists only the calling org's installation's Xero organisations, with their status", async () => {
    await store.db
      .updateTable('connections')
      .set({ status: 'needs_reauth', last_refresh_error: 'invalid_grant: the refresh token was revoked' })
      .where('id', '=', acmeXero.id)
      .execute();
    const a = await callout('', { userId: ADMIN });
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({
      connections: [
        {
          id: acmeXero.id,
          tenantId: acmeXero.externalId,
          name: 'Acme Ltd (UK)',
          status: 'needs_reauth',
          problem: 'invalid_grant: the refresh token was revoked',
          lastRefreshAt: null,
        },
      ],
    });
    const b = await callout('', { userId: ADMIN }, { org: ORG_B });
    expect(((await b.json()) as { connections: Array<{ id: string }> }).connections.map((c) => c.id)).toEqual(
      [globexXero.id],
    );
  });

  it('refuses a callout not signed with the named org’s own secret (401), and issues nothing', async () => {
    const refused = [
      // Signed by org B but claiming to be org A.
      await callout(
        '/connect',
        { userId: ADMIN },
        { secret: salesforceOrgCalloutSecret(DEPLOYMENT_SECRET, ORG_B) },
      ),
      // The deployment's secret itself is not an org's: nobody outside the worker holds it.
      await callout('/connect', { userId: ADMIN }, { secret: DEPLOYMENT_SECRET }),
      // Older than the five-minute window.
      await callout('/connect', { userId: ADMIN }, { timestamp: NOW - 6 * 60_000 }),
      await fetch(`${ingress.url}/salesforce/xero-connections/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: ADMIN }),
      }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(await store.db.selectFrom('connect_tickets').selectAll().execute()).toEqual([]);
  });

  it('names the bad field of a signed request (400)', async () => {
    const res = await callout('/disconnect', { userId: 'me', connectionId: acmeXero.id });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /^userId: an 18-character Salesforce user ID/,
    );
  });

  it('gives a connect URL whose ticket is bound to the org’s installation and used once', async () => {
    const res = await callout('/connect', { userId: ADMIN });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { url: string; expiresAt: string };
    const url = new URL(body.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${PUBLIC_URL}/oauth/xero/start`);
    expect(body.expiresAt).toBe('2026-11-02T09:10:00.000Z');
    const ticket = url.searchParams.get('ticket') ?? '';
    await expect(tickets.redeem(ticket, 'xero')).resolves.toMatchObject({
      ok: true,
      target: { installationId: acme.id },
      issuedTo: `salesforce:${ORG_A}:${ADMIN}`,
    });
    await expect(tickets.redeem(ticket, 'xero')).resolves.toEqual({ ok: false, reason: 'used' });
  });

  it("cannot reconnect or disconnect another installation's Xero organisation (404)", async () => {
    const reconnect = await callout('/connect', { userId: ADMIN, reconnect: globexXero.id });
    const disconnect = await callout('/disconnect', { userId: ADMIN, connectionId: globexXero.id });
    expect([reconnect.status, disconnect.status]).toEqual([404, 404]);
    expect(disconnected).toEqual([]);
    expect(await store.db.selectFrom('connect_tickets').selectAll().execute()).toEqual([]);
  });

  it('disconnects its own Xero organisation, naming the admin, and answers the list after it', async () => {
    const res = await callout('/disconnect', { userId: ADMIN, connectionId: acmeXero.id });
    expect(res.status).toBe(200);
    expect(disconnected.map((d) => [d.connection.id, d.actor])).toEqual([
      [acmeXero.id, `salesforce:${ORG_A}:${ADMIN}`],
    ]);
    expect(((await res.json()) as { connections: unknown[] }).connections).toHaveLength(1);
  });

  it('finds nothing for an org that is not connected, or whose installation was uninstalled (404)', async () => {
    const stranger = await callout('', { userId: ADMIN }, { org: '00D000000000009AAA' });
    expect(stranger.status).toBe(404);
    await new InstallationStore(store.db).setStatus(globex.id, 'uninstalled');
    const gone = await callout('/connect', { userId: ADMIN }, { org: ORG_B });
    expect(gone.status).toBe(404);
    expect(await store.db.selectFrom('connect_tickets').selectAll().execute()).toEqual([]);
  });
});
