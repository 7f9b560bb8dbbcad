import type { Kysely, Selectable } from 'kysely';
import { sealedSchema, type SecretBox } from '../../connections/secretBox';
import type { Database, InvoiceMessagesTable } from '../../store/schema';

/** One invoice or reminder e-mail as recorded: its intent, then its result. */
export interface InvoiceMessageRecord {
  installationId: string;
  messageKey: string;
  xeroInvoiceId: string;
  messageId: string;
  to: string[];
  subject: string | null;
  /** The text part as last built (it carries the portal link: sealed at rest). */
  bodyText: string | null;
  intentAt: Date;
  attempts: number;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  sentAt: Date | null;
  smtpResponse: string | null;
  failedAt: Date | null;
  error: string | null;
  /** true: that attempt certainly did not deliver (refused, or never reached the server). */
  failureDefinite: boolean | null;
}

export type Claim =
  /** Ours to send. `fresh`: no attempt before; otherwise an earlier attempt left no sure result. */
  | { claimed: true; fresh: boolean; record: InvoiceMessageRecord }
  /** Sent already, or another worker holds a live claim. */
  | { claimed: false; record: InvoiceMessageRecord };

type Key = { installationId: string; messageKey: string };

const aadOf = (key: Key) => `invoice-message:${key.installationId}:${key.messageKey}`;

/**
 * The invoice_messages table: the intent is stored (with its Message-ID) before the SMTP server is
 * asked, and claimed for a while so that duplicates running at once wait instead of sending; the
 * result is stored after. All times come from the caller's clock.
 */
export class InvoiceMessages {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  async claim(
    key: Key,
    intent: { xeroInvoiceId: string; messageId: string; to: string[] },
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<Claim> {
    const until = new Date(now.getTime() + leaseMs);
    const inserted = await this.db
      .insertInto('invoice_messages')
      .values({
        installation_id: key.installationId,
        message_key: key.messageKey,
        xero_invoice_id: intent.xeroInvoiceId,
        message_id: intent.messageId,
        to_addresses: intent.to,
        intent_at: now,
        attempts: 1,
        claimed_by: owner,
        claim_expires_at: until,
      })
      .onConflict((oc) => oc.columns(['installation_id', 'message_key']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return { claimed: true, fresh: true, record: this.toRecord(inserted) };
    // Taken over only when unsent and nobody's claim is alive (a dead worker's runs out).
    const taken = await this.db
      .updateTable('invoice_messages')
      .set((eb) => ({
        claimed_by: owner,
        claim_expires_at: until,
        attempts: eb('attempts', '+', 1),
        to_addresses: intent.to,
      }))
      .where('installation_id', '=', key.installationId)
      .where('message_key', '=', key.messageKey)
      .where('sent_at', 'is', null)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
      .returningAll()
      .executeTakeFirst();
    if (taken) return { claimed: true, fresh: false, record: this.toRecord(taken) };
    const record = await this.find(key);
    if (!record) throw new Error(`invoice message ${key.messageKey} vanished while being claimed`);
    return { claimed: false, record };
  }

  /** What is about to be sent, stored before the send so a retry can report what went out. */
  async saveContent(key: Key, owner: string, content: { subject: string; bodyText: string }): Promise<void> {
    await this.db
      .updateTable('invoice_messages')
      .set({
        subject: content.subject,
        body_text_sealed: JSON.stringify(this.box.seal(content.bodyText, aadOf(key))),
      })
      .where('installation_id', '=', key.installationId)
      .where('message_key', '=', key.messageKey)
      .where('claimed_by', '=', owner)
      .execute();
  }

  /** The result: sent. Kept once; the first result recorded stands. */
  async recordSent(key: Key, result: { sentAt: Date; smtpResponse: string }): Promise<InvoiceMessageRecord> {
    await this.db
      .updateTable('invoice_messages')
      .set({
        sent_at: result.sentAt,
        smtp_response: result.smtpResponse,
        claimed_by: null,
        claim_expires_at: null,
        failed_at: null,
        error: null,
        failure_definite: null,
      })
      .where('installation_id', '=', key.installationId)
      .where('message_key', '=', key.messageKey)
      .where('sent_at', 'is', null)
      .execute();
    const record = await this.find(key);
    if (!record) throw new Error(`invoice message ${key.messageKey} vanished`);
    return record;
  }

  /** The result: failed; the claim is let go so the next attempt need not wait. */
  async recordFailure(
    key: Key,
    owner: string,
    failure: { failedAt: Date; error: string; definite: boolean },
  ): Promise<void> {
    await this.db
      .updateTable('invoice_messages')
      .set({
        failed_at: failure.failedAt,
        error: failure.error.slice(0, 2000),
        failure_definite: failure.definite,
        claimed_by: null,
        claim_expires_at: null,
      })
      .where('installation_id', '=', key.installationId)
      .where('message_key', '=', key.messageKey)
      .where('claimed_by', '=', owner)
      .where('sent_at', 'is', null)
      .execute();
  }

  /** Whether any message of the invoice (a version, or a reminder) was sent for the installation. */
  async anySent(installationId: string, xeroInvoiceId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('invoice_messages')
      .select('message_key')
      .where('installation_id', '=', installationId)
      .where('xero_invoice_id', '=', xeroInvoiceId)
      .where('sent_at', 'is not', null)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async find(key: Key): Promise<InvoiceMessageRecord | undefined> {
    const row = await this.db
      .selectFrom('invoice_messages')
      .selectAll()
      .where('installation_id', '=', key.installationId)
      .where('message_key', '=', key.messageKey)
      .executeTakeFirst();
    return row ? this.toRecord(row) : undefined;
  }

  private toRecord(row: Selectable<InvoiceMessagesTable>): InvoiceMessageRecord {
    const key = { installationId: row.installation_id, messageKey: row.message_key };
    return {
      ...key,
      xeroInvoiceId: row.xero_invoice_id,
      messageId: row.message_id,
      to: row.to_addresses,
      subject: row.subject,
      bodyText:
        row.body_text_sealed === null
          ? null
          : this.box.open(sealedSchema.parse(row.body_text_sealed), aadOf(key)),
      intentAt: row.intent_at,
      attempts: row.attempts,
      claimedBy: row.claimed_by,
      claimExpiresAt: row.claim_expires_at,
      sentAt: row.sent_at,
      smtpResponse: row.smtp_response,
      failedAt: row.failed_at,
      error: row.error,
      failureDefinite: row.failure_definite,
    };
  }
}
