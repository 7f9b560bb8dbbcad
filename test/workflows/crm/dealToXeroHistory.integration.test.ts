import { randomUUID } from 'node:crypto';
import { dealToXeroWorkflow } from '../../../workflows';
import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import {
  crmDealChangedSignal,
  dealToXeroStateQuery,
  type DealToXeroState,
} from '../../../workflows/crm/dealToXero';
import { retrySignal } from '../../../workflows/humanWait';
import type { ActivityDeps } from '../../../worker/activities';
import { VendorError } from '../../../worker/connectors/errors';
import type { Store } from '../../../worker/store/store';
import type { CrmDealSource } from '../../../worker/sync/crmDeals';
import type { CrmTarget } from '../../../worker/sync/crmTarget';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../../support/temporal';
import { runChain } from '../runChain';

/**
 * The CRM-to-Xero workflow waits for a person with the same helper as the Xero record workflow,
 * and continues as new the same way: a deal waiting while its change notices keep arriving hands
 * over under its history bound, and the run after answers the retry.
 */
describe('the deal workflow keeps its history bounded while it waits for a person', () => {
  const MAX_EVENTS = 40;
  const RUN_BOUND = MAX_EVENTS + 25;
  let store: Store;
  let temporal: TestTemporal;
  let deps: ActivityDeps;
  const crm = { failure: null as Error | null };
  beforeAll(async () => {
    store = await createTestStore('pglite');
    const base = testActivityDeps(store);
    const deals: Partial<CrmDealSource> = {
      // The deal is gone once the CRM answers: the run then ends 'deal_missing' and no Xero is needed.
      readDeal: () => (crm.failure ? Promise.reject(crm.failure) : Promise.resolve(undefined)),
    };
    deps = {
      ...base,
      crmTargets: {
        forXeroTenant: () => Promise.resolve([]),
        forConnection: async (connectionId) => {
          const connection = await base.connections.find('hubspot', '606061');
          return connection?.id === connectionId
            ? ({ vendor: 'hubspot', connectionId, deals } as Partial<CrmTarget> as CrmTarget)
            : undefined;
        },
      },
    };
    await deps.connections.save({
      vendor: 'hubspot',
      externalId: '606061',
      displayName: 'HubSpot portal',
      scopes: ['crm.objects.deals.read'],
      tokens: { accessToken: 'pat-test' },
    });
    temporal = await createTestTemporal(deps);
  });
  afterAll(async () => {
    await temporal.close();
    await store.close();
  });

  it('carries the wait over runs without losing a notice, and answers a retry in the last', async () => {
    crm.failure = new VendorError('validation', 'hubspot', 'property amount is not a number');
    const dealId = randomUUID();
    await temporal.withWorker(async () => {
      const handle = await temporal.client.workflow.start(dealToXeroWorkflow, {
        taskQueue: temporal.taskQueue,
        workflowId: crmDealWorkflowId('hubspot', '606061', dealId),
        args: [
          { crm: 'hubspot', crmAccount: '606061', dealId, maxHistoryEvents: MAX_EVENTS, idleMs: 60_000 },
        ],
      });
      const until = async (done: (s: DealToXeroState) => boolean) => {
        // Generous: a loaded CI machine runs the hand-overs many times slower than a quiet one.
        for (let i = 0; i < 1_200; i++) {
          const state = await handle.query(dealToXeroStateQuery).catch(() => undefined);
          if (state && done(state)) return state;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(
          `the deal workflow never got there: ${JSON.stringify(await handle.query(dealToXeroStateQuery).catch(String))}`,
        );
      };
      const waiting = await until((s) => s.waitingSince !== null);
      for (let i = 0; i < 40; i++) {
        await handle.signal(crmDealChangedSignal, { source: 'test' });
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const still = await until((s) => s.changesSeen === 40);
      expect(still).toMatchObject({
        waitingSince: waiting.waitingSince,
        step: 'reading the deal from the CRM',
        lastError: 'hubspot: property amount is not a number',
      });
      const runs = await runChain(temporal.client, handle.workflowId, handle.firstExecutionRunId);
      expect(runs.length).toBeGreaterThanOrEqual(2);
      for (const run of runs) expect(run.events).toBeLessThanOrEqual(RUN_BOUND);

      crm.failure = null;
      await handle.signal(retrySignal, { by: 'ops:dan' });
      const done = await until((s) => s.waitingSince === null && s.runs === 1);
      expect(done).toMatchObject({ lastOutcome: 'deal_missing', lastError: null });
      await handle.terminate('test done');
    });
  });
});
