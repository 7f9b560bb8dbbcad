import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { dynamicConfigArgs } from '../../../worker/temporal/devServer';
import { ensureXeroPollSchedule } from '../../../worker/sync/xeroPollSchedule';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import { xeroEventDispatcher } from '../../../worker/webhooks/xeroEventDispatcher';
import { testEnv } from '../../support/testEnv';

/**
 * Task-queue fairness per installation: what is started for an account carries its installation's
 * slug as the fairness key (no worker polls this queue: the workflows only need to exist).
 */
describe('fairness keys', () => {
  let connection: Connection;
  let client: Client;
  const taskQueue = `fairness-${randomUUID()}`;
  const installationOf = () => Promise.resolve('acme-uk');

  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    client = new Client({ connection });
  });
  afterAll(async () => {
    await connection.close();
  });

  const fairnessKeyOf = async (workflowId: string) =>
    (await client.workflow.getHandle(workflowId).describe()).priority?.fairnessKey;

  it("a Xero change's record workflow is keyed by the organisation's installation", async () => {
    const change = {
      eventType: 'UPDATE' as const,
      eventDateUtc: new Date(0).toISOString(),
      source: 'webhook' as const,
    };
    const [keyed] = await xeroEventDispatcher(client, taskQueue, { installationOf })([
      { tenantId: randomUUID(), category: 'INVOICE', resourceId: randomUUID(), change },
    ]);
    const [unknown] = await xeroEventDispatcher(client, taskQueue, {
      installationOf: () => Promise.resolve(undefined),
    })([{ tenantId: randomUUID(), category: 'INVOICE', resourceId: randomUUID(), change }]);

    expect(await fairnessKeyOf(keyed as string)).toBe('acme-uk');
    // An account of no installation gets the queue's default key (empty).
    expect(await fairnessKeyOf(unknown as string)).toBeFalsy();
  });

  it("a deal's workflow is keyed by the CRM account's installation", async () => {
    const [workflowId] = await crmDealDispatcher(client, taskQueue, { installationOf })([
      { crm: 'hubspot', crmAccount: '4242', dealId: randomUUID(), source: 'webhook' },
    ]);
    expect(await fairnessKeyOf(workflowId as string)).toBe('acme-uk');
  });

  it("a Schedule's runs are keyed by the installation", async () => {
    const tenantId = randomUUID();
    await ensureXeroPollSchedule(client, taskQueue, tenantId, 3_600_000, 'acme-uk');
    const schedule = client.schedule.getHandle(`xero-poll:${tenantId}`);
    try {
      const { action } = await schedule.describe();
      expect(action.type === 'startWorkflow' && action.priority?.fairnessKey).toBe('acme-uk');
    } finally {
      await schedule.delete();
    }
  });

  it('the dev server is started with fairness on, and can be started without it', () => {
    expect(dynamicConfigArgs()).toEqual([
      '--dynamic-config-value',
      'matching.useNewMatcher=true',
      '--dynamic-config-value',
      'matching.enableFairness=true',
    ]);
    expect(dynamicConfigArgs({ 'matching.enableFairness': false })).toContain(
      'matching.enableFairness=false',
    );
  });
});
