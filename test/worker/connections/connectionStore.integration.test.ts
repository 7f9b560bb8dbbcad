import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { ConnectionStore, type TokenSet } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import type { Store } from '../../../worker/store/store';
import { createTestStore, STORE_KINDS } from '../../support/stores';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const tokens = (n: number): TokenSet => ({
  accessToken: `access-${n}-${randomBytes(8).toString('hex')}`,
  refreshToken: `refresh-${n}-${randomBytes(8).toString('hex')}`,
  expiresAt: Date.UTC(2026, 10, 23, 12, n),
});

describe.each(STORE_KINDS)('ConnectionStore on %s', (kind) => {
  let store: Store;
  const k1 = key('k1');

  beforeEach(async () => {
    store = await createTestStore(kind);
  });
  afterEach(async () => store.close());

  const connections = (keys = k1) => new ConnectionStore(store.db, new SecretBox(parseKeyring(keys)));
  const xero = (t: TokenSet) => ({
    vendor: 'xero' as const,
    externalId: 'tenant-1',
    displayName: 'Demo Company (Global)',
    scopes: ['offline_access', 'accounting.invoices'],
    tokens: t,
  });

  it('stores credentials sealed, never in clear', async () => {
    const t = tokens(1);
    const saved = await connections().save(xero(t));
    const raw = await sql<{
      credentials: unknown;
    }>`select credentials from connections where id = ${saved.id}`.execute(store.db);
    const text = JSON.stringify(raw.rows);
    expect(text).not.toContain(t.accessToken);
    expect(text).not.toContain(t.refreshToken);
    expect(saved).not.toHaveProperty('credentials');
    expect((await connections().readTokens(saved.id)).tokens).toEqual(t);
  });

  it('reconnect replaces tokens, reactivates and bumps the version', async () => {
    const first = await connections().save(xero(tokens(1)));
    await connections().setStatus(first.id, 'needs_reauth', 'invalid_grant');
    const again = await connections().save(xero(tokens(2)));
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('active');
    expect(again.lastRefreshError).toBeNull();
    expect(again.credentialsVersion).toBe(first.credentialsVersion + 1);
    expect(await connections().list()).toHaveLength(1);
  });

  it('compare-and-set: the second writer with a stale version loses', async () => {
    const saved = await connections().save(xero(tokens(1)));
    const { version } = await connections().readTokens(saved.id);
    expect(await connections().replaceTokens(saved.id, version, tokens(2))).toBe(true);
    expect(await connections().replaceTokens(saved.id, version, tokens(3))).toBe(false);
    const now = await connections().readTokens(saved.id);
    expect(now.tokens.accessToken).toMatch(/^access-2-/);
    expect(now.version).toBe(version + 1);
    expect(now.connection.lastRefreshAt).toBeInstanceOf(Date);
  });

  it('re-encrypts everything under a new key; the old key can then go', async () => {
    const t = tokens(1);
    const saved = await connections(k1).save(xero(t));
    const k2 = key('k2');
    expect(await connections(`${k2},${k1}`).reencryptAll()).toBe(1);
    expect(await connections(`${k2},${k1}`).reencryptAll()).toBe(0);
    expect((await connections(k2).readTokens(saved.id)).tokens).toEqual(t);
    await expect(connections(k1).readTokens(saved.id)).rejects.toThrow(/no key "k2"/);
  });

  it('records refresh failures', async () => {
    const saved = await connections().save(xero(tokens(1)));
    await connections().recordRefreshFailure(saved.id, 'timeout');
    await connections().recordRefreshFailure(saved.id, 'timeout');
    expect(await connections().get(saved.id)).toMatchObject({
      refreshFailures: 2,
      lastRefreshError: 'timeout',
    });
  });
});
