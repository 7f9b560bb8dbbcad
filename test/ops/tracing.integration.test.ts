import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { context, propagation, trace } from '@opentelemetry/api';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import pino from 'pino';
import { startApp, type App } from '../../worker/app';
import { loadConfig } from '../../worker/config';
import { systemCheckWorkflow } from '../../workflows';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlpReceiver';
import { freePort } from '../support/ports';
import { createTestDatabase } from '../support/stores';
import { installQuietRuntime } from '../support/temporal';
import { testEnv } from '../support/testEnv';

/**
 * Optional OpenTelemetry tracing, end to end: the app as `npm start` runs it against the run's
 * Temporal dev server, with OTEL_EXPORTER_OTLP_ENDPOINT pointing at a stand-in collector. A workflow
 * started through the app's client runs with its activities and arrives as one trace; without the
 * variable, nothing is traced and no trace header travels with the workflow.
 */
const TRACE_HEADER = '_tracer-data';

describe('tracing', () => {
  let dataDir: string;
  let app: App | undefined;
  let receiver: OtlpReceiver;

  beforeAll(async () => {
    installQuietRuntime();
    dataDir = await mkdtemp(path.join(tmpdir(), 'lb-tracing-'));
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(async () => {
    await receiver.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(otel: Record<string, string>): Promise<App> {
    const config = loadConfig({
      LEDGERBRIDGE_DATA_DIR: dataDir,
      DATABASE_URL: await createTestDatabase(),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `test:${randomBytes(32).toString('base64')}`,
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_TASK_QUEUE: `tracing-${randomUUID()}`,
      INGRESS_PORT: String(await freePort()),
      SANDBOX_XERO_PORT: String(await freePort()),
      SANDBOX_STRIPE_PORT: String(await freePort()),
      SANDBOX_ZOHO_PORT: String(await freePort()),
      SANDBOX_SALESFORCE_PORT: String(await freePort()),
      SANDBOX_HUBSPOT_PORT: String(await freePort()),
      ...otel,
    });
    expect(config.tracing === undefined).toBe(!otel.OTEL_EXPORTER_OTLP_ENDPOINT);
    app = await startApp(config, pino({ level: 'silent' }));
    return app;
  }

  /** A system check started through the app's client, its memo and input holding `marker`. */
  async function runSystemCheck(
    running: App,
    marker: string,
  ): Promise<WorkflowHandleWithFirstExecutionRunId> {
    const handle = await running.temporal.client.workflow.start(systemCheckWorkflow, {
      taskQueue: running.worker.options.taskQueue,
      workflowId: `tracing-check-${randomUUID()}`,
      args: [{ reason: marker }],
      memo: { story: marker },
    });
    await expect(handle.result()).resolves.toMatchObject({ storeKind: 'postgres' });
    return handle;
  }

  /** Whether the trace header came with the workflow's start and with each activity it scheduled. */
  async function traceHeaders(handle: WorkflowHandle): Promise<boolean[]> {
    const { events } = await handle.fetchHistory();
    return (events ?? []).flatMap((event) => {
      const header =
        event.workflowExecutionStartedEventAttributes?.header ??
        event.activityTaskScheduledEventAttributes?.header;
      if (!event.workflowExecutionStartedEventAttributes && !event.activityTaskScheduledEventAttributes)
        return [];
      return [Boolean(header?.fields?.[TRACE_HEADER])];
    });
  }

  it('exports the start, run and activities of a workflow as one trace, without payloads', async () => {
    const running = await start({
      OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.endpoint}/`,
      OTEL_SERVICE_NAME: 'ledgerbridge-tracing-test',
    });
    const marker = `marker-${randomUUID()}`;
    const handle = await runSystemCheck(running, marker);
    expect(await traceHeaders(handle)).toEqual([true, true, true]);
    await running.stop(); // drains the worker, then flushes the span batch to the collector
    app = undefined;

    const ours = receiver.spans.filter((s) => s.attributes.temporalWorkflowId === handle.workflowId);
    const byName = (name: string): ReceivedSpan => {
      const found = ours.filter((s) => s.name === name);
      expect({ name, count: found.length }).toEqual({ name, count: 1 });
      return found[0] as ReceivedSpan;
    };
    expect(ours.map((s) => s.name).sort()).toEqual([
      'RunActivity:describeStore',
      'RunActivity:recordAudit',
      'RunWorkflow:systemCheckWorkflow',
      'StartActivity:describeStore',
      'StartActivity:recordAudit',
      'StartWorkflow:systemCheckWorkflow',
    ]);
    // One trace: the client's start is the root, the run its child, each activity under its scheduling.
    const started = byName('StartWorkflow:systemCheckWorkflow');
    const run = byName('RunWorkflow:systemCheckWorkflow');
    expect(started.parentSpanId).toBeUndefined();
    expect(run.parentSpanId).toBe(started.spanId);
    for (const activity of ['describeStore', 'recordAudit']) {
      const scheduled = byName(`StartActivity:${activity}`);
      expect(scheduled.parentSpanId).toBe(run.spanId);
      expect(byName(`RunActivity:${activity}`).parentSpanId).toBe(scheduled.spanId);
    }
    for (const span of ours) {
      expect(span.traceId).toBe(started.traceId);
      expect(span.resource['service.name']).toBe('ledgerbridge-tracing-test');
    }
    expect(run.attributes).toMatchObject({
      run_id: handle.firstExecutionRunId,
      workflowType: 'systemCheckWorkflow',
    });
    expect(byName('RunActivity:recordAudit').attributes.run_id).toBe(handle.firstExecutionRunId);

    // The boot-time system check, started by startApp itself, is traced too.
    expect(
      receiver.spans.some(
        (s) =>
          s.name === 'StartWorkflow:systemCheckWorkflow' &&
          String(s.attributes.temporalWorkflowId).startsWith('system-check:'),
      ),
    ).toBe(true);
    // Neither the input nor the memo (decoded inside the workflow) reaches the collector.
    expect(receiver.bodies.length).toBeGreaterThan(0);
    expect(receiver.bodies.filter((body) => body.includes(marker)).length).toBe(0);
    expect(receiver.otherPaths).toEqual([]);
  });

  it('traces nothing and sends no trace header when OTEL_EXPORTER_OTLP_ENDPOINT is unset', async () => {
    // Catches any span made through the OpenTelemetry API in this process while tracing is off.
    const caught = new InMemorySpanExporter();
    const catcher = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(caught)] });
    catcher.register();
    const before = receiver.bodies.length;
    try {
      const running = await start({ OTEL_SERVICE_NAME: 'ledgerbridge-tracing-test' });
      const handle = await runSystemCheck(running, `marker-${randomUUID()}`);
      expect(await traceHeaders(handle)).toEqual([false, false, false]);
      await running.stop();
      app = undefined;
      expect(caught.getFinishedSpans().map((s) => s.name)).toEqual([]);
      expect(receiver.bodies.length).toBe(before);
    } finally {
      await catcher.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    }
  });
});
