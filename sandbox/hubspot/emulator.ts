import { z } from 'zod';
import { SandboxClock } from '../core/clock';
import { FaultInjector } from '../core/faults';
import { send } from '../core/http';
import { createRng, uuidFrom } from '../core/random';
import { SandboxHttpError, type Emulator } from '../core/server';
import { notFound, objectTypeOf, type ApiDeps } from './api';
import { accountRoutes } from './accountRoutes';
import { associationRoutes } from './associationRoutes';
import { HubSpotFiles } from './files';
import { objectRoutes } from './objectRoutes';
import { OBJECT_TYPES } from './objectTypes';
import { HubSpotOAuth, type OAuthClient } from './oauth';
import { pipelineRoutes } from './pipelines';
import { RateGate, type HubSpotRateLimits } from './rateLimits';
import { schemaRoutes } from './schemaRoutes';
import { hubspotSeedSchema, seedHubSpot, type HubSpotSeed, type HubSpotSeedResult } from './seed';
import { CrmStore } from './store';
import { HubSpotTimeline } from './timeline';
import { userRoutes } from './userRoutes';
import { HubSpotWebhooks, webhookConfigSchema, type WebhookConfigInput } from './webhooks';

export const DEFAULT_PORTAL_ID = 24_681_357;

export interface HubSpotEmulatorOptions {
  clock?: SandboxClock;
  /** Seed of correlation ids, tokens and fault draws (datasets take their own seed). */
  seed?: number;
  /** The portal (HubSpot account) used when a call or token names none. */
  portalId?: number;
  /**
   * The first record ID of the first portal (default 1001). Emulators whose IDs meet on one Temporal
   * server (deal workflow IDs carry the portal and record IDs) each need their own.
   */
  firstRecordId?: number;
  rateLimits?: HubSpotRateLimits;
  webhookBatchMs?: number;
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
}

export interface HubSpotEmulator extends Emulator {
  clock: SandboxClock;
  oauth: HubSpotOAuth;
  webhooks: HubSpotWebhooks;
  /** The Files API's files, per portal. */
  files: HubSpotFiles;
  defaultPortalId: number;
  /** The CRM store of a portal (created on first use). */
  portal(portalId?: number): CrmStore;
  registerClient(client: RegisterClientInput): OAuthClient;
  registerStaticToken(portalId: number, token: string, scopes: string[]): void;
  configureWebhooks(config: WebhookConfigInput): void;
  seedDataset(params?: HubSpotSeed): HubSpotSeedResult;
}

export const registerClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  redirectUris: z.array(z.url()).default([]),
  scopes: z.array(z.string()).default([]),
  appId: z.number().int().positive().optional(),
});
export type RegisterClientInput = z.input<typeof registerClientSchema>;

const staticTokenSchema = z.object({
  portalId: z.number().int().positive().optional(),
  token: z.string().min(8),
  scopes: z.array(z.string()).default([]),
});
const grantSchema = z.object({
  clientId: z.string().min(1),
  portalId: z.number().int().positive().optional(),
  scopes: z.array(z.string()).optional(),
});
const revokeSchema = z.object({ refreshToken: z.string().min(1) });
const advanceSchema = z.object({ ms: z.number().int().min(0) });
const editSchema = z.object({
  portalId: z.number().int().positive().optional(),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new SandboxHttpError(400, {
      error: 'invalid_control_request',
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  return parsed.data;
}

/** The HubSpot emulator: OAuth + CRM v3 objects/properties/pipelines + associations v4 + webhooks. */
export function createHubspotEmulator(options: HubSpotEmulatorOptions = {}): HubSpotEmulator {
  const clock = options.clock ?? new SandboxClock();
  const faults = new FaultInjector(options.seed ?? 42);
  const rng = createRng(options.seed ?? 42);
  const ids = () => uuidFrom(rng);
  const defaultPortalId = options.portalId ?? DEFAULT_PORTAL_ID;
  const firstRecordId = options.firstRecordId ?? 1001;
  const portals = new Map<number, CrmStore>();
  let seeding = false;
  const startedAt = clock.now();

  const oauth = new HubSpotOAuth(clock, faults, rng, ids, defaultPortalId, (id) => void portalOf(id));
  const webhooks = new HubSpotWebhooks(
    clock,
    faults,
    (appId) => {
      const client = oauth.clientsList().find((c) => appId === undefined || c.appId === appId);
      return client ? { clientSecret: client.clientSecret, appId: client.appId } : undefined;
    },
    {
      ...(options.webhookBatchMs !== undefined ? { batchMs: options.webhookBatchMs } : {}),
      ...(options.webhookRetryDelaysMs ? { retryDelaysMs: options.webhookRetryDelaysMs } : {}),
      ...(options.webhookTimeoutMs !== undefined ? { timeoutMs: options.webhookTimeoutMs } : {}),
    },
  );
  const gate = new RateGate(clock, ids, options.rateLimits);
  const timeline = new HubSpotTimeline();
  const files = new HubSpotFiles();

  function portalOf(portalId = defaultPortalId): CrmStore {
    let store = portals.get(portalId);
    if (!store) {
      // HubSpot's record IDs are unique across portals: each portal gets its own range (the first,
      // the default portal, keeps 1001…), so an ID from one portal is not found in another.
      store = new CrmStore(portalId, clock, ids, firstRecordId + portals.size * 1_000_000_000);
      store.onChange((change) => {
        if (!seeding) webhooks.record(portalId, change);
      });
      portals.set(portalId, store);
    }
    return store;
  }
  portalOf(defaultPortalId);

  const deps: ApiDeps = { oauth, gate, ids, store: portalOf, now: () => clock.now() };

  const emulator: HubSpotEmulator = {
    name: 'hubspot',
    faults,
    clock,
    oauth,
    webhooks,
    files,
    defaultPortalId,
    portal: portalOf,
    registerClient: (client) => oauth.registerClient(registerClientSchema.parse(client)),
    registerStaticToken: (portalId, token, scopes) => oauth.registerStaticToken(portalId, token, scopes),
    configureWebhooks: (config) => void webhooks.configure(webhookConfigSchema.parse(config)),
    routes(on) {
      oauth.routes(on);
      objectRoutes(on, deps);
      associationRoutes(on, deps);
      schemaRoutes(on, deps);
      pipelineRoutes(on, deps, startedAt);
      accountRoutes(on, deps);
      userRoutes(on, deps);
      timeline.routes(on, deps);
      files.routes(on, deps);
    },
    controlRoutes(on) {
      on('POST', '/oauth/clients', ({ res, body }) => {
        const client = oauth.registerClient(parse(registerClientSchema, body));
        send(res, 201, { registered: true, clientId: client.clientId, appId: client.appId });
      });
      on('POST', '/oauth/static-tokens', ({ res, body }) => {
        const input = parse(staticTokenSchema, body);
        oauth.registerStaticToken(input.portalId ?? defaultPortalId, input.token, input.scopes);
        send(res, 201, { registered: true, portalId: input.portalId ?? defaultPortalId });
      });
      on('POST', '/oauth/grants', ({ res, body }) => {
        const input = parse(grantSchema, body);
        if (!oauth.client(input.clientId)) throw new SandboxHttpError(404, { error: 'unknown_client' });
        send(res, 201, oauth.issueTokens(input.clientId, input.portalId, input.scopes));
      });
      on('POST', '/oauth/revoke-refresh-token', ({ res, body }) => {
        send(res, 200, { revoked: oauth.revokeRefreshToken(parse(revokeSchema, body).refreshToken) });
      });
      on('POST', '/oauth/expire-access-tokens', ({ res }) =>
        send(res, 200, { expired: oauth.expireAccessTokens() }),
      );
      on('POST', '/webhooks', ({ res, body }) => {
        try {
          const config = webhooks.configure(parse(webhookConfigSchema, body));
          send(res, 200, { configured: true, subscriptions: config.subscriptions });
        } catch (err) {
          if (err instanceof SandboxHttpError) throw err;
          throw new SandboxHttpError(400, { error: 'invalid_control_request', issues: [String(err)] });
        }
      });
      on('POST', '/webhooks/flush', async ({ res }) => {
        await webhooks.idle();
        send(res, 200, webhooks.deliveries());
      });
      on('GET', '/webhooks/deliveries', ({ res }) => send(res, 200, webhooks.deliveries()));
      on('GET', '/timeline/events', timeline.readRoute());
      on('POST', '/clock/advance', ({ res, body }) => {
        clock.advance(parse(advanceSchema, body).ms);
        send(res, 200, { now: new Date(clock.now()).toISOString() });
      });
      // A change as a person would make it in HubSpot's UI: changeSource CRM_UI in webhooks.
      on('POST', '/objects/:objectType/:id/edit', ({ res, params, body }) => {
        const input = parse(editSchema, body);
        const type = objectTypeOf(ids, params.objectType);
        const store = portalOf(input.portalId ?? defaultPortalId);
        const record = store.find(type, params.id ?? '');
        if (!record) throw notFound(ids, params.id ?? '');
        store.update(type, record, input.properties, 'CRM_UI');
        send(res, 200, { updated: true, id: record.id });
      });
    },
    reset() {
      portals.clear();
      portalOf(defaultPortalId);
      oauth.reset();
      gate.reset();
      webhooks.reset();
      timeline.reset();
      files.reset();
      clock.reset();
    },
    seed: (params) => emulator.seedDataset(parse(hubspotSeedSchema, params)),
    seedDataset(params = {}) {
      const parsed = hubspotSeedSchema.parse(params);
      seeding = true;
      try {
        return seedHubSpot(portalOf(parsed.portalId ?? defaultPortalId), parsed);
      } finally {
        seeding = false;
      }
    },
    state() {
      return {
        defaultPortalId,
        portals: [...portals.values()].map((store) => ({
          portalId: store.portalId,
          counts: Object.fromEntries(OBJECT_TYPES.map((t) => [t, store.live(t).length])),
          archived: Object.fromEntries(OBJECT_TYPES.map((t) => [t, store.of(t).size - store.live(t).length])),
          associations: store.associationCount(),
          customProperties: Object.fromEntries(
            OBJECT_TYPES.map((t) => [
              t,
              [...store.propertiesOf(t).values()].filter((p) => !p.hubspotDefined).map((p) => p.name),
            ]),
          ),
        })),
        oauth: {
          ...oauth.stats,
          clients: oauth.clientsList().map((c) => ({ clientId: c.clientId, appId: c.appId })),
        },
        webhooks: {
          subscriptions: webhooks.subscriptions(),
          deliveries: webhooks.deliveries().length,
          delivered: webhooks.deliveries().filter((d) => d.delivered).length,
        },
        now: new Date(clock.now()).toISOString(),
      };
    },
  };
  return emulator;
}
