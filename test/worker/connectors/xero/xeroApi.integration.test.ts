import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../../sandbox/xero';
import { canonicalInvoiceSchema } from '../../../../workflows/domain/canonical';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { RefreshService } from '../../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../../worker/connections/secretBox';
import { ERROR_TYPES, VendorError } from '../../../../worker/connectors/errors';
import { XeroApi } from '../../../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../../../worker/connectors/xero/xeroEndpoints';
import { SharedPacer, type PacePolicy } from '../../../../worker/pacing/sharedPacer';
import type { Store } from '../../../../worker/store/store';
import { createTestStore } from '../../../support/stores';

const CLIENT = { clientId: 'connector-test', clientSecret: 'secret' };
// Xero's shape (5 in flight), with a fast window so the suite runs in seconds.
const FAST: PacePolicy = {
  limits: [{ name: 'minute', limit: 600, periodMs: 60_000, burst: 50 }],
  concurrency: 5,
};

describe('XeroApi connector against the Xero sandbox through xero-node', () => {
  let emulator: XeroEmulator;
  let server: SandboxServer;
  let store: Store;
  let api: XeroApi;
  let tenantId: string;

  beforeEach(async () => {
    emulator = createXeroEmulator();
    ({ tenantId } = emulator.seedDataset({ contacts: 5, invoices: 40, asOf: '2026-11-01' }));
    server = await startSandboxServer(emulator);
    emulator.identity.registerClient({ ...CLIENT, redirectUris: [] });
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
    );
    const grant = emulator.identity.issueGrant(CLIENT.clientId, 'offline_access accounting.invoices');
    const connection = await connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Demo',
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + grant.expires_in * 1000,
      },
    });
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: server.url,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const refresh = new RefreshService({
      db: store.db,
      connections,
      refresherFor: () => new XeroAuth(endpoints, CLIENT),
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    api = new XeroApi({
      endpoints,
      connections,
      refresh,
      pacer: new SharedPacer(store.db, () => FAST),
      connectionId: connection.id,
    });
  });
  afterEach(async () => {
    await store.close();
    await server.close();
  });

  const anAuthorisedSale = () =>
    [...emulator.store.invoices.values()].find((i) => i.status === 'AUTHORISED' && i.type === 'ACCREC')!;

  it('reads an invoice in canonical terms, with its online link', async () => {
    const record = anAuthorisedSale();
    const invoice = await api.getInvoice(record.id);
    expect(canonicalInvoiceSchema.parse(invoice)).toEqual(invoice);
    expect(invoice).toMatchObject({
      xeroInvoiceId: record.id,
      number: record.number,
      status: 'AUTHORISED',
      total: record.total,
      date: record.date,
      currency: record.currency,
    });
    expect(invoice.onlineUrl).toMatch(/^https:\/\/in\.xero\.com\//);
    expect(invoice.lines.length).toBe(record.lines.length);
  });

  it('pages invoices modified since a moment', async () => {
    const all = await api.listInvoices({ page: 1 });
    expect(all).toHaveLength(40);
    const since = new Date(Math.max(...all.map((i) => Date.parse(i.updatedAt))));
    expect((await api.listInvoices({ page: 1, modifiedSince: since })).length).toBeGreaterThanOrEqual(1);
  });

  it('refreshes once on a 401 and carries on', async () => {
    emulator.faults.add({ kind: 'expire_token', count: 1 });
    await expect(api.getContact([...emulator.store.contacts.values()][0]!.id)).resolves.toMatchObject({
      name: expect.any(String),
    });
    expect(emulator.identity.stats.refreshes).toBe(1);
  });

  it('waits out a 429 storm (Retry-After for the whole tenant) and every call succeeds', async () => {
    emulator.faults.add({ kind: 'rate_limit', count: 2, retryAfterSeconds: 1 });
    const started = Date.now();
    const ids = [...emulator.store.contacts.values()].map((c) => c.id);
    const results = await Promise.all(ids.map((id) => api.getContact(id)));
    expect(results).toHaveLength(ids.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests().filter((r) => r.status === 429)).toHaveLength(2);
  });

  it('never exceeds Xero’s 5 calls in flight, so Xero never says "concurrent"', async () => {
    emulator.faults.add({ kind: 'latency', latencyMs: 150, count: 15 });
    const id = [...emulator.store.contacts.values()][0]!.id;
    await Promise.all(Array.from({ length: 15 }, () => api.getContact(id)));
    expect(server.requests().filter((r) => r.status === 429)).toEqual([]);
  });

  it('classifies failures for Temporal: not found is final, a revoked grant waits for a human', async () => {
    const missing = await api.getInvoice('00000000-0000-4000-8000-000000000000').catch((err: unknown) => err);
    expect(missing).toBeInstanceOf(VendorError);
    expect((missing as VendorError).toFailure()).toMatchObject({
      type: ERROR_TYPES.notFound,
      nonRetryable: true,
    });

    emulator.identity.revokeAll();
    const revoked = await api.getInvoice(anAuthorisedSale().id).catch((err: unknown) => err);
    expect((revoked as VendorError).kind).toBe('reauthRequired');
    expect((revoked as VendorError).toFailure().nonRetryable).toBe(true);
  });
});
