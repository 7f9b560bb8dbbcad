import { crmDealWorkflowId } from '../../workflows/crm/dealIds';
import { dealToXeroStateQuery, type DealToXeroState } from '../../workflows/crm/dealToXero';
import { retrySignal } from '../../workflows/humanWait';
import { storyQuery } from '../../workflows/story';
import { crmDealDispatcher } from '../../worker/webhooks/crmDealDispatcher';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { addFault, listIds } from './opsHarness';

/**
 * The CRM-to-Xero flow waits for a person too: a deal whose read fails for good shows the problem on
 * the HubSpot deal, says so in its story and SyncOutcome, and carries on when retried.
 */
describe('a stuck deal waits for a human', () => {
  let env: ThreeSandboxes;
  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7304, contacts: 2, invoices: 2 });
  });
  afterAll(() => env.close());

  it('is shown on the deal, alerted, and retried', async () => {
    const hs = env.hs();
    const deal = await hs.crm.deals.basicApi.create({
      properties: { dealname: 'Stuck deal', dealstage: 'contractsent' },
      associations: [],
    });
    const workflowId = crmDealWorkflowId('hubspot', '606060', deal.id);
    // One refused read (400: not worth retrying); the problem report's own read then succeeds.
    await addFault(env.servers.hubspot.url, {
      kind: 'error',
      status: 400,
      method: 'GET',
      pathPrefix: `/crm/v3/objects/deals/${deal.id}`,
      count: 1,
    });
    await crmDealDispatcher(
      env.temporal.client,
      env.temporal.taskQueue,
    )([{ crm: 'hubspot', crmAccount: '606060', dealId: deal.id, source: 'test' }]);
    const handle = env.temporal.client.workflow.getHandle(workflowId);
    const until = async (done: (s: DealToXeroState) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const state = await handle.query(dealToXeroStateQuery).catch(() => undefined);
        if (state && done(state)) return state;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('the deal workflow never got there');
    };
    const stuck = await until((s) => s.waitingSince !== null);
    expect(stuck.step).toBe('reading the deal from the CRM');
    expect(await handle.query(storyQuery)).toMatch(
      /HubSpot deal \d+: Waiting for a person since .*: reading the deal from the CRM failed after its retries/,
    );
    expect(
      await listIds(
        env.temporal.client,
        `SyncOutcome = "waiting_for_human" AND CrmRecordId = "${deal.id}"`,
        1,
      ),
    ).toEqual([workflowId]);
    let problem = '';
    for (let i = 0; i < 100 && !problem; i++) {
      const read = await hs.crm.deals.basicApi.getById(deal.id, ['ledgerbridge_sync_problem']);
      problem = read.properties.ledgerbridge_sync_problem ?? '';
      if (!problem) await new Promise((r) => setTimeout(r, 50));
    }
    expect(problem).toMatch(/waiting for a person: hubspot/);
    expect(env.temporal.alerts.some((a) => a.text.includes(workflowId))).toBe(true);

    await handle.signal(retrySignal, { by: 'ops:carol' });
    const done = await until((s) => s.waitingSince === null && s.runs === 1);
    expect(done.lastOutcome).toBe('not_won');
    expect(
      await listIds(env.temporal.client, `SyncOutcome = "skipped" AND CrmRecordId = "${deal.id}"`, 1),
    ).toEqual([workflowId]);
  });
});
