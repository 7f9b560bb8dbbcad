import { MockActivityEnvironment } from '@temporalio/testing';
import { createCrmWonPollActivities, type CrmWonPollDeps } from '../../../worker/activities/crmWonPoll';
import type { Connection } from '../../../worker/connections/connectionStore';
import type { CrmTarget } from '../../../worker/sync/crmTarget';
import { connectionSchedules } from '../../../worker/temporal/connectionWork';
import { connectionScheduleIds } from '../../../worker/installations/temporalWork';
import type { CrmDealDispatch } from '../../../worker/webhooks/crmDealDispatcher';

const connection = (vendor: Connection['vendor'], externalId: string, id: string): Connection => ({
  id,
  installationId: 'inst-1',
  vendor,
  externalId,
  displayName: externalId,
  status: 'active',
  scopes: [],
  settings: {},
  accessExpiresAt: null,
  credentialsVersion: 1,
  lastRefreshAt: null,
  lastRefreshError: null,
  refreshFailures: 0,
  updatedAt: new Date(0),
});
const zoho = connection('zoho', '900000001', 'c-zoho');
const xero = connection('xero', 'tenant-1', 'c-xero');

/**
 * The Closed Won safety net serves a Zoho connection as it is: the same Schedule per CRM account
 * (`crm-won-poll:zoho:<org>`) and parity pair, and the same poll over the CRM port's won deals.
 */
describe('the Closed Won poll for a Zoho connection', () => {
  it('has the connection’s Schedules (the poll, the channel renewal, parity), found again by the lifecycle', () => {
    expect(connectionSchedules(zoho, [zoho, xero])).toEqual([
      {
        kind: 'crm-won-poll',
        id: 'crm-won-poll:zoho:900000001',
        ref: { crm: 'zoho', crmAccount: '900000001' },
      },
      // Zoho's notification channel, renewed before it lapses.
      { kind: 'zoho-watch', id: 'zoho-watch:c-zoho', connectionId: 'c-zoho' },
      {
        kind: 'parity',
        id: 'parity:tenant-1:c-zoho',
        pair: { xeroTenantId: 'tenant-1', crmConnectionId: 'c-zoho' },
      },
    ]);
    // Paused, resumed and deleted with the installation, the channel's renewal too.
    expect(connectionScheduleIds(zoho, [zoho, xero])).toEqual(
      expect.arrayContaining(['crm-won-poll:zoho:900000001', 'zoho-watch:c-zoho']),
    );
  });

  it('sets its cursor on the first look, then hands won deals since to their workflows as zoho', async () => {
    const cursors = new Map<string, Date>();
    const handed: Parameters<CrmDealDispatch>[0] = [];
    const asked: Date[] = [];
    const target = {
      deals: {
        wonDealsSince: (since: Date) => {
          asked.push(since);
          return Promise.resolve([{ dealId: '5000000100001', modifiedAt: new Date(since.getTime() + 1000) }]);
        },
      },
    } as unknown as CrmTarget;
    const deps = {
      connections: { find: (vendor: string) => Promise.resolve(vendor === 'zoho' ? zoho : undefined) },
      crmTargets: { forConnection: (id: string) => Promise.resolve(id === zoho.id ? target : undefined) },
      cursors: {
        get: (source: string, account: string, kind: string) =>
          Promise.resolve(cursors.get(`${source}:${account}:${kind}`)),
        advance: (source: string, account: string, kind: string, at: Date) => {
          cursors.set(`${source}:${account}:${kind}`, at);
          return Promise.resolve();
        },
      },
      dispatchDealChanges: (changes: Parameters<CrmDealDispatch>[0]) => {
        handed.push(...changes);
        return Promise.resolve([]);
      },
    } as unknown as CrmWonPollDeps;
    const { pollWonDeals } = createCrmWonPollActivities(deps);
    const env = new MockActivityEnvironment();
    const ref = { crm: 'zoho' as const, crmAccount: '900000001' };

    expect(await env.run(pollWonDeals, ref)).toEqual({ dispatched: 0 });
    const first = cursors.get('zoho:900000001:won_deals');
    expect(first).toBeInstanceOf(Date);
    expect(await env.run(pollWonDeals, ref)).toEqual({ dispatched: 1 });
    expect(asked).toEqual([first]);
    expect(handed).toEqual([
      { crm: 'zoho', crmAccount: '900000001', dealId: '5000000100001', source: 'poll' },
    ]);
    expect(cursors.get('zoho:900000001:won_deals')?.getTime()).toBe((first?.getTime() ?? 0) + 1000);
  });
});
