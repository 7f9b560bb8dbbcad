import type { Kysely } from 'kysely';
import type { AuditLog } from '../../audit/auditLog';
import { InstallationStore } from '../../installations/installationStore';
import type { Database } from '../../store/schema';
import { MailAccountError, parseMailAccount, type MailAccountInput, type MailMode } from './mailAccountInput';
import type { MailAccounts } from './mailAccounts';

export interface ConnectMailDeps {
  db: Kysely<Database>;
  accounts: MailAccounts;
  audit: AuditLog;
  mode: MailMode;
}

/**
 * Connects an installation's SMTP account: validated for where Ledgerbridge runs (clear text across
 * a network and the sandbox's credentials refused when live), the password sealed, and an audit
 * row naming who did it and where mail will go (never the password). Connecting again replaces it.
 */
export async function connectMailAccount(
  deps: ConnectMailDeps,
  input: MailAccountInput & { installation: string; by: string },
): Promise<{ installationId: string; mode: MailMode }> {
  const installation = await new InstallationStore(deps.db).bySlug(input.installation);
  if (!installation)
    throw new MailAccountError(
      `installation: no installation "${input.installation}" (npm run installations)`,
    );
  if (installation.status === 'uninstalled')
    throw new MailAccountError(`installation: "${input.installation}" is uninstalled`);
  const account = parseMailAccount(input, deps.mode);
  await deps.accounts.save(installation.id, account, input.by);
  await deps.audit.record({
    action: 'mail_account_connected',
    outcome: 'succeeded',
    actor: input.by,
    subject: { installationId: installation.id },
    detail: {
      host: account.host,
      port: account.port,
      security: account.security,
      username: account.auth?.username ?? null,
      fromAddress: account.fromAddress,
      mode: deps.mode,
    },
  });
  return { installationId: installation.id, mode: deps.mode };
}
