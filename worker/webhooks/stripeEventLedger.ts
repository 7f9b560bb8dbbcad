import type { Kysely, Selectable } from 'kysely';
import type { Database, JsonObject } from '../store/schema';
import type { StripeObjectEvent } from '../../workflows/stripe/stripeObjectSignals';

export interface LedgerEntry {
  installationId: string;
  workflowId: string;
  objectType: string;
  objectId: string;
  event: StripeObjectEvent;
}

/**
 * `stripe_events`: each accepted event once per installation and event ID. Recorded before the
 * hand-over to Temporal and marked once Temporal took it, so a repeat delivery of an event already
 * handed over is a duplicate, and one whose hand-over failed is handed over again.
 */
export class StripeEventLedger {
  constructor(private readonly db: Kysely<Database>) {}

  /** `new` the first time; `pending` if recorded but not yet handed over; `handed_over` for a duplicate. */
  async record(entry: LedgerEntry): Promise<'new' | 'pending' | 'handed_over'> {
    const inserted = await this.db
      .insertInto('stripe_events')
      .values({
        installation_id: entry.installationId,
        event_id: entry.event.eventId,
        type: entry.event.type,
        object_type: entry.objectType,
        object_id: entry.objectId,
        workflow_id: entry.workflowId,
        created: new Date(entry.event.created * 1000),
        livemode: entry.event.livemode,
        fields: JSON.stringify(entry.event.object),
      })
      .onConflict((oc) => oc.columns(['installation_id', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (inserted) return 'new';
    const existing = await this.db
      .selectFrom('stripe_events')
      .select('handed_over_at')
      .where('installation_id', '=', entry.installationId)
      .where('event_id', '=', entry.event.eventId)
      .executeTakeFirstOrThrow();
    return existing.handed_over_at ? 'handed_over' : 'pending';
  }

  async markHandedOver(installationId: string, eventId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('stripe_events')
      .set({ handed_over_at: at })
      .where('installation_id', '=', installationId)
      .where('event_id', '=', eventId)
      .where('handed_over_at', 'is', null)
      .execute();
  }

  /**
   * Whether the installation is paused, read after the event was recorded: a resume sets `active`
   * and then hands over what is pending, so either it sees this event or this read sees `active`.
   */
  async installationPaused(installationId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('installations')
      .select('status')
      .where('id', '=', installationId)
      .executeTakeFirst();
    return row?.status === 'paused';
  }

  /** The installation's events not yet handed over, oldest first (for a resume to hand over). */
  async pending(installationId: string): Promise<LedgerEntry[]> {
    const rows = await this.db
      .selectFrom('stripe_events')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('handed_over_at', 'is', null)
      .orderBy('created')
      .orderBy('received_at')
      .execute();
    return rows.map(entryOf);
  }

  /** Every event of one object's workflow, oldest first: to hand them over again to a new run. */
  async ofWorkflow(installationId: string, workflowId: string): Promise<LedgerEntry[]> {
    const rows = await this.db
      .selectFrom('stripe_events')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('workflow_id', '=', workflowId)
      .orderBy('created')
      .orderBy('received_at')
      .execute();
    return rows.map(entryOf);
  }
}

function entryOf(r: Selectable<Database['stripe_events']>): LedgerEntry {
  return {
    installationId: r.installation_id,
    workflowId: r.workflow_id,
    objectType: r.object_type,
    objectId: r.object_id,
    event: {
      eventId: r.event_id,
      type: r.type,
      created: Math.floor(r.created.getTime() / 1000),
      livemode: r.livemode,
      object: r.fields as JsonObject,
    },
  };
}
