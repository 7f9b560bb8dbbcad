import { randomBytes } from 'node:crypto';
import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
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
  let connections: ConnectionStore;
  let acme: Installation;
  let other: Installation;
  const xero = async (externalId: string, installation: Installation) =>
    connections.save({
      installationId: installation.id,
      vendor: 'xero',
      externalId,
      displayName: `Xero ${externalId}`,
      scopes: [],
      tokens: { accessToken: `token-${externalId}` },
    });

  beforeEach(async () => {
    store = await createTestStore('pglite');
    settings = new MappingSettingsStore(store.db);
    connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
    );
    const installations = new InstallationStore(store.db);
    acme = await installations.ensure({ slug: 'acme', name: 'Acme' });
    other = await installations.ensure({ slug: 'other', name: 'Other' });
    await xero('uk', acme);
    await xero('au', acme);
    await xero('elsewhere', other);
  });
  afterEach(() => store.close());

  it('serves the defaults until an admin saves, then each organisation its own parts with the shared ones', async () => {
    expect(await settings.load('uk')).toEqual({});
    expect(mappingSettingsSchema.parse(await settings.load('uk'))).toEqual(mappingSettingsSchema.parse({}));
    const first = await settings.save(
      acme.id,
      {
        paymentTermsDays: 14,
        organisations: {
          uk: { defaultAccountCode: '4000', taxRates: { VAT20: 'OUTPUT2' } },
          au: { defaultAccountCode: '200', trackingOption: { category: 'Region', option: 'AU' } },
        },
        routing: { rules: [{ when: { currency: 'AUD' }, xeroTenantId: 'au' }], defaultXeroTenantId: 'uk' },
      },
      { source: 'hubspot:123', savedBy: 'ada@example.com' },
    );
    expect(first).toMatchObject({ version: 1, source: 'hubspot:123', savedBy: 'ada@example.com' });
    const uk = mappingSettingsSchema.parse(await settings.load('uk'));
    const au = mappingSettingsSchema.parse(await settings.load('au'));
    expect(uk).toMatchObject({
      paymentTermsDays: 14,
      defaultAccountCode: '4000',
      taxRates: { VAT20: 'OUTPUT2' },
    });
    expect(uk.invoiceRules.trackingOption).toBeUndefined();
    expect(au).toMatchObject({ paymentTermsDays: 14, defaultAccountCode: '200', taxRates: {} });
    expect(au.invoiceRules.trackingOption).toEqual({ category: 'Region', option: 'AU' });
    // Another installation's organisation, and one no installation has, see none of it.
    expect(await settings.load('elsewhere')).toEqual({});
    expect(await settings.load('unknown')).toEqual({});
    expect(await settings.current(other.id)).toBeUndefined();
  });

  it('loads a stored row that no longer validates as it is, for the activity to name its fields', async () => {
    await store.db
      .insertInto('installation_settings')
      .values({
        installation_id: acme.id,
        version: 1,
        settings: JSON.stringify({
          paymentTermsDays: 400,
          organisations: { uk: { defaultAccountCode: '' } },
        }),
        source: 'an older release',
        saved_by: 'ops',
      })
      .execute();
    expect(await settings.load('uk')).toEqual({
      paymentTermsDays: 400,
      defaultAccountCode: '',
    });
    expect(await settings.loadInstallation(acme.id)).toMatchObject({ paymentTermsDays: 400 });
  });

  it('refuses invalid settings with a message per field, keeping what was saved', async () => {
    await settings.save(acme.id, { paymentTermsDays: 10 }, { source: 'cli', savedBy: 'ops' });
    const err = await settings
      .save(
        acme.id,
        {
          paymentTermsDays: 400,
          currencies: { allowed: ['usd'] },
          organisations: { uk: { defaultAccountCode: '' } },
          routing: { rules: [{ when: { currency: 'aud' }, xeroTenantId: 'au' }] },
        },
        { source: 'cli', savedBy: 'ops' },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidMappingSettingsError);
    expect((err as InvalidMappingSettingsError).fieldErrors).toEqual({
      paymentTermsDays: 'must be at most 365 days',
      'currencies.allowed.0': 'must be a three-letter ISO 4217 code such as USD',
      'organisations.uk.defaultAccountCode': expect.any(String),
      'routing.rules.0.when.currency': 'must be a three-letter ISO 4217 code such as USD',
    });
    expect(await settings.load('uk')).toMatchObject({ paymentTermsDays: 10 });
  });

  it("refuses organisations that are not the installation's, naming the field", async () => {
    const au = await connections.find('xero', 'au');
    if (au) await connections.setStatus(au.id, 'disconnected');
    const err = await settings
      .save(
        acme.id,
        {
          // A disconnected organisation keeps its own parts, but no deal may be routed to it.
          organisations: { au: { defaultAccountCode: '200' }, elsewhere: { defaultAccountCode: '200' } },
          routing: {
            rules: [
              { when: { currency: 'AUD' }, xeroTenantId: 'au' },
              { when: { field: 'business_unit', equals: 'NZ' }, xeroTenantId: 'elsewhere' },
            ],
            defaultXeroTenantId: 'nowhere',
          },
        },
        { source: 'cli', savedBy: 'ops' },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidMappingSettingsError);
    expect((err as InvalidMappingSettingsError).fieldErrors).toEqual({
      'organisations.elsewhere': 'Xero organisation elsewhere is not connected to this installation',
      'routing.rules.0.xeroTenantId': 'Xero organisation au is not connected to this installation',
      'routing.rules.1.xeroTenantId': 'Xero organisation elsewhere is not connected to this installation',
      'routing.defaultXeroTenantId': 'Xero organisation nowhere is not connected to this installation',
    });
    expect(await settings.current(acme.id)).toBeUndefined();
  });

  it('refuses settings in the older per-organisation shape instead of dropping their account codes', async () => {
    const err = await settings
      .save(acme.id, { defaultAccountCode: '4000' }, { source: 'salesforce:00D', savedBy: 'bob' })
      .catch((e: unknown) => e);
    expect((err as InvalidMappingSettingsError).fieldErrors).toEqual({
      '(settings)': expect.stringContaining('defaultAccountCode'),
    });
  });

  it('refuses a save made from a stale form', async () => {
    await settings.save(acme.id, {}, { source: 'cli', savedBy: 'a', expectedVersion: 0 });
    await settings.save(acme.id, {}, { source: 'cli', savedBy: 'b', expectedVersion: 1 });
    await expect(
      settings.save(acme.id, {}, { source: 'cli', savedBy: 'c', expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(StaleMappingSettingsError);
    expect(await settings.current(acme.id)).toMatchObject({ version: 2, savedBy: 'b' });
    // Versions are per installation.
    expect(
      (await settings.save(other.id, {}, { source: 'cli', savedBy: 'd', expectedVersion: 0 })).version,
    ).toBe(1);
  });
});
