import { randomBytes, randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { ConnectionStore, type Connection } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { migrate, MIGRATIONS_DIR } from '../../../worker/store/migrations';
import type { Store } from '../../../worker/store/store';
import { LinkOutsideInstallationError, RecordLinks, type LinkScope } from '../../../worker/sync/recordLinks';
import { createTestStore, STORE_KINDS } from '../../support/stores';

const box = () => new SecretBox(parseKeyring(`k1:${randomBytes(32).toString('base64')}`));

describe.each(STORE_KINDS)('record links on %s', (kind) => {
  let store: Store;
  let links: RecordLinks;
  let a: { crm: Connection; tenant: string; scope: LinkScope };
  let b: { crm: Connection; tenant: string; scope: LinkScope };

  beforeAll(async () => {
    store = await createTestStore(kind);
    links = new RecordLinks(store.db);
    const connections = new ConnectionStore(store.db, box());
    const installations = new InstallationStore(store.db);
    const customer = async (slug: string, portal: string) => {
      const installation = await installations.ensure({ slug });
      const tenant = randomUUID();
      const save = (vendor: 'xero' | 'hubspot', externalId: string) =>
        connections.save({
          installationId: installation.id,
          vendor,
          externalId,
          displayName: externalId,
          scopes: [],
          tokens: { accessToken: 'token' },
        });
      await save('xero', tenant);
      const crm = await save('hubspot', portal);
      return {
        crm,
        tenant,
        scope: { installationId: installation.id, crmConnectionId: crm.id, xeroTenantId: tenant },
      };
    };
    a = await customer('links-a', '1001');
    b = await customer('links-b', '1002');
  });
  afterAll(() => store.close());

  it('finds a link from either side, within its own installation only', async () => {
    const contact = randomUUID();
    await links.upsert({ connectionId: a.crm.id }, a.tenant, [
      { crmObject: 'account', crmRecordId: 'company-1', xeroId: contact },
    ]);
    expect(await links.findByCrmRecord(a.scope, 'account', 'company-1')).toMatchObject({
      installationId: a.scope.installationId,
      crmConnectionId: a.crm.id,
      xeroTenantId: a.tenant,
      xeroKind: 'contact',
      xeroId: contact,
    });
    expect(await links.findByXeroId(a.scope, 'contact', contact)).toMatchObject({ crmRecordId: 'company-1' });
    // Installation B's connection, or A's connection claimed under B's installation, finds nothing.
    expect(await links.findByCrmRecord(b.scope, 'account', 'company-1')).toBeUndefined();
    expect(await links.findByXeroId(b.scope, 'contact', contact)).toBeUndefined();
    const mixed = { ...a.scope, installationId: b.scope.installationId };
    expect(await links.findByCrmRecord(mixed, 'account', 'company-1')).toBeUndefined();
    // Deals and accounts are looked up apart.
    expect(await links.findByCrmRecord(a.scope, 'deal', 'company-1')).toBeUndefined();
  });

  it('keeps each side one-to-one: the newest link replaces what either side was linked to', async () => {
    const [x, y] = [randomUUID(), randomUUID()];
    const link = (crmRecordId: string, xeroId: string) =>
      links.upsert({ vendor: 'hubspot', account: '1001' }, a.tenant, [
        { crmObject: 'account', crmRecordId, xeroId },
      ]);
    await link('company-2', x);
    await link('company-3', x);
    expect(await links.findByCrmRecord(a.scope, 'account', 'company-2')).toBeUndefined();
    expect(await links.findByXeroId(a.scope, 'contact', x)).toMatchObject({ crmRecordId: 'company-3' });
    await link('company-3', y);
    expect(await links.findByXeroId(a.scope, 'contact', x)).toBeUndefined();
    expect(await links.findByCrmRecord(a.scope, 'account', 'company-3')).toMatchObject({ xeroId: y });
    await link('company-3', y);
    const rows = await store.db
      .selectFrom('record_links')
      .select('xero_id')
      .where('crm_record_id', '=', 'company-3')
      .execute();
    expect(rows).toEqual([{ xero_id: y }]);
  });

  it('writes a batch in one go, the later of two links to one record or Xero ID winning', async () => {
    const [z, w] = [randomUUID(), randomUUID()];
    await links.upsert({ connectionId: a.crm.id }, a.tenant, [
      { crmObject: 'account', crmRecordId: 'company-5', xeroId: z },
      { crmObject: 'account', crmRecordId: 'company-6', xeroId: z },
      { crmObject: 'account', crmRecordId: 'company-7', xeroId: w },
      { crmObject: 'deal', crmRecordId: 'deal-5', xeroId: z },
    ]);
    expect(await links.findByCrmRecord(a.scope, 'account', 'company-5')).toBeUndefined();
    expect(await links.findByXeroId(a.scope, 'contact', z)).toMatchObject({ crmRecordId: 'company-6' });
    expect(await links.findByXeroId(a.scope, 'contact', w)).toMatchObject({ crmRecordId: 'company-7' });
    expect(await links.findByXeroId(a.scope, 'invoice', z)).toMatchObject({ crmRecordId: 'deal-5' });
  });

  it('stores Xero IDs in lower case and finds them in either', async () => {
    const contact = randomUUID();
    await links.upsert({ connectionId: a.crm.id }, a.tenant, [
      { crmObject: 'deal', crmRecordId: 'deal-1', xeroId: contact.toUpperCase() },
    ]);
    expect(await links.findByXeroId(a.scope, 'invoice', contact.toUpperCase())).toMatchObject({
      crmObject: 'deal',
      crmRecordId: 'deal-1',
      xeroId: contact,
    });
  });

  it('refuses a non-GUID, and a CRM and Xero organisation of two installations, writing nothing', async () => {
    await expect(
      links.upsert({ connectionId: a.crm.id }, a.tenant, [
        { crmObject: 'account', crmRecordId: 'company-4', xeroId: `${randomUUID()}") OR (1==1` },
      ]),
    ).rejects.toThrow(/not a linkable pair/);
    await expect(
      links.upsert({ connectionId: a.crm.id }, b.tenant, [
        { crmObject: 'account', crmRecordId: 'company-4', xeroId: randomUUID() },
      ]),
    ).rejects.toBeInstanceOf(LinkOutsideInstallationError);
    expect(await links.findByXeroId(b.scope, 'contact', 'not a guid')).toBeUndefined();
    const written = await store.db
      .selectFrom('record_links')
      .select('id')
      .where('crm_record_id', '=', 'company-4')
      .execute();
    expect(written).toEqual([]);
  });
});

describe.each(STORE_KINDS)('migration 0022 on %s', (kind) => {
  let store: Store;
  let dir: string;
  beforeEach(async () => {
    store = await createTestStore(kind, { migrate: false });
    dir = await mkdtemp(path.join(os.tmpdir(), 'lb-migrations-'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('links what Ledgerbridge had already linked, from its audit trail and deal invoices', async () => {
    const files = await readdir(MIGRATIONS_DIR);
    for (const file of files.filter((f) => Number(f.slice(0, 4)) < 22))
      await copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
    await migrate(store.db, dir);

    const tenant = randomUUID();
    const otherTenant = randomUUID();
    const [install] = (
      await sql<{ id: string }>`insert into installations (slug) values ('default') returning id`.execute(
        store.db,
      )
    ).rows;
    const [other] = (
      await sql<{ id: string }>`insert into installations (slug) values ('other') returning id`.execute(
        store.db,
      )
    ).rows;
    const connect = async (installationId: string, vendor: string, externalId: string) =>
      (
        await sql<{ id: string }>`insert into connections (installation_id, vendor, external_id, credentials)
          values (${installationId}, ${vendor}, ${externalId}, '{}'::jsonb) returning id`.execute(store.db)
      ).rows[0]!.id;
    await connect(install!.id, 'xero', tenant);
    await connect(other!.id, 'xero', otherTenant);
    const portal = await connect(install!.id, 'hubspot', '4242');

    const [older, newer, unlinked, foreign, invoice, invoiced] = Array.from({ length: 6 }, () =>
      randomUUID(),
    );
    const audit = async (action: string, outcome: string, at: string, subject: Record<string, string>) =>
      sql`insert into audit_log (occurred_at, action, outcome, actor, subject)
        values (${at}::timestamptz, ${action}, ${outcome}, 'worker', ${JSON.stringify(subject)}::jsonb)`.execute(
        store.db,
      );
    const account = (crmRecordId: string, xeroContactId: string, xeroTenantId = tenant) => ({
      crm: 'hubspot',
      crmConnectionId: portal,
      crmRecordId,
      xeroTenantId,
      xeroContactId,
    });
    // company-1 was linked to one contact, later to another: the newer link is the one kept.
    await audit('link_account', 'succeeded', '2026-01-01T00:00:00Z', account('company-1', older!));
    await audit('link_account', 'succeeded', '2026-02-01T00:00:00Z', account('company-1', newer!));
    // A failed link, an ID that is no GUID, a Xero organisation of another installation: none linked.
    await audit('link_account', 'failed', '2026-02-02T00:00:00Z', account('company-2', unlinked!));
    await audit('link_account', 'succeeded', '2026-02-03T00:00:00Z', account('company-3', 'x") OR (1==1'));
    await audit(
      'link_account',
      'succeeded',
      '2026-02-04T00:00:00Z',
      account('company-4', foreign!, otherTenant),
    );
    await audit('upsert_deal', 'succeeded', '2026-02-05T00:00:00Z', {
      crm: 'hubspot',
      crmConnectionId: portal,
      crmRecordId: 'deal-1',
      xeroTenantId: tenant,
      xeroInvoiceId: invoice!.toUpperCase(),
    });
    await sql`insert into deal_invoices (crm, crm_account, deal_id, xero_tenant_id, xero_invoice_id, idempotency_key, intent_id)
      values ('hubspot', '4242', 'deal-2', ${tenant}, ${invoiced}, 'key', 'INTENT1')`.execute(store.db);

    await copyFile(
      path.join(MIGRATIONS_DIR, '0022_record_links.sql'),
      path.join(dir, '0022_record_links.sql'),
    );
    expect(await migrate(store.db, dir)).toEqual([22]);

    const rows = await store.db
      .selectFrom('record_links')
      .select(['installation_id', 'crm_connection_id', 'crm_object', 'crm_record_id', 'xero_kind', 'xero_id'])
      .orderBy('crm_record_id')
      .execute();
    const base = { installation_id: install!.id, crm_connection_id: portal };
    expect(rows).toEqual([
      { ...base, crm_object: 'account', crm_record_id: 'company-1', xero_kind: 'contact', xero_id: newer },
      { ...base, crm_object: 'deal', crm_record_id: 'deal-1', xero_kind: 'invoice', xero_id: invoice },
      { ...base, crm_object: 'deal', crm_record_id: 'deal-2', xero_kind: 'invoice', xero_id: invoiced },
    ]);
  });
});
