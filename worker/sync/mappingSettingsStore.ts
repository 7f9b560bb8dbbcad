import { sql, type Kysely } from 'kysely';
import {
  mappingSettingsSchema,
  type MappingSettings,
  type MappingSettingsInput,
} from '../../workflows/domain/mappingSettings';
import type { Database } from '../store/schema';

/** The schema's defaults: what a tenant runs on until an admin saves settings. */
export async function defaultMappingSettings(_tenantId: string): Promise<MappingSettingsInput> {
  return mappingSettingsSchema.parse({});
}

export interface SavedMappingSettings {
  settings: MappingSettings;
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

/**
 * Mapping settings per Xero tenant (migration 0009), saved by admins from either CRM package.
 * Every save is validated with the one schema and kept as a new version; the newest applies.
 */
export class MappingSettingsStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * For the activities: the newest saved settings as stored (an empty object, meaning the defaults,
   * when none were saved). Not parsed here: the activity validates them and, when a stored row no
   * longer validates, fails naming each field instead of with a bare parse error.
   */
  readonly load = async (tenantId: string): Promise<unknown> => (await this.newest(tenantId))?.settings ?? {};

  async current(tenantId: string): Promise<SavedMappingSettings | undefined> {
    const row = await this.newest(tenantId);
    if (!row) return undefined;
    // Saved rows were valid when saved; parsing again applies defaults added by later releases.
    return {
      settings: mappingSettingsSchema.parse(row.settings),
      version: row.version,
      source: row.source,
      savedBy: row.saved_by,
      savedAt: row.saved_at,
    };
  }

  private newest(tenantId: string) {
    return this.db
      .selectFrom('mapping_settings')
      .selectAll()
      .where('xero_tenant_id', '=', tenantId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * Validates and saves a new version. `expectedVersion` (the version the admin's form was loaded
   * from) guards against two admins overwriting each other: a stale save is refused.
   */
  async save(
    tenantId: string,
    input: unknown,
    meta: { source: string; savedBy: string; expectedVersion?: number },
  ): Promise<SavedMappingSettings> {
    const parsed = mappingSettingsSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidMappingSettingsError(
        Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || '(settings)', i.message])),
      );
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`mapping_settings:${tenantId}`}))`.execute(trx);
      const latest = await trx
        .selectFrom('mapping_settings')
        .select((eb) => eb.fn.max('version').as('version'))
        .where('xero_tenant_id', '=', tenantId)
        .executeTakeFirst();
      const currentVersion = latest?.version ?? 0;
      if (meta.expectedVersion !== undefined && meta.expectedVersion !== currentVersion)
        throw new StaleMappingSettingsError(currentVersion);
      const row = await trx
        .insertInto('mapping_settings')
        .values({
          xero_tenant_id: tenantId,
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

export class StaleMappingSettingsError extends Error {
  constructor(readonly currentVersion: number) {
    super(`the settings were saved by someone else meanwhile (now version ${currentVersion}): reload them`);
    this.name = 'StaleMappingSettingsError';
  }
}
