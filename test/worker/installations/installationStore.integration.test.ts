import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import {
  formatInstallationReport,
  installationReport,
} from '../../../worker/installations/installationReport';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { migrate, MIGRATIONS_DIR } from '../../../worker/store/migrations';
import type { Store } from '../../../worker/store/store';
import { createTestStore, STORE_KINDS } from '../../support/stores';

const box = () => new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`));
const account = (vendor: 'xero' | 'hubspot', externalId: string, installationId?: string) => ({
  ...(installationId ? { installationId } : {}),
  vendor,
  externalId,
  displayName: `${vendor} ${externalId}`,
  scopes: [],
  tokens: { accessToken: `token-${randomBytes(4).toString('hex')}` },
});

describe.each(STORE_KINDS)('installations on %s', (kind) => {
  let store: Store;
  afterEach(() => store.close());

  it('an upgrade puts every existing connection into the installation "default"', async () => {
    store = await createTestStore(kind, { migrate: false });
    const before = await mkdtemp(path.join(os.tmpdir(), 'lb-migrations-'));
    try {
      // The migrations as they were before installations (0020 and later left out).
      for (const file of await readdir(MIGRATIONS_DIR))
        if (Number(file.slice(0, 4)) < 20)
          await copyFile(path.join(MIGRATIONS_DIR, file), path.join(before, file));
      await migrate(store.db, before);
      await sql`insert into connections (vendor, external_id, credentials)
        values ('xero', 'tenant-old', '{}'::jsonb), ('hubspot', '42', '{}'::jsonb)`.execute(store.db);
      await migrate(store.db);
    } finally {
      await rm(before, { recursive: true, force: true });
    }
    const installations = await new InstallationStore(store.db).list();
    expect(installations.map((i) => i.slug)).toEqual(['default']);
    const owners = await store.db.selectFrom('connections').select('installation_id').distinct().execute();
    expect(owners).toEqual([{ installation_id: installations[0]?.id }]);
  });

  it('a fresh deployment has no installation until one is made or an account is connected', async () => {
    store = await createTestStore(kind);
    const installations = new InstallationStore(store.db);
    expect(await installations.list()).toEqual([]);
    const connections = new ConnectionStore(store.db, box());
    const saved = await connections.save(account('xero', 'tenant-1'));
    const fallback = await installations.requireBySlug('default');
    expect(saved.installationId).toBe(fallback.id);
  });

  it('installing twice finds the first installation; slugs are validated', async () => {
    store = await createTestStore(kind);
    const installations = new InstallationStore(store.db);
    const first = await installations.ensure({ slug: 'acme-uk', name: 'Acme UK' });
    expect(await installations.ensure({ slug: 'acme-uk' })).toEqual(first);
    await expect(installations.ensure({ slug: 'Acme UK' })).rejects.toThrow(/lower-case/);
    await expect(installations.ensure({ slug: '-acme' })).rejects.toThrow(/lower-case/);
    expect(await installations.get('not-a-uuid')).toBeUndefined();
  });

  it("a reconnect keeps the account in its installation; another installation's save is refused", async () => {
    store = await createTestStore(kind);
    const installations = new InstallationStore(store.db);
    const a = await installations.ensure({ slug: 'customer-a' });
    const b = await installations.ensure({ slug: 'customer-b' });
    const connections = new ConnectionStore(store.db, box());
    await connections.save(account('xero', 'tenant-a', a.id));
    // The operator's CLI reconnects without naming an installation: the account stays where it is.
    expect((await connections.save(account('xero', 'tenant-a'))).installationId).toBe(a.id);
    await expect(connections.save(account('xero', 'tenant-a', b.id))).rejects.toThrow(
      /connected to another installation/,
    );
    await connections.save(account('hubspot', '7', b.id));
    expect((await connections.list({ installationId: b.id })).map((c) => c.externalId)).toEqual(['7']);
  });

  it('the report lists each installation with its accounts', async () => {
    store = await createTestStore(kind);
    const installations = new InstallationStore(store.db);
    const a = await installations.ensure({ slug: 'customer-a', name: 'Customer A' });
    await installations.ensure({ slug: 'customer-b' });
    const connections = new ConnectionStore(store.db, box());
    await connections.save(account('xero', 'tenant-a', a.id));
    await connections.save(account('hubspot', '7', a.id));
    const rows = await installationReport(store.db);
    expect(rows.map((r) => [r.slug, r.accounts.map((x) => x.externalId)])).toEqual([
      ['customer-a', ['7', 'tenant-a']],
      ['customer-b', []],
    ]);
    const text = formatInstallationReport(rows);
    expect(text).toContain('customer-a  active  (Customer A)');
    expect(text).toContain('hubspot     hubspot 7  7  active');
    expect(text).toContain('customer-b  active');
    expect(text).toContain('  no accounts connected');
  });
});
