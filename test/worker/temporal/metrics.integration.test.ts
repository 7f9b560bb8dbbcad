import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { Alerter } from '../../../worker/alerts/alerter';
import { registerMetricsRoute } from '../../../worker/ingress/metricsRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import {
  metricsRegistry,
  startWorkflowCounting,
  type WorkflowCounting,
} from '../../../worker/temporal/metrics';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';
import { Client, Connection } from '@temporalio/client';
import { testEnv } from '../../support/testEnv';

/**
 * GET /metrics: Ledgerbridge's counters and gauges (alerts by kind, workflows waiting for a person,
 * counted in Temporal in the background) followed by the Temporal SDK runtime's own exposition.
 */
describe('/metrics', () => {
  let store: Store;
  let connection: Connection;
  let ingress: Ingress;
  let sdkServer: http.Server;
  let sdkUp = true;
  let counting: WorkflowCounting;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    counting = startWorkflowCounting(new Client({ connection }), {
      everyMs: 60_000,
      logger: pino({ level: 'silent' }),
    });
    await counting.refreshed();
    sdkServer = http.createServer((_req, res) => {
      if (!sdkUp) return res.destroy();
      res.end(
        '# TYPE temporal_worker_task_slots_available gauge\ntemporal_worker_task_slots_available 100\n',
      );
    });
    await new Promise<void>((resolve) => sdkServer.listen(0, '127.0.0.1', resolve));
    const { port } = sdkServer.address() as AddressInfo;
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      health: {
        temporal: { address: 'unused', namespace: 'default', probe: () => Promise.resolve() },
        store,
      },
      routes: [
        (router) =>
          registerMetricsRoute(router, {
            registry: metricsRegistry,
            temporalMetricsUrl: `http://127.0.0.1:${port}/metrics`,
            logger: pino({ level: 'silent' }),
          }),
      ],
    });
  });
  afterAll(async () => {
    counting.stop();
    await ingress.close();
    await new Promise((resolve) => sdkServer.close(resolve));
    await connection.close();
    await store.close();
  });

  it('serves our metrics and the Temporal runtime metrics in one exposition', async () => {
    await new Alerter({ logger: pino({ level: 'silent' }), webhookUrl: undefined }).send({
      kind: 'sync_waiting_for_human',
      text: 'test alert',
    });
    const res = await fetch(`${ingress.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await res.text();
    expect(body).toMatch(/ledgerbridge_alerts_total\{kind="sync_waiting_for_human"\} [1-9]/);
    expect(body).toMatch(/ledgerbridge_open_workflows\{outcome="waiting_for_human"\} \d+/);
    expect(body).toContain('ledgerbridge_process_cpu_user_seconds_total');
    expect(body).toContain('temporal_worker_task_slots_available 100');
  });

  it('still serves its own metrics when the runtime exporter does not answer', async () => {
    sdkUp = false;
    const body = await (await fetch(`${ingress.url}/metrics`)).text();
    expect(body).toContain('ledgerbridge_alerts_total');
    expect(body).not.toContain('temporal_worker_task_slots_available');
  });
});
