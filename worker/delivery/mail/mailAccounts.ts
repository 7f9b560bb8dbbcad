import type { Kysely } from 'kysely';
import { sealedSchema, type SecretBox } from '../../connections/secretBox';
import type { Database } from '../../store/schema';
import type { MailAccount } from './mailAccountInput';

/** Bound to the installation: moved to another row, the password does not open. */
const aadOf = (installationId: string) => `smtp:${installationId}:password`;

/** A stored account, with when it last changed (a pooled transport is rebuilt when it does). */
export interface StoredMailAccount extends MailAccount {
  installationId: string;
  updatedAt: Date;
}

/** Each installation's SMTP account, the password sealed at rest and never logged. */
export class MailAccounts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  /** Saves (or replaces) the installation's account. */
  async save(installationId: string, account: MailAccount, by: string, now = new Date()): Promise<void> {
    const values = {
      mode: account.mode,
      host: account.host,
      port: account.port,
      security: account.security,
      username: account.auth?.username ?? null,
      password_sealed: account.auth
        ? JSON.stringify(this.box.seal(account.auth.password, aadOf(installationId)))
        : null,
      from_address: account.fromAddress,
      from_name: account.fromName,
      connected_by: by,
      updated_at: now,
    };
    await this.db
      .insertInto('mail_accounts')
      .values({ installation_id: installationId, ...values })
      .onConflict((oc) => oc.column('installation_id').doUpdateSet(values))
      .execute();
  }

  /** The account, its password opened (for the transport); undefined when there is none. */
  async load(installationId: string): Promise<StoredMailAccount | undefined> {
    const row = await this.db
      .selectFrom('mail_accounts')
      .selectAll()
      .where('installation_id', '=', installationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const password =
      row.username !== null && row.password_sealed !== null
        ? this.box.open(sealedSchema.parse(row.password_sealed), aadOf(installationId))
        : undefined;
    return {
      installationId,
      mode: row.mode,
      host: row.host,
      port: row.port,
      security: row.security,
      auth: row.username !== null && password !== undefined ? { username: row.username, password } : null,
      fromAddress: row.from_address,
      fromName: row.from_name,
      updatedAt: row.updated_at,
    };
  }
}
