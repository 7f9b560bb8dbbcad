import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { loadSecretBox } from '../../../worker/connections/keyring';
import { connectionReport, formatConnectionReport } from '../../../worker/connections/report';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

describe('connection report', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore('pglite');
  });
  afterEach(async () => store.close());

  it('lists status, scopes, expiry, last refresh and the budget the vendor reported, and no secret', async () => {
    const box = await loadSecretBox({ keyring: `k1:${randomBytes(32).toString('base64')}` });
    const connections = new ConnectionStore(store.db, box);
    const now = new Date('2026-11-23T12:00:00Z');
    await connections.save({
      vendor: 'xero',
      externalId: 'tenant-a',
      displayName: 'Acme Ltd',
      scopes: ['offline_access', 'accounting.invoices'],
      tokens: { accessToken: 'AT-secret', refreshToken: 'RT-secret', expiresAt: now.getTime() + 25 * 60_000 },
    });
    const hub = await connections.save({
      vendor: 'hubspot',
      externalId: '12345',
      displayName: 'Acme portal',
      scopes: ['crm.objects.deals.read'],
      tokens: { accessToken: 'pat' },
    });
    await connections.setStatus(hub.id, 'needs_reauth', 'invalid_grant');
    await new SharedPacer(store.db, () => ({ limits: [] }), {
      now: () => now.getTime(),
      sleep: async () => undefined,
    }).recordBudget('xero:tenant-a', {
      dailyRemaining: 4_321,
    });

    const rows = await connectionReport(store.db);
    expect(rows.map((r) => [r.vendor, r.status, r.dailyRemaining])).toEqual([
      ['hubspot', 'needs_reauth', null],
      ['xero', 'active', 4_321],
    ]);
    const text = formatConnectionReport(rows, now);
    expect(text).toContain('needs_reauth (invalid_grant)');
    expect(text).toMatch(
      /xero\s+Acme Ltd\s+tenant-a\s+active\s+offline_access accounting.invoices\s+in 25 min/,
    );
    expect(text).toContain('4321 (seen now)');
    expect(JSON.stringify(rows) + text).not.toMatch(/AT-secret|RT-secret|pat\b/);
  });

  it('says how to connect when there is nothing yet', async () => {
    expect(formatConnectionReport(await connectionReport(store.db))).toMatch(/npm run connect/);
  });
});

describe('embedded key file', () => {
  it('is generated once, owner-only, and reused', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'lb-keys-'));
    try {
      const keyFile = path.join(dir, 'secrets', 'encryption-keys');
      const first = await loadSecretBox({ keyFile });
      const sealed = first.seal('hello', 'aad');
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      const second = await loadSecretBox({ keyFile });
      expect(second.open(sealed, 'aad')).toBe('hello');
      expect((await readFile(keyFile, 'utf8')).trim()).toMatch(/^k\d{8}:[A-Za-z0-9+/=]{44}$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
