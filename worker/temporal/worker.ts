import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';
import { vendorFailureInterceptors } from './vendorFailures';
import { bundleWorkflowsApart } from './workflowBundle';

export const WORKFLOWS_PATH = path.resolve(__dirname, '../../workflows/index.ts');

/**
 * Workflow runs kept in memory between activations. Temporal's own default follows the V8 heap limit
 * (about 2,300 runs at Node's 4 GB, about 180 with --max-old-space-size=512), so a heap flag would
 * also shrink the cache; this one does not move with it. A cached record-sync run, idle for two
 * minutes after its sync, measured a few kB in the workflow thread (bench/workerMemoryProbe.ts), so
 * 1,000 covers two idle minutes at about 8 records a second; a run evicted before its next
 * activation replays its short history then, which costs CPU.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 1_000;

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities;
  /** A pre-built bundle (tests build it once); otherwise the worker bundles workflows/ itself. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * Ledgerbridge's (ledgerbridgeDataConverter): payloads encrypted. Left out only by benchmarks,
   * whose clients leave it out too.
   */
  dataConverter?: DataConverter;
  /**
   * OpenTelemetry interceptors and span sink (worker/telemetry/tracing.ts), when tracing is on. A
   * pre-built bundle must have been built with TRACING_WORKFLOW_MODULES for workflow spans.
   */
  tracing?: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** Workflow runs kept in memory between activations (DEFAULT_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
}

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const workflowBundle =
    options.workflowBundle ??
    (await bundleWorkflowsApart({
      workflowsPath: WORKFLOWS_PATH,
      ...(options.tracing?.interceptors?.workflowModules
        ? { workflowInterceptorModules: options.tracing.interceptors.workflowModules }
        : {}),
    }));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    workflowBundle,
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    // Long enough to finish in-flight activities on Ctrl-C, short enough not to hang the terminal.
    shutdownGraceTime: '10 seconds',
    ...(options.tracing?.sinks ? { sinks: options.tracing.sinks } : {}),
    interceptors: {
      // The workflow modules are in the bundle (built with them above, or by the caller).
      ...withoutWorkflowModules(options.tracing?.interceptors),
      // Innermost (last), so a tracing span records the classified failure.
      activity: [...(options.tracing?.interceptors?.activity ?? []), vendorFailureInterceptors],
    },
  });
}

function withoutWorkflowModules(
  interceptors: WorkerOptions['interceptors'],
): Omit<NonNullable<WorkerOptions['interceptors']>, 'workflowModules'> {
  if (!interceptors) return {};
  const { workflowModules: _bundled, ...rest } = interceptors;
  return rest;
}
