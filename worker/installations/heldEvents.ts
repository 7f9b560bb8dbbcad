import { CRM_VENDORS } from '../../workflows/domain/crmVendor';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { crmDealWorkflowId } from '../../workflows/crm/dealIds';
import { xeroRecordWorkflowId } from '../../workflows/xero/recordIds';
import type { ConnectionVendor, Database, JsonObject } from '../store/schema';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';

/**
 * How a paused installation holds its work: its webhooks and CRM notices are accepted as ever, but
 * instead of reaching their workflows they are kept in `held_events` (in the store, so a restart
 * loses nothing) until the installation is resumed, which hands them over in arrival order. Holding
 * at the hand-over rather than in the workflows means nothing of a paused installation starts or
 * retries meanwhile, and no workflow needs to know about pauses. The events of a disconnected
 * account or an uninstalled installation are dropped: nothing is left to deliver them to.
 */
export interface Dispatchers {
  xero: XeroEventDispatch;
  deal: CrmDealDispatch;
}

type XeroChanges = Parameters<XeroEventDispatch>[0];
type DealChanges = Parameters<CrmDealDispatch>[0];
type Route = 'deliver' | 'hold' | 'drop';

/** The dispatchers the ingress uses, holding or dropping what must not be delivered now. */
export function holdingDispatchers(db: Kysely<Database>, deliver: Dispatchers): Dispatchers {
  return {
    xero: async (changes) => {
      const routed = await routeEach(db, changes, 'xero_change', (c) => ['xero', c.tenantId]);
      const delivered = routed.deliver.length > 0 ? await deliver.xero(routed.deliver) : [];
      return [
        ...delivered,
        ...routed.hold.map((c) => xeroRecordWorkflowId(c.tenantId, c.category, c.resourceId)),
      ];
    },
    deal: async (changes) => {
      const routed = await routeEach(db, changes, 'crm_deal_change', (c) => [c.crm, c.crmAccount]);
      const delivered = routed.deliver.length > 0 ? await deliver.deal(routed.deliver) : [];
      return [...delivered, ...routed.hold.map((c) => crmDealWorkflowId(c.crm, c.crmAccount, c.dealId))];
    },
  };
}

async function routeEach<T extends object>(
  db: Kysely<Database>,
  changes: T[],
  kind: 'xero_change' | 'crm_deal_change',
  accountOf: (change: T) => [ConnectionVendor, string],
): Promise<Record<Route, T[]>> {
  const routed: Record<Route, T[]> = { deliver: [], hold: [], drop: [] };
  const known = new Map<string, Route>();
  for (const change of changes) {
    const [vendor, account] = accountOf(change);
    const key = `${vendor}:${account}`;
    // Held events are stored one by one (each under its read); the other routes hold for the batch.
    let route = known.get(key);
    if (!route || route === 'hold') {
      route = await routeOrHold(db, vendor, account, kind, change);
      known.set(key, route);
    }
    routed[route].push(change);
  }
  return routed;
}

/**
 * Where a change goes; a held one is stored in the same transaction that read the installation
 * `for share`, so a resume (which updates that row, then drains) either sees it or made the read
 * answer `deliver`.
 */
function routeOrHold(
  db: Kysely<Database>,
  vendor: ConnectionVendor,
  account: string,
  kind: 'xero_change' | 'crm_deal_change',
  change: object,
): Promise<Route> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('connections as c')
      .innerJoin('installations as i', 'i.id', 'c.installation_id')
      .select(['c.status as connectionStatus', 'i.status as installationStatus', 'i.id as installationId'])
      .where('c.vendor', '=', vendor)
      .where('c.external_id', '=', account)
      .forShare()
      .executeTakeFirst();
    // An unknown account is handed over as before: its workflow reports that it is not connected.
    if (!row) return 'deliver';
    if (row.connectionStatus === 'disconnected' || row.installationStatus === 'uninstalled') return 'drop';
    if (row.installationStatus !== 'paused') return 'deliver';
    await trx
      .insertInto('held_events')
      .values({ installation_id: row.installationId, kind, event: JSON.stringify(change) })
      .execute();
    return 'hold';
  });
}

const xeroChangeSchema = z.object({
  tenantId: z.string(),
  category: z.enum(['INVOICE', 'CONTACT', 'CREDITNOTE']),
  resourceId: z.string(),
  change: z.object({
    eventType: z.enum(['CREATE', 'UPDATE']),
    eventDateUtc: z.string(),
    source: z.enum(['webhook', 'poll', 'manual', 'credit_note']),
  }),
});
const dealChangeSchema = z.object({
  crm: z.enum(CRM_VENDORS),
  crmAccount: z.string(),
  dealId: z.string(),
  source: z.string(),
});

/**
 * Hands an installation's held events to their workflows, oldest first, a page at a time; each page
 * is deleted once Temporal has it. A failure leaves the rest held for the next resume (a page handed
 * over twice is harmless: a record's workflow takes a change it already has as one more "changed").
 */
export async function deliverHeldEvents(
  db: Kysely<Database>,
  installationId: string,
  deliver: Dispatchers,
  pageSize = 200,
): Promise<number> {
  let delivered = 0;
  for (;;) {
    const page = await db
      .selectFrom('held_events')
      .select(['id', 'kind', 'event'])
      .where('installation_id', '=', installationId)
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return delivered;
    const xero: XeroChanges = [];
    const deals: DealChanges = [];
    for (const row of page) {
      if (row.kind === 'xero_change') xero.push(parseEvent(xeroChangeSchema, row.event, row.id));
      else deals.push(parseEvent(dealChangeSchema, row.event, row.id));
    }
    if (xero.length > 0) await deliver.xero(xero);
    if (deals.length > 0) await deliver.deal(deals);
    await db
      .deleteFrom('held_events')
      .where(
        'id',
        'in',
        page.map((r) => r.id),
      )
      .execute();
    delivered += page.length;
  }
}

function parseEvent<T>(schema: z.ZodType<T>, event: JsonObject, id: string): T {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw new Error(`held event ${id} is not a change: ${parsed.error.message}`);
  return parsed.data;
}
