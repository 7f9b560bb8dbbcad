import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * An installation's SMTP account as given to `npm run connect:smtp`, validated for where
 * Ledgerbridge runs. `tls` is implicit TLS (port 465), `starttls` upgrades a plain connection and
 * fails when the server cannot, `none` sends in clear: allowed in the sandbox and to a server on
 * this machine (a local relay), never across a network when live.
 */
export type MailMode = 'sandbox' | 'live';
export type MailSecurity = 'tls' | 'starttls' | 'none';

export interface MailAccountInput {
  host: string;
  port: number;
  security: MailSecurity;
  /** Absent: the server takes mail without AUTH (Mailpit, a local relay). */
  username?: string | undefined;
  password?: string | undefined;
  fromAddress: string;
  fromName?: string | undefined;
}

export interface MailAccount {
  mode: MailMode;
  host: string;
  port: number;
  security: MailSecurity;
  auth: { username: string; password: string } | null;
  fromAddress: string;
  fromName: string | null;
}

/**
 * The sandbox's public credentials (the demo's Mailpit takes any): like the sandbox apps' client
 * secret, they are refused when live, so a demo account can never be carried into production.
 */
export const SANDBOX_SMTP_ACCOUNT = {
  username: 'ledgerbridge-sandbox',
  password: 'sandbox-secret-not-for-production',
} as const;

export class MailAccountError extends Error {
  override name = 'MailAccountError';
}

const hostSchema = z
  .string()
  .trim()
  .min(1, 'host: required')
  .max(253)
  .refine(
    (host) =>
      isIP(host) !== 0 ||
      /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
        host,
      ),
    {
      error: 'host: expected a host name or IP address',
    },
  );

const inputSchema = z
  .object({
    host: hostSchema,
    port: z
      .int({ error: 'port: expected a whole number' })
      .min(1, 'port: 1 to 65535')
      .max(65535, 'port: 1 to 65535'),
    security: z.enum(['tls', 'starttls', 'none'], { error: 'security: tls, starttls or none' }),
    username: z.string().trim().min(1).max(320).optional(),
    password: z.string().min(1).max(1024).optional(),
    fromAddress: z.email({ error: 'from: expected an e-mail address' }),
    fromName: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .refine((name) => !/[\r\n]/.test(name), { error: 'from name: one line' })
      .optional(),
  })
  .refine((input) => (input.username === undefined) === (input.password === undefined), {
    error: 'user and password: give both, or neither for a server without AUTH',
  });

/** 127.0.0.0/8, ::1 and localhost: a server on this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

/** Validates the account for `mode`; a refusal names the field and never quotes the password. */
export function parseMailAccount(input: MailAccountInput, mode: MailMode): MailAccount {
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) throw new MailAccountError(parsed.error.issues[0]?.message ?? 'invalid SMTP account');
  const account = parsed.data;
  if (mode === 'live') {
    if (account.security === 'none' && !isLoopbackHost(account.host))
      throw new MailAccountError(
        `security: "none" would send invoices in clear text to ${account.host}; use tls or starttls (none only for a relay on this machine)`,
      );
    if (
      account.username === SANDBOX_SMTP_ACCOUNT.username ||
      account.password === SANDBOX_SMTP_ACCOUNT.password
    )
      throw new MailAccountError(
        "user/password: those are the sandbox's public credentials, and Ledgerbridge runs live here: give the SMTP account's own",
      );
  }
  return {
    mode,
    host: account.host,
    port: account.port,
    security: account.security,
    auth:
      account.username !== undefined && account.password !== undefined
        ? { username: account.username, password: account.password }
        : null,
    fromAddress: account.fromAddress,
    fromName: account.fromName ?? null,
  };
}
