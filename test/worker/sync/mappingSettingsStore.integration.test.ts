import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import {
  InvalidMappingSettingsError,
  MappingSettingsStore,
  StaleMappingSettingsError,
} from '../../../worker/sync/mappingSettingsStore';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

describe('MappingSettingsStore', () => {
  let store: Store;
  let settings: MappingSettingsStore;
  beforeEach(async () => {
    store = await createTestStore('pglite');
    settings = new MappingSettingsStore(store.db);
  });
  afterEach(() => store.close());

  it('serves nothing saved (the defaults) until an admin saves, then the newest version', async () => {
    expect(await settings.load('tenant-1')).toEqual({});
    expect(mappingSettingsSchema.parse(await settings.load('tenant-1'))).toEqual(
      mappingSettingsSchema.parse({}),
    );
    const first = await settings.save(
      'tenant-1',
      { paymentTermsDays: 14 },
      { source: 'hubspot:123', savedBy: 'ada@example.com' },
    );
    expect(first).toMatchObject({ version: 1, source: 'hubspot:123', savedBy: 'ada@example.com' });
    await settings.save('tenant-1', { paymentTermsDays: 45 }, { source: 'salesforce:00D', savedBy: 'bob' });
    expect(await settings.load('tenant-1')).toMatchObject({ paymentTermsDays: 45 });
    expect(await settings.load('tenant-2')).toEqual({});
  });

  it('loads a stored row that no longer validates as it is, for the activity to name its fields', async () => {
    await store.db
      .insertInto('mapping_settings')
      .values({
        xero_tenant_id: 't',
        version: 1,
        settings: JSON.stringify({ paymentTermsDays: 400 }),
        source: 'an older release',
        saved_by: 'ops',
      })
      .execute();
    expect(await settings.load('t')).toEqual({ paymentTermsDays: 400 });
  });

  it('refuses invalid settings with a message per field, keeping what was saved', async () => {
    await settings.save('t', { paymentTermsDays: 10 }, { source: 'cli', savedBy: 'ops' });
    const err = await settings
      .save(
        't',
        { paymentTermsDays: 400, currencies: { allowed: ['usd'] } },
        { source: 'cli', savedBy: 'ops' },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidMappingSettingsError);
    expect((err as InvalidMappingSettingsError).fieldErrors).toEqual({
      paymentTermsDays: 'must be at most 365 days',
      'currencies.allowed.0': 'must be a three-letter ISO 4217 code such as USD',
    });
    expect(await settings.load('t')).toMatchObject({ paymentTermsDays: 10 });
  });

  it('refuses a save made from a stale form', async () => {
    await settings.save('t', {}, { source: 'cli', savedBy: 'a', expectedVersion: 0 });
    await settings.save('t', {}, { source: 'cli', savedBy: 'b', expectedVersion: 1 });
    await expect(
      settings.save('t', {}, { source: 'cli', savedBy: 'c', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(StaleMappingSettingsError);
    expect((await settings.current('t'))?.version).toBe(2);
  });
});
