import pino from 'pino';
import {
  metricsRegistry,
  startWorkflowCounting,
  type WorkflowCounter,
  type WorkflowCounting,
} from '../../../worker/temporal/metrics';
import { startAppIngress, type AppIngress } from './appIngress';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';

describe('/metrics is served on the operations listener', () => {
  let app: AppIngress;

  beforeAll(async () => {
    app = await startAppIngress();
  });
  afterAll(() => app.close());

  it('answers on the operations listener and is not served on the public one without a token', async () => {
    const ops = await fetch(`${app.operations.url}/metrics`);
    expect(ops.status).toBe(200);
    expect(ops.headers.get('content-type')).toMatch(/text\/plain/);
    expect((await fetch(`${app.ingress.url}/metrics`)).status).toBe(404);
  });

  it('the operations listener serves /healthz and none of the public routes', async () => {
    expect((await fetch(`${app.operations.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.operations.url}/webhooks/xero`, { method: 'POST', body: '{}' })).status).toBe(
      404,
    );
    expect((await fetch(`${app.operations.url}/codec/session`)).status).toBe(404);
  });
});

describe('/metrics on the public listener with METRICS_TOKEN', () => {
  let app: AppIngress;

  beforeAll(async () => {
    app = await startAppIngress({ metricsToken: TOKEN });
  });
  afterAll(() => app.close());

  it('answers only a bearer of the token', async () => {
    const scrape = (authorization?: string) =>
      fetch(`${app.ingress.url}/metrics`, authorization ? { headers: { authorization } } : {});
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await scrape(`Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(`Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`)).status).toBe(401);
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(200);
    // The operations listener still needs none.
    expect((await fetch(`${app.operations.url}/metrics`)).status).toBe(200);
  });
});

describe('open workflow counts', () => {
  let app: AppIngress;
  let counting: WorkflowCounting | undefined;
  const queries: string[] = [];
  let counts = { waiting_for_human: 3, needs_reauth: 1 };
  let failing = false;
  const fakeTemporal: WorkflowCounter = {
    workflow: {
      count: (query) => {
        queries.push(query);
        if (failing) return Promise.reject(new Error('visibility store unavailable'));
        const outcome = query.includes('waiting_for_human') ? 'waiting_for_human' : 'needs_reauth';
        return Promise.resolve({ count: counts[outcome] });
      },
    },
  };
  const logger = pino({ level: 'silent' });
  const scrape = async () => (await fetch(`${app.operations.url}/metrics`)).text();
  const gauge = (page: string, outcome: string) =>
    Number(new RegExp(`ledgerbridge_open_workflows\\{outcome="${outcome}"\\} (\\d+)`).exec(page)?.[1]);

  beforeAll(async () => {
    app = await startAppIngress({ metricsRegistry });
  });
  afterEach(() => counting?.stop());
  afterAll(() => app.close());

  it('are read in the background: scrapes, however many, cost Temporal no query', async () => {
    counting = startWorkflowCounting(fakeTemporal, { everyMs: 3_600_000, logger });
    await counting.refreshed();
    expect(queries).toHaveLength(2);
    for (let i = 0; i < 20; i++) {
      const page = await scrape();
      expect(gauge(page, 'waiting_for_human')).toBe(3);
      expect(gauge(page, 'needs_reauth')).toBe(1);
    }
    expect(queries).toHaveLength(2);
  });

  it('are refreshed every interval, and a failed round keeps the last counts', async () => {
    queries.length = 0;
    counting = startWorkflowCounting(fakeTemporal, { everyMs: 50, logger });
    await counting.refreshed();
    counts = { waiting_for_human: 7, needs_reauth: 0 };
    await waitFor(async () => gauge(await scrape(), 'waiting_for_human') === 7);
    expect(gauge(await scrape(), 'needs_reauth')).toBe(0);

    failing = true;
    const before = queries.length;
    await waitFor(() => Promise.resolve(queries.length > before + 1));
    expect(gauge(await scrape(), 'waiting_for_human')).toBe(7);
    counting.stop();
    const stoppedAt = queries.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(queries.length).toBeLessThanOrEqual(stoppedAt + 2);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not met');
}
