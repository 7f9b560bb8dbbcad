import { Context } from '@temporalio/activity';
import type { SyncCursors } from '../sync/syncCursors';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import type { DealRef } from './dealToXero';
import type { XeroSyncDeps } from './xeroSync';

export interface CrmWonPollDeps extends XeroSyncDeps {
  cursors: SyncCursors;
  dispatchDealChanges?: CrmDealDispatch;
}

const PAGE = 200;

/**
 * The safety net under the Closed Won notices (the Salesforce flow's callout, HubSpot's webhooks):
 * every won deal without an invoice modified since the last look goes to its deal workflow (which
 * does nothing twice). The first look only sets the cursor: deals won before Ledgerbridge was
 * connected are not invoiced behind anyone's back.
 */
export function createCrmWonPollActivities(deps: CrmWonPollDeps) {
  return {
    async pollWonDeals(input: Pick<DealRef, 'crm' | 'crmAccount'>): Promise<{ dispatched: number }> {
      const connection = await deps.connections.find(input.crm, input.crmAccount);
      if (!connection || connection.status !== 'active') return { dispatched: 0 };
      const target = (await deps.crmTargetsFor('')).find((t) => t.connectionId === connection.id);
      const dispatch = deps.dispatchDealChanges;
      if (!target || !dispatch) return { dispatched: 0 };
      const kind = 'won_deals';
      const cursor = await deps.cursors.get(input.crm, input.crmAccount, kind);
      if (!cursor) {
        await deps.cursors.advance(input.crm, input.crmAccount, kind, new Date());
        return { dispatched: 0 };
      }
      let since: Date = cursor;
      let dispatched = 0;
      for (;;) {
        const page = await target.deals.wonDealsSince(since, PAGE);
        if (page.length === 0) break;
        await dispatch(page.map((d) => ({ ...input, dealId: d.dealId, source: 'poll' })));
        dispatched += page.length;
        const last: Date = page[page.length - 1]?.modifiedAt ?? since;
        await deps.cursors.advance(input.crm, input.crmAccount, kind, last);
        Context.current().heartbeat({ dispatched });
        if (page.length < PAGE || last.getTime() <= since.getTime()) break;
        since = last;
      }
      return { dispatched };
    },
  };
}

export type CrmWonPollActivities = ReturnType<typeof createCrmWonPollActivities>;
