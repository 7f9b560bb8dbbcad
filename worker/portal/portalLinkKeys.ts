import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sealedSchema, type SecretBox } from '../connections/secretBox';
import type { Database } from '../store/schema';

/** Bound to the installation: a key row moved to another installation does not open. */
const aadOf = (installationId: string) => `portal-link-key:${installationId}`;

/**
 * Each installation's key for signing portal links: 32 random bytes made on first use, sealed at
 * rest with the worker's keyring (so a copy of the database alone forges nothing), and kept opened
 * in memory for the process's life.
 */
export class PortalLinkKeys {
  private readonly opened = new Map<string, Buffer>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  /** The installation's key, made now when it has none. */
  async keyOf(installationId: string): Promise<Buffer> {
    const known = this.opened.get(installationId) ?? (await this.read(installationId));
    if (known) return known;
    const sealed = this.box.seal(randomBytes(32).toString('base64'), aadOf(installationId));
    // Two workers making it at once: the first one stored wins, both read it back.
    await this.db
      .insertInto('portal_link_keys')
      .values({ installation_id: installationId, key_sealed: JSON.stringify(sealed) })
      .onConflict((oc) => oc.column('installation_id').doNothing())
      .execute();
    const stored = await this.read(installationId);
    if (!stored) throw new Error(`portal link key of installation ${installationId} was not stored`);
    return stored;
  }

  /** The key when the installation has one (verifying never makes a key). */
  async existingKeyOf(installationId: string): Promise<Buffer | undefined> {
    return this.opened.get(installationId) ?? this.read(installationId);
  }

  private async read(installationId: string): Promise<Buffer | undefined> {
    const row = await this.db
      .selectFrom('portal_link_keys')
      .select('key_sealed')
      .where('installation_id', '=', installationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const key = Buffer.from(
      this.box.open(sealedSchema.parse(row.key_sealed), aadOf(installationId)),
      'base64',
    );
    this.opened.set(installationId, key);
    return key;
  }
}
