import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks, WorkerOptions } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { Logger } from '../logger';
import type { TracingConfig } from './tracingConfig';

/**
 * The workflow interceptor module: bundled into the workflow code (the worker adds it when it
 * bundles workflows/ itself; a pre-built bundle needs it in `workflowInterceptorModules`). It runs
 * inside the workflow sandbox and hands finished spans to the worker through the `exporter` sink.
 */
export const TRACING_WORKFLOW_MODULES = [
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors'),
];

/** What tracing adds to the Temporal client and worker, and how to flush it at the end. */
export interface Tracing {
  clientInterceptors: ClientInterceptors;
  workerOptions: Required<Pick<WorkerOptions, 'interceptors' | 'sinks'>>;
  /** Exports what is buffered and stops; the process's OpenTelemetry globals are reset. */
  shutdown(): Promise<void>;
}

/**
 * Temporal's OpenTelemetry interceptors over one tracer provider: spans for starting and running
 * workflows and activities (StartWorkflow:…, RunWorkflow:…, StartActivity:…, RunActivity:…), linked
 * into one trace through a header, batched to the collector over OTLP/HTTP. The provider is
 * registered globally (W3C propagation, async-hooks context), so call this once per process.
 */
export function startTracing(
  config: TracingConfig,
  options: {
    /** Where the OpenTelemetry SDK's own warnings go (a collector that refuses exports, …). */
    logger?: Logger;
    /** The collector by default; tests may pass their own. */
    spanProcessor?: SpanProcessor;
  } = {},
): Tracing {
  const spanProcessor =
    options.spanProcessor ??
    new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.endpoint}/v1/traces` }));
  if (options.logger) {
    const log = options.logger.child({ component: 'opentelemetry' });
    const warn = (message: string, ...args: unknown[]) => log.warn({ details: args.map(String) }, message);
    const ignore = () => undefined;
    diag.setLogger({ error: warn, warn, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.WARN);
  }
  const resource = Resource.default().merge(new Resource({ [ATTR_SERVICE_NAME]: config.serviceName }));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const tracer = provider.getTracer('ledgerbridge');
  return {
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] },
    workerOptions: {
      interceptors: {
        workflowModules: TRACING_WORKFLOW_MODULES,
        activity: [
          (ctx) => ({
            inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }),
            outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      sinks: workflowSpanSink(spanProcessor, resource),
    },
    shutdown: async () => {
      try {
        await provider.shutdown(); // rejects when the last export fails
      } finally {
        trace.disable();
        propagation.disable();
        context.disable();
        diag.disable();
      }
    },
  };
}

/**
 * The sink the workflow interceptors export through. The SDK's own copies the whole WorkflowInfo
 * onto each span's attributes, memo (our `story`), search attributes and last result included:
 * decoded payloads in clear at the collector. Ours passes the workflow's identity only.
 */
function workflowSpanSink(
  spanProcessor: SpanProcessor,
  resource: Resource,
): InjectedSinks<OpenTelemetrySinks> {
  const sdkSink = makeWorkflowExporter(spanProcessor, resource);
  return {
    exporter: {
      export: {
        ...sdkSink.export,
        fn: (info, spans) => {
          const identity = {
            // The attribute names the client and activity interceptors use for the same IDs.
            temporalWorkflowId: info.workflowId,
            run_id: info.runId,
            workflowType: info.workflowType,
            namespace: info.namespace,
            taskQueue: info.taskQueue,
            attempt: info.attempt,
          };
          return sdkSink.export.fn(identity as unknown as WorkflowInfo, spans);
        },
      },
    },
  };
}
