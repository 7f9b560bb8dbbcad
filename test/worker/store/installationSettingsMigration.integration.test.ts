import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { installationSettingsSchema, mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import { migrate, MIGRATIONS_DIR } from '../../../worker/store/migrations';
import type { Store } from '../../../worker/store/store';
import { MappingSettingsStore } from '../../../worker/sync/mappingSettingsStore';
import { createTestStore } from '../../support/stores';

/**
 * Migration 0024: settings saved per Xero organisation (0009) become their installation's, each
 * organisation's newest version its own part, the shared parts from the newest save of all.
 */
describe('migration 0024 moves settings per Xero organisation into their installation', () => {
  let store: Store;
  let before: string;
  beforeAll(async () => {
    store = await createTestStore('pglite', { migrate: false });
    before = await mkdtemp(path.join(os.tmpdir(), 'lb-migrations-'));
    for (const file of await readdir(MIGRATIONS_DIR))
      if (Number(file.slice(0, 4)) < 24)
        await copyFile(path.join(MIGRATIONS_DIR, file), path.join(before, file));
    await migrate(store.db, before);
    await sql`insert into installations (slug) values ('group'), ('solo'), ('none')`.execute(store.db);
    const connect = (tenant: string, slug: string) =>
      sql`insert into connections (installation_id, vendor, external_id, credentials)
          select id, 'xero', ${tenant}, '{}'::jsonb from installations where slug = ${slug}`.execute(
        store.db,
      );
    await connect('uk', 'group');
    await connect('au', 'group');
    await connect('solo-org', 'solo');
    const saved = (tenant: string, version: number, at: string, by: string, settings: object) =>
      sql`insert into mapping_settings (xero_tenant_id, version, settings, source, saved_by, saved_at)
          values (${tenant}, ${version}, ${JSON.stringify(mappingSettingsSchema.parse(settings))}::jsonb,
                  ${`hubspot:${by}`}, ${by}, ${at}::timestamptz)`.execute(store.db);
    await saved('uk', 1, '2026-10-01T00:00:00Z', 'old', { paymentTermsDays: 7, defaultAccountCode: '100' });
    await saved('uk', 2, '2026-10-05T00:00:00Z', 'ada', {
      paymentTermsDays: 14,
      defaultAccountCode: '4000',
      taxRates: { VAT20: 'OUTPUT2' },
      invoiceRules: { minAmount: 5, trackingOption: { category: 'Region', option: 'UK' } },
    });
    await saved('au', 1, '2026-10-09T00:00:00Z', 'bob', {
      paymentTermsDays: 21,
      items: { WIDGET: { accountCode: '310' } },
    });
    await saved('solo-org', 3, '2026-10-02T00:00:00Z', 'cy', { createInvoiceAs: 'DRAFT' });
    await saved('gone', 1, '2026-10-03T00:00:00Z', 'dee', { paymentTermsDays: 60 });
    await migrate(store.db);
  });
  afterAll(async () => {
    await store.close();
    await rm(before, { recursive: true, force: true });
  });

  const installation = async (slug: string) =>
    (
      await store.db
        .selectFrom('installations')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
    ).id;

  it("keeps each organisation's newest account codes, tax rates and tracking as its own part", async () => {
    const saved = await new MappingSettingsStore(store.db).current(await installation('group'));
    expect(saved).toMatchObject({ version: 1, savedBy: 'bob', source: 'hubspot:bob' });
    const settings = installationSettingsSchema.parse(saved?.settings);
    expect(settings.organisations).toEqual({
      uk: {
        defaultAccountCode: '4000',
        taxRates: { VAT20: 'OUTPUT2' },
        items: {},
        trackingOption: { category: 'Region', option: 'UK' },
      },
      au: { defaultAccountCode: '200', taxRates: {}, items: { WIDGET: { accountCode: '310' } } },
    });
    // Shared parts from the newest save (au's), routing left for an admin.
    expect(settings).toMatchObject({
      paymentTermsDays: 21,
      routing: { rules: [], defaultXeroTenantId: null },
    });
    expect(settings.invoiceRules).not.toHaveProperty('trackingOption');
  });

  it('gives the worker the same settings per organisation as before the upgrade', async () => {
    const settings = new MappingSettingsStore(store.db);
    expect(mappingSettingsSchema.parse(await settings.load('uk'))).toMatchObject({
      defaultAccountCode: '4000',
      invoiceRules: { trackingOption: { category: 'Region', option: 'UK' } },
    });
    expect(mappingSettingsSchema.parse(await settings.load('solo-org'))).toMatchObject({
      createInvoiceAs: 'DRAFT',
      defaultAccountCode: '200',
    });
    expect(await settings.current(await installation('none'))).toBeUndefined();
  });

  it('keeps the old rows, those of organisations no longer connected included, for the record', async () => {
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from mapping_settings_by_tenant_0009`.execute(store.db);
    expect(rows[0]?.n).toBe(5);
  });
});
