import { ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Connection } from '../connections/connectionStore';
import { connectionSchedules } from '../temporal/connectionWork';
import { listExecutions } from '../temporal/listExecutions';
import {
  connectionRefreshWorkflowId,
  crmWonPollScheduleId,
  PARITY_ID_PREFIX,
  xeroBackfillWorkflowId,
  xeroPollScheduleId,
} from '../temporal/workIds';

/**
 * The Temporal side of an installation's lifecycle: which Schedules and running workflows belong to
 * a connection, and pausing, deleting and stopping them. IDs and Schedules come from the module
 * that starts them (worker/temporal/connectionWork.ts, workIds.ts).
 */
export function connectionScheduleIds(
  connection: Connection,
  installationConnections: Connection[],
): string[] {
  return connectionSchedules(connection, installationConnections).map((s) => s.id);
}

/** Deletes the Schedules; returns those that existed. */
export async function deleteSchedules(client: Client, ids: string[]): Promise<string[]> {
  const deleted: string[] = [];
  for (const id of ids) {
    try {
      await client.schedule.getHandle(id).delete();
      deleted.push(id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return deleted;
}

/** Pauses or unpauses the Schedules (with a note the Temporal UI shows); returns those that exist. */
export async function setSchedulesPaused(
  client: Client,
  ids: string[],
  paused: boolean,
  note: string,
): Promise<string[]> {
  const done: string[] = [];
  for (const id of ids) {
    try {
      const handle = client.schedule.getHandle(id);
      await (paused ? handle.pause(note) : handle.unpause(note));
      done.push(id);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return done;
}

/** A visibility query's string literal; the IDs put in them are GUIDs, org and portal IDs. */
function literal(value: string): string {
  if (!/^[\w:.@-]+$/.test(value)) throw new Error(`not a value to put in a visibility query: ${value}`);
  return `"${value}"`;
}

/**
 * Which running workflows a connection has: record and deal workflows name its account in the
 * SyncAccount search attribute from their start; its refresh workflow is found by its ID; its
 * polls, initial load and parity runs by type and ID prefix (a scheduled run's ID is the
 * Schedule's plus a time, and a run may not have tagged itself yet).
 */
export function connectionWorkflows(connection: Connection): WorkflowSelector {
  const account = connection.externalId;
  const prefixes =
    connection.vendor === 'xero'
      ? [xeroPollScheduleId(account), xeroBackfillWorkflowId(account), `${PARITY_ID_PREFIX}${account}:`]
      : [crmWonPollScheduleId({ crm: connection.vendor, crmAccount: account })];
  const ownRun = (id: string) =>
    prefixes.some((p) => id.startsWith(p)) ||
    (id.startsWith(PARITY_ID_PREFIX) && id.includes(`:${connection.id}`));
  return [
    { query: `SyncAccount = ${literal(account)}` },
    { query: `WorkflowId = ${literal(connectionRefreshWorkflowId(connection.id))}` },
    ...SINGLETON_TYPES.map((type) => ({ query: `WorkflowType = ${literal(type)}`, keep: ownRun })),
  ];
}

/**
 * Every running workflow tagged with the installation (`Installation = "<slug>"`), and the payments
 * workflows named by its ID (`stripe:<id>:…`, `collection:<id>:…`, `receivables:<id>…`, `order:<id>:…`), which a
 * late event or a Schedule may have started untagged.
 */
export function installationWorkflows(slug: string, installationId?: string): WorkflowSelector {
  const tagged = [{ query: `Installation = ${literal(slug)}` }];
  if (!installationId) return tagged;
  const prefixes = [
    `stripe:${installationId}:`,
    `collection:${installationId}:`,
    `receivables:${installationId}`,
    `delivery:${installationId}:`,
    `order:${installationId}:`,
    `order-rejected:${installationId}:`,
    `orders-month-end:${installationId}`,
  ];
  const own = (id: string) => prefixes.some((p) => id.startsWith(p));
  return [
    ...tagged,
    ...PAYMENT_TYPES.map((type) => ({ query: `WorkflowType = ${literal(type)}`, keep: own })),
  ];
}

const PAYMENT_TYPES = [
  'stripeObjectWorkflow',
  'collectionWorkflow',
  'receivablesNightlyWorkflow',
  'invoiceDeliveryWorkflow',
  'orderIntakeWorkflow',
  'orderRejectionWorkflow',
  'monthEndBillingWorkflow',
];

const SINGLETON_TYPES = [
  'xeroPollWorkflow',
  'crmWonPollWorkflow',
  'xeroBackfillWorkflow',
  'parityCheckWorkflow',
];

/**
 * Visibility queries (each ANDed with ExecutionStatus = "Running"), with a filter on the IDs where
 * the query lists more than the connection's own.
 */
export type WorkflowSelector = Array<{ query: string; keep?: (workflowId: string) => boolean }>;

async function runningWorkflows(client: Client, selector: WorkflowSelector): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const { query, keep } of selector)
    // Listed undecoded: another deployment's workflow on a shared namespace, sealed with a key this
    // one does not hold, must not stop the uninstall.
    for await (const info of listExecutions(client, `ExecutionStatus = "Running" AND ${query}`))
      if (!keep || keep(info.workflowId)) found.set(info.workflowId, info.runId);
  return found;
}

export interface StopOptions {
  /** How long a cancelled workflow gets to finish before it is terminated. */
  graceMs: number;
  reason: string;
  /** How often to look whether the cancelled ones have finished. */
  pollMs?: number;
}

/**
 * Cancels every running workflow the selector finds, terminates those still running after the
 * grace period, and looks again (a workflow started meanwhile, or not yet visible to the list,
 * is found on the next round) until a round finds none.
 */
export async function stopWorkflows(
  client: Client,
  selector: WorkflowSelector,
  options: StopOptions,
): Promise<{ cancelled: string[]; terminated: string[] }> {
  const cancelled = new Set<string>();
  const terminated = new Set<string>();
  for (let round = 0; round < 5; round++) {
    const running = await runningWorkflows(client, selector);
    const stillOpen = new Map<string, string>();
    for (const [workflowId, runId] of running) {
      if (await ignoreGone(client.workflow.getHandle(workflowId, runId).cancel())) {
        cancelled.add(workflowId);
        stillOpen.set(workflowId, runId);
      }
    }
    const deadline = Date.now() + options.graceMs;
    while (stillOpen.size > 0 && Date.now() < deadline) {
      for (const [workflowId, runId] of stillOpen) {
        const status = await client.workflow
          .getHandle(workflowId, runId)
          .describe()
          .then((d) => d.status.name)
          .catch(() => 'GONE');
        if (status !== 'RUNNING') stillOpen.delete(workflowId);
      }
      if (stillOpen.size > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
    }
    for (const [workflowId, runId] of stillOpen)
      if (await ignoreGone(client.workflow.getHandle(workflowId, runId).terminate(options.reason)))
        terminated.add(workflowId);
    if (running.size === 0) break;
  }
  return { cancelled: [...cancelled], terminated: [...terminated] };
}

/** True when the call went through; false when the workflow had already closed. */
async function ignoreGone(call: Promise<unknown>): Promise<boolean> {
  try {
    await call;
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
