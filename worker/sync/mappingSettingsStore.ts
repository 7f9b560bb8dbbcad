import { sql, type Kysely } from 'kysely';
import { organisationErrors } from '../../workflows/domain/dealRouting';
import {
  installationSettingsSchema,
  mappingSettingsSchema,
  settingsForOrganisation,
  type InstallationSettings,
  type MappingSettingsInput,
} from '../../workflows/domain/mappingSettings';
import type { Database } from '../store/schema';

/** The schema's defaults: what an organisation runs on until an admin saves settings. */
export async function defaultMappingSettings(_tenantId: string): Promise<MappingSettingsInput> {
  return mappingSettingsSchema.parse({});
}

export interface SavedMappingSettings {
  settings: InstallationSettings;
  version: number;
  source: string;
  savedBy: string;
  savedAt: Date;
}

/** Thrown by `save` with the same field → message map the settings forms show. */
export class InvalidMappingSettingsError extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(
      `invalid mapping settings: ${Object.entries(fieldErrors)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; ')}`,
    );
    this.name = 'InvalidMappingSettingsError';
  }
}

export class StaleMappingSettingsError extends Error {
  constructor(readonly currentVersion: number) {
    super(`the settings were saved by someone else meanwhile (now version ${currentVersion}): reload them`);
    this.name = 'StaleMappingSettingsError';
  }
}

/**
 * Mapping settings per installation (migration 0024), saved by admins from either CRM package.
 * Every save is validated with the one schema and kept as a new version; the newest applies.
 */
export class MappingSettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * For the activities: the settings one Xero organisation runs under, as stored (its
   * installation's shared parts with its own; an empty object, meaning the defaults, when none were
   * saved). Not parsed here: the activity validates them and, when a stored row no longer
   * validates, fails naming each field instead of with a bare parse error.
   */
  readonly load = async (tenantId: string): Promise<unknown> => {
    // One statement per sync: the organisation's installation and its newest settings together.
    const newest = await this.db
      .selectFrom('connections as xero')
      .leftJoin('installation_settings as saved', 'saved.installation_id', 'xero.installation_id')
      .select('saved.settings')
      .where('xero.vendor', '=', 'xero')
      .where('xero.external_id', '=', tenantId)
      .orderBy('saved.version', (ob) => ob.desc().nullsLast())
      .limit(1)
      .executeTakeFirst();
    if (!newest) return {};
    return settingsForOrganisation(newest.settings ?? {}, tenantId);
  };

  /** The installation's settings as stored (an empty object when none were saved), not parsed. */
  readonly loadInstallation = async (installationId: string): Promise<unknown> =>
    (await this.newest(this.db, installationId))?.settings ?? {};

  async current(installationId: string): Promise<SavedMappingSettings | undefined> {
    const row = await this.newest(this.db, installationId);
    if (!row) return undefined;
    // Saved rows were valid when saved; parsing again applies defaults added by later releases.
    return {
      settings: installationSettingsSchema.parse(row.settings),
      version: row.version,
      source: row.source,
      savedBy: row.saved_by,
      savedAt: row.saved_at,
    };
  }

  private newest(db: Kysely<Database>, installationId: string) {
    return db
      .selectFrom('installation_settings')
      .selectAll()
      .where('installation_id', '=', installationId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Validates and saves a new version. Every organisation the settings name must be one of the
   * installation's, and deals may only be routed to one connected now. `expectedVersion` (the
   * version the admin's form was loaded from) guards against two admins overwriting each other:
   * a stale save is refused.
   */
  async save(
    installationId: string,
    input: unknown,
    meta: { source: string; savedBy: string; expectedVersion?: number },
  ): Promise<SavedMappingSettings> {
    const parsed = installationSettingsSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidMappingSettingsError(
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '(settings)', i.message])),
      );
    const orgs = await this.db
      .selectFrom('connections')
      .select(['external_id', 'status'])
      .where('installation_id', '=', installationId)
      .where('vendor', '=', 'xero')
      .execute();
    const refused = organisationErrors(parsed.data, {
      known: orgs.map((o) => o.external_id),
      connected: orgs.filter((o) => o.status !== 'disconnected').map((o) => o.external_id),
    });
    if (Object.keys(refused).length > 0) throw new InvalidMappingSettingsError(refused);
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`installation_settings:${installationId}`}))`.execute(
        trx,
      );
      const currentVersion = (await this.newest(trx, installationId))?.version ?? 0;
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== currentVersion)
        throw new StaleMappingSettingsError(currentVersion);
      const row = await trx
        .insertInto('installation_settings')
        .values({
          installation_id: installationId,
          version: currentVersion + 1,
          settings: JSON.stringify(parsed.data),
          source: meta.source,
          saved_by: meta.savedBy,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return {
        settings: parsed.data,
        version: row.version,
        source: row.source,
        savedBy: row.saved_by,
        savedAt: row.saved_at,
      };
    });
  }
}
