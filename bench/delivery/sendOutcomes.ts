import { sql } from 'kysely';
import { openStore } from '../../worker/store/store';

/** How the worker's sends ended, by the audit rows sendInvoiceMessage writes (one per result). */
export interface SendOutcomes {
  /** Sent at the first try. */
  sent: number;
  /** A dead worker's send found in Mailpit by its Message-ID on the retry (not sent again). */
  foundSent: number;
  /** Sent again because nothing could tell whether the dead worker's send went out. */
  resent: number;
  /** Attempts that failed (retried). */
  failedAttempts: number;
  /** Messages claimed and never recorded sent: a killed worker's claims not yet taken over. */
  unsent: number;
}

export async function readSendOutcomes(databaseUrl: string): Promise<SendOutcomes> {
  const store = await openStore({ kind: 'postgres', url: databaseUrl }, { migrate: false });
  try {
    const rows = await store.db
      .selectFrom('audit_log')
      .select(['action', sql<string | null>`detail->>'outcome'`.as('outcome')])
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', 'in', ['invoice_message_sent', 'invoice_message_resent', 'invoice_message_failed'])
      .groupBy(['action', sql`detail->>'outcome'`])
      .execute();
    const unsent = await store.db
      .selectFrom('invoice_messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    const count = (action: string, outcome?: string) =>
      rows
        .filter((r) => r.action === action && (outcome === undefined || r.outcome === outcome))
        .reduce((n, r) => n + Number(r.n), 0);
    return {
      sent: count('invoice_message_sent', 'sent'),
      foundSent: count('invoice_message_sent', 'found_sent'),
      resent: count('invoice_message_resent'),
      failedAttempts: count('invoice_message_failed'),
      unsent: Number(unsent?.n ?? 0),
    };
  } finally {
    await store.close();
  }
}
