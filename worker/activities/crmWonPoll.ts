import { Context } from '@temporalio/activity';
import type { Connection } from '../connections/connectionStore';
import type { Store } from '../store/store';
import { connectionHealth } from '../sync/connectionHealth';
import type { CrmTarget } from '../sync/crmTarget';
import { InvalidMappingSettingsError, type MappingSettingsStore } from '../sync/mappingSettingsStore';
import type { SyncCursors } from '../sync/syncCursors';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import type { DealRef } from './dealToXero';
import { refusalStatus } from './settingsRefusal';
import type { XeroSyncDeps } from './xeroSync';

export interface CrmWonPollDeps extends XeroSyncDeps {
  cursors: SyncCursors;
  dispatchDealChanges?: CrmDealDispatch;
  /** Where settings saved in a CRM package are kept (the poll picks them up). */
  mappingSettings?: MappingSettingsStore;
  /** The audit trail the connections' health is read from, for the CRM package's health page. */
  store?: Store;
}

const PAGE = 200;
const SETTINGS_CURSOR = 'mapping_settings';

/**
 * The safety net under the Closed Won notices (the Salesforce flow's callout, HubSpot's webhooks):
 * every won deal without an invoice modified since the last look goes to its deal workflow (which
 * does nothing twice). The first look only sets the cursor: deals won before Ledgerbridge was
 * connected are not invoiced behind anyone's back. The same poll picks up mapping settings an admin
 * saved in the CRM (the Salesforce app page) before it looks for deals, so they apply to those deals.
 */
export function createCrmWonPollActivities(deps: CrmWonPollDeps) {
  /**
   * A settings record changed since the last look is validated and saved as its installation's
   * mapping settings; the admin sees on the record what the worker did with them.
   */
  async function pullMappingSettings(target: CrmTarget, connection: Connection): Promise<void> {
    const source = target.mappingSettings;
    const store = deps.mappingSettings;
    if (!source || !store) return;
    const record = await source.read();
    if (!record) return;
    const seen = await deps.cursors.get(connection.vendor, connection.externalId, SETTINGS_CURSOR);
    if (seen && record.modifiedAt.getTime() <= seen.getTime()) return;
    let status: string;
    let input: unknown;
    try {
      input = JSON.parse(record.settingsJson || '{}');
      const saved = await store.save(connection.installationId, input, {
        source: `${connection.vendor}:${connection.externalId}`,
        savedBy: record.modifiedBy,
      });
      status = `Applied as version ${saved.version} at ${saved.savedAt.toISOString()}`;
    } catch (err) {
      if (err instanceof SyntaxError) status = 'Refused: Settings_JSON__c is not valid JSON';
      else if (err instanceof InvalidMappingSettingsError) status = refusalStatus(err.fieldErrors, input);
      else throw err;
    }
    const after = await source.report(record.recordId, status);
    // Our own status write moves SystemModstamp: only a later change by an admin counts as new
    // (one saved while we applied this one still differs, so it is not skipped).
    if (after.settingsJson === record.settingsJson)
      await deps.cursors.advance(connection.vendor, connection.externalId, SETTINGS_CURSOR, after.modifiedAt);
  }

  /**
   * The health of every connection of the CRM's installation onto the CRM package's records
   * (Salesforce: Ledgerbridge_Sync_Status__c).
   */
  async function reportSyncHealth(target: CrmTarget, crm: Connection): Promise<void> {
    if (!target.syncStatus || !deps.store) return;
    const connections = (await deps.connections.list({ installationId: crm.installationId })).filter(
      (c) => c.status !== 'disconnected',
    );
    await target.syncStatus.write(await connectionHealth(deps.store.db, connections, new Date()));
  }

  /** The package's side jobs must not hold back won deals (e.g. an org on an older package version). */
  async function besideThePoll(what: string, job: () => Promise<void>): Promise<void> {
    try {
      await job();
    } catch (err) {
      Context.current().log.warn(`${what} skipped`, {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  return {
    async pollWonDeals(input: Pick<DealRef, 'crm' | 'crmAccount'>): Promise<{ dispatched: number }> {
      const connection = await deps.connections.find(input.crm, input.crmAccount);
      if (!connection || connection.status !== 'active') return { dispatched: 0 };
      const target = await deps.crmTargets.forConnection(connection.id);
      if (target) {
        await besideThePoll('mapping settings pull', () => pullMappingSettings(target, connection));
        await besideThePoll('sync status report', () => reportSyncHealth(target, connection));
      }
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
