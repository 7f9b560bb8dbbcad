import { randomUUID } from 'node:crypto';
import type { WorkflowHandle, WorkflowHandleWithSignaledRunId } from '@temporalio/client';
import { xeroRecordSyncWorkflow } from '../../workflows';
import {
  xeroRecordChangedSignal,
  xeroRecordStateQuery,
  type XeroRecordSyncInput,
  type XeroRecordSyncState,
} from '../../workflows/xero/xeroRecordSync';
import { xeroRecordWorkflowId } from '../../workflows/xero/recordIds';
import type { ActivityDeps } from '../../worker/activities';
import type { XeroApi } from '../../worker/connectors/xero/xeroApi';
import type { Store } from '../../worker/store/store';
import { aContact } from '../factories/canonical';
import { createTestStore } from '../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../support/temporal';

/**
 * A Xero record workflow on the real dev server (the worker runs until `close`) with its vendor and
 * settings under the test's hand: Xero answers contacts (or fails with `xero.failure`), no CRM is connected, and the stored
 * settings are whatever `settings.stored` says (or the store fails with `settings.failure`).
 */
export interface RecordHarness {
  store: Store;
  temporal: TestTemporal;
  deps: ActivityDeps;
  xero: { failure: Error | null; contactReads: number };
  settings: { stored: unknown; failure: Error | null; reads: number };
  /** A fresh Xero organisation, connected (or needing re-authorisation). */
  connectTenant(status?: 'active' | 'needs_reauth'): Promise<{ tenantId: string; connectionId: string }>;
  /** A person reconnects the organisation: the connection is active again. */
  reconnect(tenantId: string): Promise<void>;
  /** Starts the contact's workflow with a change, as a webhook would. */
  startContact(
    input: Omit<XeroRecordSyncInput, 'category' | 'resourceId'>,
  ): Promise<WorkflowHandleWithSignaledRunId>;
  close(): Promise<void>;
}

export async function startRecordHarness(): Promise<RecordHarness> {
  const store = await createTestStore('pglite');
  const xero: RecordHarness['xero'] = { failure: null, contactReads: 0 };
  const settings: RecordHarness['settings'] = { stored: {}, failure: null, reads: 0 };
  const fakeXero = {
    getContact: (xeroContactId: string) => {
      xero.contactReads++;
      return xero.failure ? Promise.reject(xero.failure) : Promise.resolve(aContact({ xeroContactId }));
    },
  } as Partial<XeroApi> as XeroApi;
  const deps: ActivityDeps = {
    ...testActivityDeps(store, { xeroApi: () => fakeXero }),
    loadSettings: () => {
      settings.reads++;
      return settings.failure ? Promise.reject(settings.failure) : Promise.resolve(settings.stored);
    },
  };
  const temporal = await createTestTemporal(deps);
  const running = temporal.worker.run();
  const connect = (tenantId: string) =>
    deps.connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Xero org',
      scopes: ['accounting.contacts'],
      tokens: { accessToken: 'access', refreshToken: 'refresh', expiresAt: Date.now() + 1_800_000 },
    });
  return {
    store,
    temporal,
    deps,
    xero,
    settings,
    async connectTenant(status = 'active') {
      const tenantId = randomUUID();
      const connection = await connect(tenantId);
      if (status !== 'active') await deps.connections.setStatus(connection.id, status, 'test: revoked');
      return { tenantId, connectionId: connection.id };
    },
    async reconnect(tenantId) {
      await connect(tenantId);
    },
    startContact(input) {
      const resourceId = randomUUID();
      return temporal.client.workflow.signalWithStart(xeroRecordSyncWorkflow, {
        taskQueue: temporal.taskQueue,
        workflowId: xeroRecordWorkflowId(input.tenantId, 'CONTACT', resourceId),
        args: [{ ...input, category: 'CONTACT', resourceId }],
        signal: xeroRecordChangedSignal,
        signalArgs: [{ eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'manual' }],
      });
    },
    async close() {
      temporal.worker.shutdown();
      await running;
      await temporal.close();
      await store.close();
    },
  };
}

/** Polls the record's state (the handle follows continue-as-new to the current run) until `done` holds. */
export async function untilRecord(
  handle: WorkflowHandle,
  done: (state: XeroRecordSyncState) => boolean,
  timeoutMs = 30_000,
): Promise<XeroRecordSyncState> {
  const deadline = Date.now() + timeoutMs;
  let last: XeroRecordSyncState | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(xeroRecordStateQuery).catch(() => undefined);
    if (last && done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${handle.workflowId} never reached the expected state; last: ${JSON.stringify(last)}`);
}
