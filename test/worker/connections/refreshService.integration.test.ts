import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { RefreshService } from '../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InvalidGrantError } from '../../../worker/connections/tokenRefresher';
import { openStore, type Store } from '../../../worker/store/store';
import { RotatingVendor } from '../../support/rotatingVendor';
import { createTestDatabase } from '../../support/stores';

const logger = pino({ level: 'silent' });

describe('RefreshService across two worker processes (PostgreSQL)', () => {
  let a: Store;
  let b: Store;
  let box: SecretBox;

  beforeAll(async () => {
    const url = await createTestDatabase();
    a = await openStore({ kind: 'postgres', url });
    b = await openStore({ kind: 'postgres', url });
    box = new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`));
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  async function setup(vendor: RotatingVendor) {
    const connections = new ConnectionStore(a.db, box);
    const saved = await connections.save({
      vendor: 'xero',
      externalId: `tenant-${randomBytes(4).toString('hex')}`,
      displayName: 'Acme',
      scopes: ['offline_access'],
      tokens: vendor.issue(),
    });
    const reauth: string[] = [];
    const service = (store: Store) =>
      new RefreshService({
        db: store.db,
        connections: new ConnectionStore(store.db, box),
        refresherFor: () => vendor,
        logger,
        marginMs: 5 * 60_000,
        onNeedsReauth: async (id) => void reauth.push(id),
      });
    return { connections, id: saved.id, services: [service(a), service(b)], reauth };
  }

  it('20 concurrent callers that all saw a 401 cause exactly one refresh', async () => {
    const vendor = new RotatingVendor();
    const { connections, id, services } = await setup(vendor);
    const { version } = await connections.readTokens(id);
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        services[i % 2]!.refresh(id, { unauthorizedWithVersion: version }),
      ),
    );
    expect(vendor.calls).toBe(1);
    // Callers in one process share its in-flight promise; the other process finds the tokens fresh.
    expect(outcomes.filter((o) => o.outcome === 'refreshed')).toHaveLength(10);
    expect(outcomes.filter((o) => o.outcome === 'already_fresh')).toHaveLength(10);
    expect(new Set(outcomes.map((o) => ('version' in o ? o.version : -1)))).toEqual(new Set([version + 1]));
    expect((await connections.readTokens(id)).version).toBe(version + 1);
  });

  it('leaves a fresh token alone', async () => {
    const vendor = new RotatingVendor();
    const { id, services } = await setup(vendor);
    expect((await services[0]!.refresh(id)).outcome).toBe('already_fresh');
    expect(vendor.calls).toBe(0);
  });

  it('never presents a rotated refresh token twice over many refreshes', async () => {
    const vendor = new RotatingVendor();
    const { connections, id, services } = await setup(vendor);
    for (let i = 0; i < 5; i++) {
      const { version } = await connections.readTokens(id);
      expect((await services[i % 2]!.refresh(id, { unauthorizedWithVersion: version })).outcome).toBe(
        'refreshed',
      );
    }
    expect(vendor.calls).toBe(5);
    expect((await connections.get(id))?.status).toBe('active');
  });

  it('a refused token that cannot be renewed (a revoked static token) needs re-authorisation at once', async () => {
    const vendor = new RotatingVendor();
    const { connections, id, services, reauth } = await setup(vendor);
    const { version } = await connections.readTokens(id);
    // The stored grant loses its refresh token, as a static token has none.
    expect(await connections.replaceTokens(id, version, { accessToken: 'static-token' }, new Date())).toBe(
      true,
    );
    expect(await services[0]!.refresh(id, { unauthorizedWithVersion: version + 1 })).toMatchObject({
      outcome: 'needs_reauth',
    });
    expect(vendor.calls).toBe(0);
    expect(reauth).toEqual([id]);
    expect((await connections.get(id))?.status).toBe('needs_reauth');
  });

  it('marks a revoked grant needs_reauth once and stops calling the vendor', async () => {
    const vendor = new RotatingVendor();
    const { connections, id, services, reauth } = await setup(vendor);
    vendor.failNext = new InvalidGrantError('invalid_grant');
    const { version } = await connections.readTokens(id);
    expect(await services[0]!.refresh(id, { unauthorizedWithVersion: version })).toMatchObject({
      outcome: 'needs_reauth',
    });
    expect(await services[1]!.refresh(id, { unauthorizedWithVersion: version })).toMatchObject({
      outcome: 'needs_reauth',
    });
    expect(vendor.calls).toBe(1);
    expect(reauth).toEqual([id]);
    expect(await connections.get(id)).toMatchObject({
      status: 'needs_reauth',
      lastRefreshError: 'invalid_grant: invalid_grant',
    });
  });

  it('records a transient failure, keeps the connection active and the old tokens', async () => {
    const vendor = new RotatingVendor();
    const { connections, id, services } = await setup(vendor);
    const before = await connections.readTokens(id);
    vendor.failNext = new Error('connect ETIMEDOUT');
    await expect(services[0]!.refresh(id, { unauthorizedWithVersion: before.version })).rejects.toThrow(
      'ETIMEDOUT',
    );
    const after = await connections.readTokens(id);
    expect(after.tokens).toEqual(before.tokens);
    expect(after.connection).toMatchObject({
      status: 'active',
      refreshFailures: 1,
      lastRefreshError: 'connect ETIMEDOUT',
    });
    expect((await services[0]!.refresh(id, { unauthorizedWithVersion: before.version })).outcome).toBe(
      'refreshed',
    );
  });
});
