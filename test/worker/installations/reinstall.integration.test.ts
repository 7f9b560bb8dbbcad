import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection as TemporalConnection } from '@temporalio/client';
import { sql } from 'kysely';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ConnectError, type InstallTarget } from '../../../worker/connections/connectFlow';
import { AccountInstallations } from '../../../worker/connections/connectInstallation';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { LifecycleDeps } from '../../../worker/installations/lifecycleDeps';
import { uninstallInstallation } from '../../../worker/installations/uninstallInstallation';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';
import { testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/**
 * Re-installing into an uninstalled installation: within its retention it comes back (active, purge
 * date cleared, audited), after it the old data is purged and the account starts a new
 * installation; a paused installation stays paused when an account reconnects.
 */
const DAY = 86_400_000;

describe('re-installing an uninstalled installation', () => {
  let store: Store;
  let temporal: TemporalConnection;
  let connections: ConnectionStore;
  let installs: AccountInstallations;
  let lifecycle: LifecycleDeps;
  const clock = { now: new Date(Date.UTC(2031, 5, 1, 9)) };

  beforeAll(async () => {
    store = await createTestStore('pglite');
    temporal = await TemporalConnection.connect({ address: testEnv('temporalAddress') });
    connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`)),
    );
    const audit = new AuditLog(store.db);
    installs = new AccountInstallations({ db: store.db, connections, audit, now: () => clock.now });
    const revoked = { revoke: async () => ({ outcome: 'revoked' as const, detail: 'test' }) };
    lifecycle = {
      db: store.db,
      connections,
      audit,
      client: new Client({ connection: temporal, namespace: 'default', dataConverter: testDataConverter() }),
      revokers: { xero: revoked, hubspot: revoked, salesforce: revoked, zoho: revoked },
      stopGraceMs: 1_000,
      now: () => clock.now,
    };
  });
  afterAll(async () => {
    await temporal.close();
    await store.close();
  });

  /** A Salesforce org installing (or a ticket connecting it): what the Salesforce connect flow does. */
  const connectOrg = (orgId: string, target: InstallTarget = { newInstallation: { name: null } }) =>
    installs.connect(
      target,
      { vendor: 'salesforce', externalId: orgId, name: `Org ${orgId}` },
      'test:admin',
      (id) =>
        connections.save({
          installationId: id,
          vendor: 'salesforce',
          externalId: orgId,
          displayName: `Org ${orgId}`,
          scopes: [],
          tokens: { accessToken: randomBytes(8).toString('hex') },
        }),
    );
  const orgId = () => `00D${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  const row = (id: string) =>
    store.db.selectFrom('installations').selectAll().where('id', '=', id).executeTakeFirst();
  const audited = (action: string, installationId: string) =>
    store.db
      .selectFrom('audit_log')
      .select(['actor', 'detail'])
      .where('action', '=', action)
      .where(sql<string>`subject->>'installationId'`, '=', installationId)
      .execute();
  const later = (days: number) => {
    clock.now = new Date(clock.now.getTime() + days * DAY);
  };

  it('within the retention period the same installation comes back, active, its purge date cleared', async () => {
    const org = orgId();
    const first = await connectOrg(org);
    const purgeAfter = (
      await uninstallInstallation(lifecycle, first.installationId, 'test:admin', { retentionDays: 30 })
    ).purgeAfter;
    expect((await connections.get(first.id))?.status).toBe('disconnected');

    later(29);
    const again = await connectOrg(org);
    expect(again).toMatchObject({ id: first.id, installationId: first.installationId, status: 'active' });
    expect(await row(first.installationId)).toMatchObject({
      status: 'active',
      purge_after: null,
      uninstalled_at: null,
    });
    expect(await audited('installation_reactivated', first.installationId)).toEqual([
      {
        actor: 'test:admin',
        detail: expect.objectContaining({
          vendor: 'salesforce',
          account: org,
          purgeAfter: purgeAfter.toISOString(),
        }),
      },
    ]);
    // Installing again while active changes nothing, and is not audited as a reactivation.
    await connectOrg(org);
    expect(await audited('installation_reactivated', first.installationId)).toHaveLength(1);
    expect(
      (await new InstallationStore(store.db).list()).filter((i) => i.id === first.installationId),
    ).toHaveLength(1);
  });

  it('a ticket naming the uninstalled installation brings it back too', async () => {
    const org = orgId();
    const first = await connectOrg(org);
    await uninstallInstallation(lifecycle, first.installationId, 'test:admin', { retentionDays: 30 });
    later(1);
    await connectOrg(org, { installationId: first.installationId });
    expect((await row(first.installationId))?.status).toBe('active');
    expect(await audited('installation_reactivated', first.installationId)).toHaveLength(1);
  });

  it('after the retention period the old data is purged and the account makes a new installation', async () => {
    const org = orgId();
    const first = await connectOrg(org);
    await uninstallInstallation(lifecycle, first.installationId, 'test:admin', { retentionDays: 30 });
    later(31);
    // A ticket naming it is refused: it is due to be purged.
    await expect(connectOrg(org, { installationId: first.installationId })).rejects.toBeInstanceOf(
      ConnectError,
    );
    expect((await connections.get(first.id))?.status).toBe('disconnected');

    const fresh = await connectOrg(org);
    expect(fresh.installationId).not.toBe(first.installationId);
    expect(fresh.id).not.toBe(first.id);
    expect(await row(first.installationId)).toBeUndefined();
    expect(await row(fresh.installationId)).toMatchObject({ status: 'active', purge_after: null });
    expect(await audited('installation_purged', first.installationId)).toEqual([
      { actor: 'test:admin', detail: expect.objectContaining({ rowsDeleted: expect.any(Number) }) },
    ]);
    expect(await audited('installation_reactivated', first.installationId)).toEqual([]);
    expect(await audited('installation_created', fresh.installationId)).toHaveLength(1);
  });

  it('a paused installation stays paused when its account reconnects', async () => {
    const org = orgId();
    const first = await connectOrg(org);
    await new InstallationStore(store.db).setStatus(first.installationId, 'paused');
    await connections.setStatus(first.id, 'needs_reauth', 'test: token refused');
    const again = await connectOrg(org);
    expect(again).toMatchObject({ id: first.id, status: 'active' });
    expect((await row(first.installationId))?.status).toBe('paused');
    expect(await audited('installation_reactivated', first.installationId)).toEqual([]);
  });
});
