import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { connectionRefreshWorkflow, xeroBackfillWorkflow } from '../../workflows';
import { reconnectedSignal } from '../../workflows/connections/connectionRefresh';
import type { Config } from '../config';
import type { Connection } from '../connections/connectionStore';
import { ensureParitySchedule } from '../parity/paritySchedule';
import { ensureCrmWonPollSchedule } from '../sync/crmWonPollSchedule';
import { ensureXeroPollSchedule } from '../sync/xeroPollSchedule';
import { ensureZohoWatchSchedule, zohoWatchScheduleId } from '../sync/zohoWatchSchedule';
import { installationPriority } from './fairness';
import {
  connectionRefreshWorkflowId,
  crmWonPollScheduleId,
  parityScheduleId,
  xeroBackfillWorkflowId,
  xeroPollScheduleId,
  type CrmAccountRef,
  type ParityPair,
} from './workIds';

/** One Schedule a connection has, with its ID and what its starter needs. */
export type ConnectionSchedule =
  | { kind: 'xero-poll'; id: string; tenantId: string }
  | { kind: 'crm-won-poll'; id: string; ref: CrmAccountRef }
  | { kind: 'parity'; id: string; pair: ParityPair }
  | { kind: 'zoho-watch'; id: string; connectionId: string };

/**
 * The Schedules of a connection: a Xero organisation's pull, a CRM account's Closed Won poll, and
 * one parity check per pair it makes with `partners` (the caller picks them: the installation's
 * connections, the active ones when starting). Both startConnectionWork and the lifecycle use it.
 */
export function connectionSchedules(connection: Connection, partners: Connection[]): ConnectionSchedule[] {
  const others = partners.filter((c) => c.id !== connection.id);
  if (connection.vendor === 'xero') {
    const tenantId = connection.externalId;
    return [
      { kind: 'xero-poll', id: xeroPollScheduleId(tenantId), tenantId },
      ...others
        .filter((c) => c.vendor !== 'xero')
        .map((crm) => parity({ xeroTenantId: tenantId, crmConnectionId: crm.id })),
    ];
  }
  const ref = { crm: connection.vendor, crmAccount: connection.externalId };
  return [
    { kind: 'crm-won-poll', id: crmWonPollScheduleId(ref), ref },
    // Zoho tells of changes through a notification channel that lapses unless renewed.
    ...(connection.vendor === 'zoho'
      ? [{ kind: 'zoho-watch' as const, id: zohoWatchScheduleId(connection.id), connectionId: connection.id }]
      : []),
    ...others
      .filter((c) => c.vendor === 'xero')
      .map((xero) => parity({ xeroTenantId: xero.externalId, crmConnectionId: connection.id })),
  ];
}

function parity(pair: ParityPair): ConnectionSchedule {
  return { kind: 'parity', id: parityScheduleId(pair), pair };
}

/** Starts a connection's refresh workflow, or wakes it if it is parked waiting for a reconnect. */
export async function ensureRefreshWorkflow(
  client: Client,
  taskQueue: string,
  connection: Connection,
  installation?: string,
): Promise<void> {
  await client.workflow.signalWithStart(connectionRefreshWorkflow, {
    taskQueue,
    workflowId: connectionRefreshWorkflowId(connection.id),
    ...installationPriority(installation),
    args: [{ connectionId: connection.id }],
    signal: reconnectedSignal,
    signalArgs: [],
  });
}

/**
 * The durable work every connection has: its token refresh workflow and its Schedules (see
 * connectionSchedules). Idempotent: run on connect and for every connection at start-up.
 */
export async function startConnectionWork(
  client: Client,
  config: Config,
  connection: Connection,
  /** The connections this one may pair with for parity schedules (those of its installation count). */
  all: Connection[] = [],
  /** The installation's slug: the fairness key of everything started here. */
  installation?: string,
): Promise<void> {
  const taskQueue = config.temporal.taskQueue;
  await ensureRefreshWorkflow(client, taskQueue, connection, installation);
  // Pairs are made inside the installation only, with its active connections.
  const partners = all.filter((c) => c.installationId === connection.installationId && c.status === 'active');
  for (const schedule of connectionSchedules(connection, partners)) {
    if (schedule.kind === 'xero-poll')
      await ensureXeroPollSchedule(
        client,
        taskQueue,
        schedule.tenantId,
        config.vendors.xero.pollEveryMs,
        installation,
      );
    else if (schedule.kind === 'crm-won-poll')
      await ensureCrmWonPollSchedule(
        client,
        taskQueue,
        schedule.ref,
        config.vendors.crmPollEveryMs,
        installation,
      );
    else if (schedule.kind === 'zoho-watch')
      await ensureZohoWatchSchedule(client, taskQueue, schedule.connectionId, {
        ...(installation ? { installation } : {}),
      });
    else
      await ensureParitySchedule(
        client,
        taskQueue,
        schedule.pair,
        config.vendors.paritySchedule,
        installation,
      );
  }
}

/** Starts `xero-backfill:<tenant>` unless one is running already. */
export async function startBackfill(
  client: Client,
  taskQueue: string,
  tenantId: string,
  /** The installation's slug: its fairness key (a backfill's many activities queue behind no one else's). */
  installation?: string,
): Promise<void> {
  try {
    await client.workflow.start(xeroBackfillWorkflow, {
      taskQueue,
      workflowId: xeroBackfillWorkflowId(tenantId),
      ...installationPriority(installation),
      args: [{ tenantId }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
