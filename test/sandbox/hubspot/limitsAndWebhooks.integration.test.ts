import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from '@hubspot/api-client';
import { z } from 'zod';
import { signatureV1, signatureV3 } from '../../../sandbox/hubspot';
import type { HubSpotWebhookEvent } from '../../../sandbox/hubspot';
import { verifyHubSpotV3 } from '../../../worker/webhooks/hubspotSignature';
import { CLIENT, expectApiError, startHubSpot, UUID, type HubSpotHarness } from './harness';

const SPECS = path.resolve(__dirname, '../../../../shared/specs/vectors');
const vectorSchema = z.object({
  vectors: z.array(
    z.object({
      id: z.string(),
      version: z.string().optional(),
      key: z.string(),
      method: z.string(),
      uri: z.string().nullable(),
      body: z.string(),
      timestamp: z.string().nullable(),
      expectedSignature: z.string(),
    }),
  ),
});
const readVectors = (file: string) =>
  vectorSchema.parse(JSON.parse(readFileSync(path.join(SPECS, file), 'utf8'))).vectors;
const vectorsV3 = readVectors('hubspot-signature-v3.json');
const vectorsV1 = readVectors('hubspot-signature-v1-v2.json').filter((v) => v.version === 'v1');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HubSpot emulator: rate limits', () => {
  let h: HubSpotHarness;
  afterEach(async () => h.close());

  it('reports the 10-second window in X-HubSpot-RateLimit-* headers and answers 429 TEN_SECONDLY_ROLLING past it', async () => {
    h = await startHubSpot({ rateLimits: { oauthPerTenSeconds: 3, scale: 0.1 } }); // a "10 s" window of 1 s
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await h.hubspot.crm.deals.basicApi.getPageWithHttpInfo(1);
      expect(res.headers['x-hubspot-ratelimit-max']).toBe('3');
      expect(res.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('1000');
      // Apps installed with OAuth have no daily limit and get no daily headers.
      expect(res.headers['x-hubspot-ratelimit-daily']).toBeUndefined();
      remaining.push(String(res.headers['x-hubspot-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await expectApiError(h.hubspot.crm.deals.basicApi.getPage(1));
    expect(limited.code).toBe(429);
    expect(limited.body).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: UUID,
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: 'api-calls',
      category: 'RATE_LIMITS',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.headers['x-hubspot-ratelimit-remaining']).toBe('0');
    await sleep(1_050);
    await expect(h.hubspot.crm.deals.basicApi.getPage(1)).resolves.toBeDefined();
  });

  it('gives static tokens daily headers and a DAILY 429', async () => {
    h = await startHubSpot({ rateLimits: { staticPerDay: 2 } });
    h.emulator.registerStaticToken(h.emulator.defaultPortalId, 'pat-na1-daily-0001', [
      'crm.objects.deals.read',
    ]);
    const hs = h.clientWith('pat-na1-daily-0001');
    const first = await hs.crm.deals.basicApi.getPageWithHttpInfo(1);
    expect(first.headers['x-hubspot-ratelimit-max']).toBe('190');
    expect(first.headers['x-hubspot-ratelimit-daily']).toBe('2');
    expect(first.headers['x-hubspot-ratelimit-daily-remaining']).toBe('1');
    await hs.crm.deals.basicApi.getPage(1);
    const limited = await expectApiError(hs.crm.deals.basicApi.getPage(1));
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({
      policyName: 'DAILY',
      message: 'You have reached your daily limit.',
    });
    // The OAuth app's own allowance is separate.
    await expect(h.hubspot.crm.deals.basicApi.getPage(1)).resolves.toBeDefined();
  });

  it('limits search to 5 calls a second without rate-limit headers', async () => {
    h = await startHubSpot();
    for (let i = 0; i < 5; i++) await h.hubspot.crm.deals.searchApi.doSearch({ limit: 1 });
    const limited = await expectApiError(h.hubspot.crm.deals.searchApi.doSearch({ limit: 1 }));
    expect(limited.code).toBe(429);
    expect(limited.body).toMatchObject({
      message: 'You have reached your secondly limit.',
      category: 'RATE_LIMITS',
    });
    expect(limited.headers['x-hubspot-ratelimit-remaining']).toBeUndefined();
  });

  it('injects 5xx and 429 through the core fault injector; the SDK retries 5xx only when numberOfApiCallRetries is set', async () => {
    h = await startHubSpot();
    h.emulator.faults.add({ kind: 'error', status: 503, count: 1, pathPrefix: '/crm/v3/objects/deals' });
    expect((await expectApiError(h.hubspot.crm.deals.basicApi.getPage(1))).code).toBe(503);
    h.emulator.faults.add({ kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    const limited = await expectApiError(h.hubspot.crm.deals.basicApi.getPage(1));
    expect(limited.code).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');

    // The SDK's decorators are process-global and applied when an API object is first built, so
    // build the retrying client's API right away.
    const retrying = new Client({
      basePath: h.server.url,
      accessToken: h.tokens.accessToken,
      numberOfApiCallRetries: 3,
    });
    const deals = retrying.crm.deals.basicApi;
    const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      h.emulator.faults.add({ kind: 'error', status: 502, count: 2 });
      const page = await deals.getPage(1);
      expect(page.results).toHaveLength(1);
      expect(errorSpy).toHaveBeenCalledTimes(2);
      const statuses = h.server
        .requests()
        .slice(-3)
        .map((r) => r.status);
      expect(statuses).toEqual([502, 502, 200]);
    } finally {
      errorSpy.mockRestore();
    }
  });
});

describe('HubSpot emulator: webhooks', () => {
  let h: HubSpotHarness;
  let receiver: http.Server;
  let targetUrl: string;
  const received: Array<{
    events: HubSpotWebhookEvent[];
    verdict: ReturnType<typeof verifyHubSpotV3>;
    v1: boolean;
  }> = [];
  let answers: number[] = [];

  beforeEach(async () => {
    received.length = 0;
    answers = [];
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const verdict = verifyHubSpotV3({
          clientSecret: CLIENT.clientSecret,
          method: req.method ?? '',
          uri: `http://${req.headers.host}${req.url}`,
          rawBody: body,
          signature: req.headers['x-hubspot-signature-v3'] as string | undefined,
          timestamp: req.headers['x-hubspot-request-timestamp'] as string | undefined,
          now: Date.now(),
        });
        const v1 =
          req.headers['x-hubspot-signature-version'] === 'v1' &&
          req.headers['x-hubspot-signature'] === signatureV1(CLIENT.clientSecret, body.toString());
        received.push({ events: JSON.parse(body.toString()) as HubSpotWebhookEvent[], verdict, v1 });
        res.writeHead(verdict.ok ? (answers.shift() ?? 204) : 401);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    // An encoded ':' in the query exercises HubSpot's decode-before-signing rule.
    targetUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/hubspot?app=ledger%3Abridge`;
    h = await startHubSpot({ dataset: false, webhookBatchMs: 60_000, webhookRetryDelaysMs: [30, 30] });
    h.emulator.configureWebhooks({
      targetUrl,
      subscriptions: [
        { subscriptionType: 'deal.creation' },
        { subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' },
        { subscriptionType: 'deal.deletion' },
        { subscriptionType: 'company.creation' },
      ],
    });
  });
  afterEach(async () => {
    await h.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('sends signed batches of creation, propertyChange and deletion events that the worker verifier accepts', async () => {
    const deals = h.hubspot.crm.deals.basicApi;
    const deal = await deals.create({
      properties: { dealname: 'Hooked', dealstage: 'qualifiedtobuy' },
      associations: [],
    });
    await deals.update(deal.id, { properties: { dealstage: 'closedwon', amount: '5' } });
    await deals.archive(deal.id);
    await h.emulator.webhooks.idle();
    expect(received).toHaveLength(1);
    expect(received[0]?.verdict).toEqual({ ok: true });
    expect(received[0]?.v1).toBe(true);
    const events = received[0]!.events;
    const common = {
      portalId: h.emulator.defaultPortalId,
      appId: CLIENT.appId,
      attemptNumber: 0,
      objectId: Number(deal.id),
      changeSource: 'INTEGRATION',
      occurredAt: expect.any(Number),
      eventId: expect.any(Number),
      subscriptionId: expect.any(Number),
    };
    expect(events).toEqual([
      { ...common, subscriptionType: 'deal.creation', changeFlag: 'NEW' },
      {
        ...common,
        subscriptionType: 'deal.propertyChange',
        propertyName: 'dealstage',
        propertyValue: 'qualifiedtobuy',
      },
      {
        ...common,
        subscriptionType: 'deal.propertyChange',
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
      },
      { ...common, subscriptionType: 'deal.deletion', changeFlag: 'DELETED' },
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(4);
  });

  it('reports a UI edit with changeSource CRM_UI', async () => {
    const deal = await h.hubspot.crm.deals.basicApi.create({
      properties: { dealname: 'UI' },
      associations: [],
    });
    await h.emulator.webhooks.idle();
    received.length = 0;
    const res = await fetch(`${h.server.url}/__sandbox/objects/deals/${deal.id}/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { dealstage: 'contractsent' } }),
    });
    expect(res.status).toBe(200);
    await h.emulator.webhooks.idle();
    expect(received[0]?.events).toEqual([
      expect.objectContaining({
        subscriptionType: 'deal.propertyChange',
        propertyValue: 'contractsent',
        changeSource: 'CRM_UI',
      }),
    ]);
  });

  it('puts at most 100 events in one request', async () => {
    for (let i = 0; i < 2; i++) {
      await h.hubspot.crm.companies.batchApi.create({
        inputs: Array.from({ length: 75 }, (_, j) => ({
          properties: { name: `C${i}-${j}` },
          associations: [],
        })),
      });
    }
    await h.emulator.webhooks.idle();
    expect(received.map((r) => r.events.length)).toEqual([100, 50]);
    expect(received.every((r) => r.verdict.ok)).toBe(true);
  });

  it('retries a failed delivery with attemptNumber incremented and a fresh valid signature', async () => {
    answers = [500];
    h.emulator.faults.add({ kind: 'webhook_failure', count: 1 });
    await h.hubspot.crm.companies.basicApi.create({ properties: { name: 'Retry Co' }, associations: [] });
    await h.emulator.webhooks.idle();
    // attempt 0: injected failure (never sent); attempt 1: receiver answers 500; attempt 2: 204.
    expect(received.map((r) => r.events[0]?.attemptNumber)).toEqual([1, 2]);
    expect(received.every((r) => r.verdict.ok)).toBe(true);
    const [delivery] = h.emulator.webhooks.deliveries();
    expect(delivery?.attempts.map((a) => a.status)).toEqual(['injected_failure', 500, 204]);
    expect(delivery?.delivered).toBe(true);
  });
});

describe('HubSpot request signatures: official vectors', () => {
  it('has the official vectors', () => {
    expect(vectorsV3.length).toBeGreaterThanOrEqual(2);
    expect(vectorsV1.length).toBeGreaterThanOrEqual(1);
  });

  it.each(vectorsV3)('v3 $id', (v) => {
    const uri = v.uri ?? '';
    const timestamp = v.timestamp ?? '';
    const signature = signatureV3({ clientSecret: v.key, method: v.method, uri, body: v.body, timestamp });
    expect(signature).toBe(v.expectedSignature);
    // And the worker's verifier (independent code) accepts it at that moment.
    expect(
      verifyHubSpotV3({
        clientSecret: v.key,
        method: v.method,
        uri,
        rawBody: v.body,
        signature,
        timestamp,
        now: Number(timestamp),
      }),
    ).toEqual({ ok: true });
  });

  it.each(vectorsV1)('v1 $id', (v) => {
    expect(signatureV1(v.key, v.body)).toBe(v.expectedSignature);
  });
});
