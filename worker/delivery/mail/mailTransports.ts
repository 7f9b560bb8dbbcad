import type { ConnectionOptions } from 'node:tls';
import {
  createTransport,
  type SendMailOptions,
  type SMTPSentMessageInfo,
  type Transporter,
} from 'nodemailer';
import type { StoredMailAccount } from './mailAccounts';

/** What the sender needs of a transport (tests wrap it to stop a "process" at a chosen moment). */
export interface MailSender {
  send(message: SendMailOptions): Promise<SMTPSentMessageInfo>;
}

export interface MailTransportOptions {
  /** Connections per installation's pool. */
  maxConnections?: number;
  /** Messages a second per installation (under most providers' limits). */
  ratePerSecond?: number;
  connectionTimeoutMs?: number;
  greetingTimeoutMs?: number;
  socketTimeoutMs?: number;
  /** Extra TLS options (tests trust their catcher's certificate). */
  tls?: ConnectionOptions;
}

/** Every wait bounded: a send ends well within the claim (SEND_CLAIM_MS) that guards it. */
const DEFAULTS = {
  maxConnections: 2,
  ratePerSecond: 5,
  connectionTimeoutMs: 20_000,
  greetingTimeoutMs: 20_000,
  socketTimeoutMs: 60_000,
} as const;

/**
 * One pooled nodemailer transport per installation, paced, rebuilt when its account changes.
 * The pool never resends a message by itself (maxRequeues 0): whether a message whose connection
 * dropped went out is for sendInvoiceMessage to find out, by its Message-ID.
 */
export class MailTransports {
  private readonly pools = new Map<
    string,
    { stamp: string; transporter: Transporter<SMTPSentMessageInfo> }
  >();
  private readonly options: Required<Omit<MailTransportOptions, 'tls'>> & Pick<MailTransportOptions, 'tls'>;

  constructor(options: MailTransportOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  transportFor(account: StoredMailAccount): MailSender {
    const stamp = `${account.updatedAt.toISOString()}|${account.host}:${account.port}`;
    let pool = this.pools.get(account.installationId);
    if (pool?.stamp !== stamp) {
      pool?.transporter.close();
      pool = { stamp, transporter: this.create(account) };
      this.pools.set(account.installationId, pool);
    }
    const { transporter } = pool;
    return { send: (message) => transporter.sendMail(message) };
  }

  async close(): Promise<void> {
    for (const pool of this.pools.values()) pool.transporter.close();
    this.pools.clear();
  }

  private create(account: StoredMailAccount): Transporter<SMTPSentMessageInfo> {
    const o = this.options;
    return createTransport({
      pool: true,
      host: account.host,
      port: account.port,
      secure: account.security === 'tls',
      requireTLS: account.security === 'starttls',
      ignoreTLS: account.security === 'none',
      ...(account.auth ? { auth: { user: account.auth.username, pass: account.auth.password } } : {}),
      tls: { minVersion: 'TLSv1.2', ...o.tls },
      maxConnections: o.maxConnections,
      maxMessages: 100,
      maxRequeues: 0,
      rateDelta: 1000,
      rateLimit: o.ratePerSecond,
      connectionTimeout: o.connectionTimeoutMs,
      greetingTimeout: o.greetingTimeoutMs,
      socketTimeout: o.socketTimeoutMs,
      dnsTimeout: 10_000,
      logger: false,
    });
  }
}
