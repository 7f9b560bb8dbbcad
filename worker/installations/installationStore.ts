import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, InstallationRow, InstallationStatus } from '../store/schema';

/** One customer of the deployment (migration 0020): its connections hang off it. */
export interface Installation {
  id: string;
  /** Readable and stable: the Installation search attribute, the CLI, log lines. */
  slug: string;
  name: string;
  status: InstallationStatus;
  createdAt: Date;
}

/** The installation everything connected before installations existed belongs to. */
export const DEFAULT_INSTALLATION_SLUG = 'default';

export const installationSlugSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'lower-case letters, digits and dashes, at most 63, not starting with a dash',
  );

export class InstallationNotFoundError extends Error {
  override name = 'InstallationNotFoundError';
}

function toInstallation(row: InstallationRow): Installation {
  return { id: row.id, slug: row.slug, name: row.name, status: row.status, createdAt: row.created_at };
}

export class InstallationStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Creates the installation, or returns the one with that slug (installing twice finds the first). */
  async ensure(input: { slug: string; name?: string }): Promise<Installation> {
    const slug = installationSlugSchema.parse(input.slug);
    await this.db
      .insertInto('installations')
      .values({ slug, name: input.name ?? '' })
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    return this.requireBySlug(slug);
  }

  /** The deployment's default installation (created on first use): the operator CLI's and upgrades'. */
  defaultInstallation(): Promise<Installation> {
    return this.ensure({ slug: DEFAULT_INSTALLATION_SLUG, name: 'Default installation' });
  }

  async get(id: string): Promise<Installation | undefined> {
    if (!z.uuid().safeParse(id).success) return undefined;
    const row = await this.db.selectFrom('installations').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toInstallation(row);
  }

  async bySlug(slug: string): Promise<Installation | undefined> {
    const row = await this.db
      .selectFrom('installations')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    return row && toInstallation(row);
  }

  async requireBySlug(slug: string): Promise<Installation> {
    const found = await this.bySlug(slug);
    if (!found) throw new InstallationNotFoundError(`no installation "${slug}"`);
    return found;
  }

  async list(): Promise<Installation[]> {
    const rows = await this.db.selectFrom('installations').selectAll().orderBy('slug').execute();
    return rows.map(toInstallation);
  }

  async setStatus(id: string, status: InstallationStatus): Promise<void> {
    await this.db
      .updateTable('installations')
      .set({ status, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }
}
