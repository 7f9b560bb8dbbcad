import { readFile, stat } from 'node:fs/promises';
import { AuditLog } from '../audit/auditLog';
import { loadConfig } from '../config';
import { redactSecretValues } from '../configSecrets';
import { loadSecretBox } from '../connections/keyring';
import { connectMailAccount } from '../delivery/mail/connectMailAccount';
import { MailAccountError } from '../delivery/mail/mailAccountInput';
import { MailAccounts } from '../delivery/mail/mailAccounts';
import { mailModeOf } from '../delivery/mail/mailMode';
import { openStore } from '../store/store';
import { CONNECT_SMTP_USAGE, ConnectSmtpUsageError, parseConnectSmtpArgs } from './connectSmtpArgs';

/**
 * `npm run connect:smtp`: connects the SMTP account an installation's invoices are e-mailed
 * through (delivery.sender `ledgerbridge`). The password comes from a file; its trailing newline
 * is dropped.
 */
async function run(): Promise<void> {
  const args = parseConnectSmtpArgs(process.argv.slice(2));
  const password = args.passwordFile === undefined ? undefined : await readPassword(args.passwordFile);
  const config = loadConfig();
  const store = await openStore(config.store);
  try {
    const connected = await connectMailAccount(
      {
        db: store.db,
        accounts: new MailAccounts(store.db, await loadSecretBox(config.encryption)),
        audit: new AuditLog(store.db),
        mode: mailModeOf(config),
      },
      { ...args, password, by: args.by ?? `cli:${process.env.USER ?? 'unknown'}` },
    );
    process.stdout.write(
      `SMTP account connected to ${args.installation} (${connected.mode}): ${args.security} ` +
        `${args.host}:${args.port}, from ${args.fromAddress}.\n`,
    );
  } finally {
    await store.close();
  }
}

async function readPassword(file: string): Promise<string> {
  const mode = (await stat(file)).mode;
  // Readable by others: say so, as ssh does for a key, but take it (the operator may mean it).
  if ((mode & 0o077) !== 0) console.warn(`warning: ${file} is readable by other users (chmod 600 it)`);
  return (await readFile(file, 'utf8')).replace(/\r?\n$/, '');
}

run().catch((err: unknown) => {
  if (err instanceof ConnectSmtpUsageError) {
    console.error(`${err.message}\n\n${CONNECT_SMTP_USAGE}`);
    process.exit(2);
  }
  const message = err instanceof Error ? err.message : String(err);
  console.error(redactSecretValues(message, process.env));
  process.exit(err instanceof MailAccountError ? 2 : 1);
});
