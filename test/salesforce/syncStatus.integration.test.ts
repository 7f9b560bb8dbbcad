import { crmWonPollWorkflow } from '../../workflows/crm/crmWonPoll';
import { AuditLog } from '../../worker/audit/auditLog';
import { FLOW_STATUS_KEY } from '../../worker/connectors/salesforce/salesforceSyncStatus';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';

interface StatusRow {
  Status_Ref__c: string;
  Connection__c: string;
  Status__c: string;
  Last_Success_At__c: string | null;
  Last_Failure_At__c: string | null;
  Last_Error__c: string | null;
  Failures_24h__c: number;
}

/**
 * The Ledgerbridge app page's health component reads Ledgerbridge_Sync_Status__c: the Salesforce
 * won-deal poll writes one record per connection from the audit trail and the connections' state
 * (status, last success, failures in 24 hours, last error with any credential scrubbed).
 */
describe('sync health reported into Salesforce', () => {
  let env: ThreeSandboxes;
  let orgId: string;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 3131, contacts: 2, invoices: 2 });
    orgId = env.salesforce.store.orgId;
  });
  afterAll(() => env.close());

  let polls = 0;
  const poll = () =>
    env.temporal.client.workflow.execute(crmWonPollWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `sync-status-test:${orgId}:${++polls}:${Date.now()}`,
      args: [{ crm: 'salesforce' as const, crmAccount: orgId }],
    });
  const statuses = async () =>
    new Map(
      (
        await env
          .sf()
          .query<StatusRow>(
            'SELECT Status_Ref__c, Connection__c, Status__c, Last_Success_At__c, Last_Failure_At__c, Last_Error__c, Failures_24h__c FROM Ledgerbridge_Sync_Status__c',
          )
      ).records.map((r) => [r.Status_Ref__c, r]),
    );

  it('writes one status per connection, with its failures and last error, and updates them in place', async () => {
    const sf = await env.connections.find('salesforce', orgId);
    const hs = (await env.connections.list()).find((c) => c.vendor === 'hubspot');
    const audit = new AuditLog(env.store.db);
    await audit.record({
      action: 'upsert_deal',
      outcome: 'succeeded',
      actor: 'worker',
      subject: { xeroTenantId: env.tenantId, crmConnectionId: sf!.id },
    });
    await audit.record({
      action: 'upsert_deal',
      outcome: 'failed',
      actor: 'worker',
      subject: { xeroTenantId: env.tenantId, crmConnectionId: hs!.id },
      detail: { error: 'HubSpot answered 500 to a request with Authorization: Bearer pat-na1-secret' },
    });
    await poll();

    let rows = await statuses();
    expect([...rows.keys()].sort()).toEqual(
      [`hubspot:${hs!.externalId}`, `salesforce:${orgId}`, `xero:${env.tenantId}`, FLOW_STATUS_KEY].sort(),
    );
    expect(rows.get(FLOW_STATUS_KEY)).toMatchObject({ Status__c: 'active', Last_Error__c: null });
    expect(rows.get(`salesforce:${orgId}`)).toMatchObject({
      Connection__c: 'salesforce:SF org',
      Status__c: 'active',
      Failures_24h__c: 0,
      Last_Error__c: null,
    });
    expect(rows.get(`salesforce:${orgId}`)?.Last_Success_At__c).toEqual(expect.any(String));
    expect(rows.get(`hubspot:${hs!.externalId}`)).toMatchObject({
      Failures_24h__c: 1,
      Last_Error__c: 'HubSpot answered 500 to a request with Authorization: Bearer [redacted]',
    });
    // The Xero organisation counts every write made from it.
    expect(rows.get(`xero:${env.tenantId}`)?.Failures_24h__c).toBe(1);

    await env.connections.setStatus(hs!.id, 'needs_reauth', 'test');
    await poll();
    rows = await statuses();
    expect(rows.size).toBe(4);
    expect(rows.get(`hubspot:${hs!.externalId}`)?.Status__c).toBe('needs_reauth');
  });

  it('says so when the Closed Won flow is inactive (as deployed to a production-type org)', async () => {
    env.salesforce.setClosedWonFlowActive(false);
    try {
      await poll();
      expect((await statuses()).get(FLOW_STATUS_KEY)).toMatchObject({
        Status__c: 'flow inactive',
        Last_Error__c: expect.stringContaining('Flow inactive — only the poll finds won deals') as unknown,
      });
    } finally {
      env.salesforce.setClosedWonFlowActive(true);
    }
    await poll();
    expect((await statuses()).get(FLOW_STATUS_KEY)?.Status__c).toBe('active');
  });
});
