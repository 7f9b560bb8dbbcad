import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import { purgeInstallations } from '../installations/purgeInstallations';
import { reactivateInstallation, reinstallState } from '../installations/reactivateInstallation';
import type { ConnectionVendor, Database } from '../store/schema';
import { ConnectError, type InstallTarget } from './connectFlow';
import { ConnectionOwnedElsewhereError, type Connection, type ConnectionStore } from './connectionStore';

/** A CRM account being connected, as an installation it creates would be named. */
export interface InstalledAccount {
  vendor: ConnectionVendor;
  externalId: string;
  /** The account's name (the Salesforce org's, the HubSpot portal's domain): the installation's name. */
  name: string;
  /** What the slug is made from when not the name (a hub domain's first label). */
  slugFrom?: string;
}

/** How many `-2`, `-3`… suffixes are tried before a slug is given up as taken. */
const SLUG_ATTEMPTS = 50;

/**
 * Installing creates the installation: the account connected by an install (HubSpot's install
 * link, an install ticket) lands in the installation already holding it (a re-install: never a
 * second one for the same account), else in a new installation, created here and audited. A ticket
 * naming its installation saves there, as before. Either way an uninstalled installation is
 * reactivated while its retention lasts (reactivateInstallation.ts); after, a re-install purges it
 * and starts a new one, and a ticket naming it is refused.
 */
export class AccountInstallations {
  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      connections: Pick<ConnectionStore, 'find'>;
      audit: AuditLog;
      now?: () => Date;
    },
  ) {}

  async connect(
    target: InstallTarget,
    account: InstalledAccount,
    /** Who installed: the audit row's actor. */
    actor: string,
    save: (installationId: string) => Promise<Connection>,
  ): Promise<Connection> {
    if ('installationId' in target) {
      if ((await reinstallState(this.deps, target.installationId)) === 'retention_passed')
        throw new ConnectError(
          'this installation was uninstalled and its retention period has passed: install the app again',
        );
      return this.reinstall(target.installationId, account, actor, save);
    }
    const owner = await this.deps.connections.find(account.vendor, account.externalId);
    if (owner && (await reinstallState(this.deps, owner.installationId)) !== 'retention_passed')
      return this.reinstall(owner.installationId, account, actor, save);
    // Uninstalled, and kept no longer than promised: its data goes now, and this is a new customer.
    if (owner) await purgeInstallations(this.deps, actor, { only: owner.installationId });
    const name = target.newInstallation.name ?? account.name;
    const created = await this.create(
      name,
      target.newInstallation.name ?? account.slugFrom ?? name,
      `${account.vendor}-${account.externalId}`,
    );
    let connection: Connection;
    try {
      connection = await save(created.id);
    } catch (err) {
      // Nothing joined it; an install of the same account at the same moment may have won the race.
      await this.discardEmpty(created.id);
      const winner =
        err instanceof ConnectionOwnedElsewhereError
          ? await this.deps.connections.find(account.vendor, account.externalId)
          : undefined;
      if (winner) return save(winner.installationId);
      throw err;
    }
    await this.deps.audit.record({
      action: 'installation_created',
      outcome: 'succeeded',
      actor,
      subject: {
        installationId: created.id,
        installation: created.slug,
        vendor: account.vendor,
        account: account.externalId,
      },
      detail: { name },
    });
    return connection;
  }

  /** Saves into an existing installation, bringing it back if it was uninstalled. */
  private async reinstall(
    installationId: string,
    account: InstalledAccount,
    actor: string,
    save: (installationId: string) => Promise<Connection>,
  ): Promise<Connection> {
    const connection = await save(installationId);
    await reactivateInstallation(this.deps, installationId, actor, account);
    return connection;
  }

  /** A new installation under the first free slug made from `slugFrom` (else `fallback`). */
  private async create(
    name: string,
    slugFrom: string,
    fallback: string,
  ): Promise<{ id: string; slug: string }> {
    const base = slugOf(slugFrom) || slugOf(fallback) || 'installation';
    for (let attempt = 1; attempt <= SLUG_ATTEMPTS; attempt++) {
      const slug = attempt === 1 ? base : `${base.slice(0, 58)}-${attempt}`;
      const row = await this.deps.db
        .insertInto('installations')
        .values({ slug, name })
        .onConflict((oc) => oc.column('slug').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) return { id: row.id, slug };
    }
    throw new Error(`no free installation slug left for "${base}" after ${SLUG_ATTEMPTS} attempts`);
  }

  private async discardEmpty(installationId: string): Promise<void> {
    await this.deps.db
      .deleteFrom('installations')
      .where('id', '=', installationId)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('connections').select('id').where('installation_id', '=', installationId))),
      )
      .execute();
  }
}

/** Lower-case letters, digits and dashes, at most 50 (room for a suffix): what a slug may hold. */
export function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 50)
    .replace(/-+$/, '');
}
