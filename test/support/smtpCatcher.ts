import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { bareMessageId, type SentMessageCheck } from '../../worker/delivery/mail/sentMessageChecks';

export interface CaughtMessage {
  /** The Message-ID without angle brackets. */
  messageId: string;
  envelope: { from: string; to: string[] };
  /** Who logged in (AUTH), or null. */
  user: string | null;
  /** Whether the session was encrypted (TLS or STARTTLS). */
  secure: boolean;
  parsed: ParsedMail;
}

export interface SmtpCatcherOptions {
  /** AUTH required with these credentials; absent: no AUTH. */
  auth?: { username: string; password: string };
  /** Offer STARTTLS, with a fresh self-signed certificate for `localhost` (`certificate`). Default: off. */
  starttls?: boolean;
  /** Answers a message with this instead of 250, e.g. { code: 550, message: 'No such user' }. */
  reject?: (message: ParsedMail) => { code: number; message: string } | undefined;
}

export interface SmtpCatcher {
  host: string;
  port: number;
  messages: CaughtMessage[];
  /** Resolves once `count` messages were caught. */
  waitFor(count: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  /** The PEM certificate STARTTLS presents (for the client's `ca`), when offered. */
  certificate?: string;
  /** The sent-message check over what this catcher holds. */
  sentMessageCheck: SentMessageCheck;
  close(): Promise<void>;
}

/**
 * An in-process SMTP server for tests (smtp-server): parses every message with mailparser and
 * keeps it, so a test reads exactly what a customer's mail server would have received.
 */
export async function startSmtpCatcher(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
  const messages: CaughtMessage[] = [];
  const waiters: Array<() => void> = [];
  const tlsIdentity = options.starttls ? localhostCertificate() : undefined;
  const serverOptions: SMTPServerOptions = {
    ...tlsIdentity,
    disabledCommands: [...(options.auth ? [] : ['AUTH']), ...(options.starttls ? [] : ['STARTTLS'])],
    // Without STARTTLS the test's credentials cross loopback in clear, which is what it means to test.
    allowInsecureAuth: !options.starttls,
    authOptional: !options.auth,
    disableReverseLookup: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === options.auth?.username && auth.password === options.auth?.password;
      callback(ok ? null : Object.assign(new Error('Invalid credentials'), { responseCode: 535 }), {
        user: auth.username,
      });
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const refusal = options.reject?.(parsed);
          if (refusal)
            return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          messages.push({
            messageId: bareMessageId(parsed.messageId ?? ''),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            },
            user: typeof session.user === 'string' ? session.user : null,
            secure: session.secure,
            parsed,
          });
          waiters.splice(0).forEach((wake) => wake());
          callback();
        })
        .catch((err: unknown) => callback(err instanceof Error ? err : new Error(String(err))));
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  const waitFor = async (count: number, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`caught ${messages.length} message(s), expected ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return messages;
  };

  return {
    host: '127.0.0.1',
    port,
    messages,
    waitFor,
    ...(tlsIdentity ? { certificate: tlsIdentity.cert } : {}),
    sentMessageCheck: {
      name: 'smtp-catcher',
      wasSent: (messageId) => Promise.resolve(messages.some((m) => m.messageId === bareMessageId(messageId))),
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A key and self-signed certificate for `localhost`, valid for a day (smtp-server's built-in one
 * has expired, and a client that checks certificates refuses it).
 */
function localhostCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'smtp-catcher-'));
  try {
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
        ],
        ...[
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost',
          '-keyout',
          key,
          '-out',
          cert,
        ],
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
