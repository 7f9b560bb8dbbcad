import { installationSlugSchema } from '../installations/installationStore';
import type { MailAccountInput } from '../delivery/mail/mailAccountInput';

export const CONNECT_SMTP_USAGE = `usage: npm run connect:smtp -- --installation <slug> --host <host> --port <port>
         --security <tls|starttls|none> [--user <name> --password-file <path>] --from <address>
         [--from-name "Name"] [--by <who>]
  Connects the SMTP account Ledgerbridge sends the installation's invoices through. The password is
  read from a file (never the command line, where the shell's history and ps would keep it) and
  sealed in the store. Connecting again replaces the account.`;

export interface ConnectSmtpArgs extends Omit<MailAccountInput, 'password'> {
  installation: string;
  passwordFile?: string | undefined;
  by?: string | undefined;
}

export class ConnectSmtpUsageError extends Error {
  override name = 'ConnectSmtpUsageError';
}

/** The command line, checked for shape; the account itself is validated by parseMailAccount. */
export function parseConnectSmtpArgs(args: string[]): ConnectSmtpArgs {
  const valueOf = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    if (at < 0) return undefined;
    const value = args[at + 1];
    if (value === undefined || value.startsWith('--'))
      throw new ConnectSmtpUsageError(`${flag}: needs a value`);
    return value;
  };
  if (args.includes('--password'))
    throw new ConnectSmtpUsageError(
      '--password: give --password-file <path> instead (the command line is not secret)',
    );
  const slug = installationSlugSchema.safeParse(valueOf('--installation'));
  if (!slug.success)
    throw new ConnectSmtpUsageError(`--installation: ${slug.error.issues[0]?.message ?? 'required'}`);
  const port = valueOf('--port');
  if (port === undefined || !/^\d{1,5}$/.test(port))
    throw new ConnectSmtpUsageError('--port: a number, e.g. 587');
  const security = valueOf('--security');
  if (security !== 'tls' && security !== 'starttls' && security !== 'none')
    throw new ConnectSmtpUsageError('--security: tls, starttls or none');
  const host = valueOf('--host');
  if (host === undefined) throw new ConnectSmtpUsageError('--host: required');
  const fromAddress = valueOf('--from');
  if (fromAddress === undefined) throw new ConnectSmtpUsageError('--from: required');
  const username = valueOf('--user');
  const passwordFile = valueOf('--password-file');
  if ((username === undefined) !== (passwordFile === undefined))
    throw new ConnectSmtpUsageError(
      '--user and --password-file: give both, or neither for a server without AUTH',
    );
  return {
    installation: slug.data,
    host,
    port: Number(port),
    security,
    username,
    passwordFile,
    fromAddress,
    fromName: valueOf('--from-name'),
    by: valueOf('--by'),
  };
}
