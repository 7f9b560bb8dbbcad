import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AuditLog } from '../audit/auditLog';
import type { InstallTarget } from '../connections/connectFlow';
import type { ConnectionVendor, Database } from '../store/schema';

/** How long a ticket is good for, unless the store is told otherwise. */
export const CONNECT_TICKET_TTL_MS = 10 * 60_000;

/** 32 random bytes in base64url are 43 characters; anything else was never issued. */
export const connectTicketSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a connect ticket');

export type TicketRefusal = 'unknown' | 'expired' | 'used' | 'other_vendor';

export type TicketRedemption =
  | { ok: true; ticketId: string; target: InstallTarget; issuedTo: string }
  | { ok: false; reason: TicketRefusal };

/** Who a ticket is for: one installation, or (an install ticket) whichever the account connected makes. */
export type TicketInput = InstallTarget & {
  vendor: ConnectionVendor;
  /** `cli`, `salesforce:<orgId>:<userId>`, `hubspot:<portalId>:<userId>`. */
  issuedTo: string;
};

export interface IssuedTicket {
  /** Handed out once, here; only its hash is kept. */
  ticket: string;
  ticketId: string;
  expiresAt: Date;
}

/**
 * Connect tickets (migration 0021): the only way into a connect flow. Each is issued to someone (a
 * CRM admin the CRM vouched for, an operator at the CLI) for one installation and one vendor, is good
 * for CONNECT_TICKET_TTL_MS and is redeemed once. Issue and redemption are audited by ticket id,
 * never by the ticket. An install ticket (migration 0025) names no installation: its CRM account's
 * is found or made when it connects; a Xero organisation always joins an existing installation.
 */
export class ConnectTickets {
  private readonly ttlMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly audit: AuditLog,
    options: { ttlMs?: number; now?: () => Date } = {},
  ) {
    this.ttlMs = options.ttlMs ?? CONNECT_TICKET_TTL_MS;
    this.now = options.now ?? (() => new Date());
  }

  async issue(input: TicketInput): Promise<IssuedTicket> {
    const installationId = 'installationId' in input ? input.installationId : null;
    if (installationId === null && input.vendor === 'xero')
      throw new Error('an install ticket is for a CRM: a Xero organisation joins an existing installation');
    const ticket = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + this.ttlMs);
    const row = await this.db
      .insertInto('connect_tickets')
      .values({
        ticket_hash: hashOf(ticket),
        installation_id: installationId,
        ...('newInstallation' in input ? { new_installation_name: input.newInstallation.name } : {}),
        vendor: input.vendor,
        issued_to: input.issuedTo,
        created_at: createdAt,
        expires_at: expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.audit.record({
      action: 'connect_ticket_issued',
      outcome: 'succeeded',
      actor: input.issuedTo,
      subject: { installationId, vendor: input.vendor, ticketId: row.id },
      detail: { expiresAt: expiresAt.toISOString(), ...(installationId ? {} : { newInstallation: true }) },
    });
    return { ticket, ticketId: row.id, expiresAt };
  }

  /**
   * Marks the ticket used and returns its installation, in one statement (of two redemptions at
   * once, one wins). A ticket for another vendor, or an expired one, stays unused.
   */
  async redeem(ticket: string, vendor: ConnectionVendor, now = this.now()): Promise<TicketRedemption> {
    if (!connectTicketSchema.safeParse(ticket).success) return { ok: false, reason: 'unknown' };
    const hash = hashOf(ticket);
    const redeemed = await this.db
      .updateTable('connect_tickets')
      .set({ used_at: now })
      .where('ticket_hash', '=', hash)
      .where('vendor', '=', vendor)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'installation_id', 'issued_to', 'new_installation_name'])
      .executeTakeFirst();
    if (redeemed) {
      await this.record(redeemed, vendor, 'succeeded', {});
      return {
        ok: true,
        ticketId: redeemed.id,
        target:
          redeemed.installation_id !== null
            ? { installationId: redeemed.installation_id }
            : { newInstallation: { name: redeemed.new_installation_name } },
        issuedTo: redeemed.issued_to,
      };
    }
    const found = await this.db
      .selectFrom('connect_tickets')
      .select(['id', 'installation_id', 'issued_to', 'vendor', 'used_at'])
      .where('ticket_hash', '=', hash)
      .executeTakeFirst();
    if (!found) return { ok: false, reason: 'unknown' };
    const reason: TicketRefusal =
      found.used_at !== null ? 'used' : found.vendor !== vendor ? 'other_vendor' : 'expired';
    // A known ticket refused (replayed, stale, used elsewhere) is worth a line in its installation's trail.
    await this.record(found, vendor, 'failed', { reason });
    return { ok: false, reason };
  }

  private async record(
    row: { id: string; installation_id: string | null; issued_to: string },
    vendor: ConnectionVendor,
    outcome: 'succeeded' | 'failed',
    detail: { reason?: TicketRefusal },
  ): Promise<void> {
    await this.audit.record({
      action: 'connect_ticket_redeemed',
      outcome,
      actor: row.issued_to,
      subject: { installationId: row.installation_id, vendor, ticketId: row.id },
      detail: { issuedTo: row.issued_to, ...detail },
    });
  }
}

function hashOf(ticket: string): string {
  return createHash('sha256').update(ticket).digest('base64url');
}
