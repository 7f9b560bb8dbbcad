import { z } from 'zod';
import { SandboxClock, type Clock } from '../core/clock';
import { FaultInjector } from '../core/faults';
import { send } from '../core/http';
import { RateLimiter } from '../core/rateLimiter';
import { SandboxHttpError, type Emulator, type SandboxHandler } from '../core/server';
import { SalesforceIdentity, type ExternalClientApp, type IdentityOptions } from './identity';
import { normalizeId } from './ids';
import { loadPackageMetadata } from './metadata';
import { OutboundNotifier, type OutboundConfig } from './outbound';
import { RestApi } from './rest';
import { Schema, standardObjects } from './schema';
import { salesforceSeedSchema, seedSalesforce, type SalesforceSeed, type SeededOrg } from './seed';
import { formatDateTime, Store, type ValidationRule } from './store';

export interface SalesforceEmulatorOptions {
  clock?: SandboxClock;
  /** Seed of fault draws (datasets take their own seed). */
  seed?: number;
  /** Rolling 24-hour API request limit (default 100,000, an Enterprise Edition org's base). */
  dailyApiLimit?: number;
  /** Multiplies the 24-hour window: 0.0001 makes a "day" about 8.6 s for tests. */
  limitWindowScale?: number;
  /** The package's SFDX `objects` folder (default: this repo's force-app/main/default/objects). */
  objectsDir?: string;
  /** Supported API versions (default 31.0 ... 65.0). */
  minApiVersion?: number;
  maxApiVersion?: number;
  outboundRetryDelaysMs?: number[];
  identity?: IdentityOptions;
  /** The dataset made at start-up and on reset (default: the org and its integration user, no data). */
  initialDataset?: SalesforceSeed;
}

export interface SalesforceEmulator extends Emulator {
  clock: SandboxClock;
  schema: Schema;
  store: Store;
  identity: SalesforceIdentity;
  rest: RestApi;
  outbound: OutboundNotifier;
  /** The org as seeded last (IDs of the org, integration user and records). */
  org(): SeededOrg;
  registerApp(app: ExternalClientApp): void;
  configureOutbound(config: OutboundConfig | undefined): void;
  /** The Opportunity page's re-sync button (Apex LedgerbridgeResync.requestResync). */
  requestResync(opportunityId: string): void;
  seedDataset(params?: SalesforceSeed): SeededOrg;
  /** A validation rule, failing saves with FIELD_CUSTOM_VALIDATION_EXCEPTION while `when` holds. */
  addValidationRule(rule: ValidationRule): void;
  /** Metadata loaded from the package folder. */
  packageMetadata: { objects: string[]; fields: string[] };
}

const appSchema = z.object({
  consumerKey: z.string().min(1),
  consumerSecret: z.string().min(1).optional(),
  certificatePem: z.string().min(1).optional(),
  username: z.string().min(1),
  scopes: z.array(z.string()).optional(),
  redirectUris: z.array(z.url()).optional(),
  clientCredentialsEnabled: z.boolean().optional(),
});
const outboundSchema = z.object({ targetUrl: z.url(), secret: z.string().min(1) });
const advanceSchema = z.object({ ms: z.number().int().min(0) });
const recordSchema = z.record(z.string(), z.unknown());
const resyncSchema = z.object({ opportunityId: z.string().min(15) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new SandboxHttpError(400, {
      error: 'invalid_control_request',
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  return parsed.data;
}

/** The Salesforce emulator: OAuth, identity and REST API of one org on one origin, with a control API. */
export function createSalesforceEmulator(options: SalesforceEmulatorOptions = {}): SalesforceEmulator {
  const clock = options.clock ?? new SandboxClock();
  const faults = new FaultInjector(options.seed ?? 42);
  const schema = new Schema(standardObjects());
  const packageMetadata = loadPackageMetadata(schema, options.objectsDir);
  const store = new Store(schema, clock as Clock);
  const identity = new SalesforceIdentity(clock, faults, store, options.identity);
  const dailyLimit = options.dailyApiLimit ?? 100_000;
  const limiter = new RateLimiter(
    {
      windows: [{ name: 'day', limit: dailyLimit, windowMs: 86_400_000 }],
      scale: options.limitWindowScale ?? 1,
    },
    clock,
  );
  const outbound = new OutboundNotifier(clock, faults, options.outboundRetryDelaysMs);
  const rest = new RestApi({
    store,
    identity,
    clock,
    limiter,
    dailyLimit,
    minVersion: options.minApiVersion ?? 31,
    maxVersion: options.maxApiVersion ?? 65,
    onCommit: (events) => outbound.onCommit(store.orgId, events, formatDateTime),
  });
  let seeded: SeededOrg = seedSalesforce(store, options.initialDataset ?? { accounts: 0, opportunities: 0 });
  const apps: ExternalClientApp[] = [];

  // Saves made as a person in the org would (UI, flows): validated, and they notify like API saves.
  const asUser = <T>(write: () => T): T => {
    const mark = store.mark();
    try {
      const r = write();
      outbound.onCommit(store.orgId, store.commit(), formatDateTime);
      return r;
    } catch (err) {
      store.rollbackTo(mark);
      store.commit();
      throw err;
    }
  };

  const emulator: SalesforceEmulator = {
    name: 'salesforce',
    faults,
    clock,
    schema,
    store,
    identity,
    rest,
    outbound,
    packageMetadata,
    org: () => seeded,
    routes(on) {
      identity.routes(on);
      rest.routes(on);
    },
    controlRoutes(on) {
      const handle = (method: 'GET' | 'POST', path: string, handler: SandboxHandler) =>
        on(method, path, handler);
      handle('POST', '/apps', ({ res, body }) => {
        emulator.registerApp(parse(appSchema, body));
        send(res, 201, { registered: true });
      });
      handle('POST', '/outbound', ({ res, body }) => {
        emulator.configureOutbound(parse(outboundSchema, body));
        send(res, 200, { configured: true });
      });
      handle('GET', '/outbound/deliveries', ({ res }) => send(res, 200, outbound.deliveries()));
      // The Apex method behind the Opportunity page's re-sync button, as the LWC calls it.
      handle('POST', '/apex/LedgerbridgeResync/requestResync', ({ res, body }) => {
        emulator.requestResync(parse(resyncSchema, body).opportunityId);
        send(res, 200, { result: 'Re-sync requested' });
      });
      handle('POST', '/outbound/flush', async ({ res }) => {
        await outbound.idle();
        send(res, 200, outbound.deliveries());
      });
      handle('POST', '/sessions/expire', ({ res }) => {
        identity.expireAll();
        send(res, 200, { expired: true });
      });
      handle('POST', '/sessions/revoke', ({ res }) => {
        identity.revokeAll();
        send(res, 200, { revoked: true });
      });
      handle('POST', '/clock/advance', ({ res, body }) => {
        clock.advance(parse(advanceSchema, body).ms);
        send(res, 200, { now: new Date(clock.now()).toISOString() });
      });
      // Changes as a person would make them in the org (e.g. close an opportunity as won).
      handle('POST', '/records/:sobject', ({ res, body, params }) => {
        const r = asUser(() =>
          store.insert(params.sobject ?? '', parse(recordSchema, body), { userId: seeded.userId }),
        );
        if (!r.ok) throw new SandboxHttpError(400, r.errors);
        send(res, 201, { id: r.id });
      });
      handle('POST', '/records/:sobject/:id', ({ res, body, params }) => {
        const r = asUser(() =>
          store.update(params.sobject ?? '', params.id ?? '', parse(recordSchema, body), {
            userId: seeded.userId,
          }),
        );
        if (!r.ok) throw new SandboxHttpError(400, r.errors);
        send(res, 200, { id: r.id });
      });
    },
    registerApp(app) {
      identity.registerApp(app);
      apps.push(app);
    },
    configureOutbound(config) {
      outbound.configure(config);
    },
    requestResync(opportunityId) {
      const id = normalizeId(opportunityId);
      const record = id ? store.records.get(id) : undefined;
      if (!record || record.type !== 'Opportunity' || record.fields.IsDeleted === true)
        throw new SandboxHttpError(400, {
          message: 'This opportunity no longer exists or you cannot see it.',
        });
      try {
        outbound.requestResync(store.orgId, record.fields.Id as string, record.fields, formatDateTime);
      } catch (err) {
        throw new SandboxHttpError(400, { message: err instanceof Error ? err.message : String(err) });
      }
    },
    addValidationRule(rule) {
      store.validationRules.push(rule);
    },
    reset() {
      identity.reset();
      rest.reset();
      outbound.reset();
      limiter.reset();
      clock.reset();
      store.validationRules.length = 0;
      seeded = seedSalesforce(store, options.initialDataset ?? { accounts: 0, opportunities: 0 });
    },
    seed: (params) => emulator.seedDataset(parse(salesforceSeedSchema, params)),
    seedDataset(params = {}) {
      identity.reset();
      rest.reset();
      seeded = seedSalesforce(store, params);
      return seeded;
    },
    state() {
      const counts: Record<string, number> = {};
      for (const o of schema.list()) counts[o.name] = store.count(o.name);
      return {
        orgId: store.orgId,
        username: seeded.username,
        counts,
        apps: apps.map((a) => ({
          consumerKey: a.consumerKey,
          username: a.username,
          jwt: Boolean(a.certificatePem),
        })),
        sessions: {
          active: [...identity.sessions.values()].filter(
            (s) => !s.revoked && clock.now() - s.lastActivity <= identity.sessionTimeoutMs,
          ).length,
          ...identity.stats,
        },
        apiUsage: { max: dailyLimit, remaining: limiter.peek(store.orgId).day ?? dailyLimit },
        outbound: outbound
          .deliveries()
          .map((d) => ({ id: d.id, delivered: d.delivered, attempts: d.attempts.length })),
        packageMetadata,
        now: new Date(clock.now()).toISOString(),
      };
    },
  };
  return emulator;
}
