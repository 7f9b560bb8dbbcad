import { Context } from '@temporalio/activity';
import type { ConnectionStore } from '../connections/connectionStore';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { SyncCursors } from '../sync/syncCursors';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import { activeXeroConnectionId } from './xeroConnection';

export interface XeroPollDeps {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  cursors: SyncCursors;
  dispatchXeroChanges: XeroEventDispatch;
}

const PAGE_SIZE = 1_000;

/**
 * The safety net under Xero's webhooks (which carry no payments and are disabled after a day of
 * failed deliveries): everything modified since the last pull is handed to its record's workflow,
 * exactly as a webhook event would be. The first pull of an organisation only sets the cursor: the
 * initial load is the backfill's job.
 */
export function createXeroPollActivities(deps: XeroPollDeps) {
  return {
    async pullXeroChanges(input: { tenantId: string }): Promise<{ invoices: number; contacts: number }> {
      const api = deps.xeroApi(await activeXeroConnectionId(deps.connections, input.tenantId));
      const counts = { invoices: 0, contacts: 0 };
      for (const kind of ['INVOICE', 'CONTACT'] as const) {
        const since = await deps.cursors.get('xero', input.tenantId, kind);
        if (!since) {
          await deps.cursors.advance('xero', input.tenantId, kind, new Date());
          continue;
        }
        let newest = since;
        for (let page = 1; ; page++) {
          const records =
            kind === 'INVOICE'
              ? await api.listInvoiceChanges({ page, modifiedSince: since })
              : (await api.listContacts({ page, modifiedSince: since, pageSize: PAGE_SIZE })).map((c) => ({
                  id: c.xeroContactId,
                  updatedAt: c.updatedAt,
                }));
          Context.current().heartbeat({ kind, page });
          if (records.length > 0)
            await deps.dispatchXeroChanges(
              records.map((r) => ({
                tenantId: input.tenantId,
                category: kind,
                resourceId: r.id,
                change: { eventType: 'UPDATE', eventDateUtc: r.updatedAt, source: 'poll' },
              })),
            );
          for (const r of records) if (new Date(r.updatedAt) > newest) newest = new Date(r.updatedAt);
          counts[kind === 'INVOICE' ? 'invoices' : 'contacts'] += records.length;
          if (records.length < PAGE_SIZE) break;
        }
        // Only after every page was handed over: a pull that dies midway is repeated, not skipped.
        await deps.cursors.advance('xero', input.tenantId, kind, newest);
      }
      return counts;
    },
  };
}

export type XeroPollActivities = ReturnType<typeof createXeroPollActivities>;
