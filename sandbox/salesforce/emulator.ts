import { z } from 'zod';
import { SandboxClock } from '../core/clock';
import { FaultInjector } from '../core/faults';
import { send } from '../core/http';
import { RateLimiter } from '../core/rateLimiter';
import { SandboxHttpError, type Emulator, type SandboxContext, type SandboxHandler } from '../core/server';
import type { ExternalClientApp, IdentityOptions, SalesforceIdentity } from './identity';
import { normalizeId } from './ids';
import { orgRoutes } from './login';
import { loadPackageMetadata } from './metadata';
import { SalesforceOrg, type OrgDeps } from './org';
import type { OutboundConfig, OutboundNotifier } from './outbound';
import type { RestApi } from './rest';
import { contentObjects } from './content';
import { Schema, standardObjects } from './schema';
import { salesforceSeedSchema, type SalesforceSeed, type SeededOrg } from './seed';
import type { Store, ValidationRule } from './store';

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
  /** The package installed as a managed package with this namespace: its names are `ns__…`. */
  namespace?: string;
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
  /** The first org's (at the root), as before orgs were several; `orgs()` has them all. */
  store: Store;
  identity: SalesforceIdentity;
  rest: RestApi;
  outbound: OutboundNotifier;
  /** The first org as seeded last (IDs of the org, integration user and records). */
  org(): SeededOrg;
  /** Every org, the first (at the root) first. */
  orgs(): SalesforceOrg[];
  /** The org with this ID (15 or 18 characters), or undefined. */
  orgById(orgId: string): SalesforceOrg | undefined;
  /**
   * Another org on the same origin at `/orgs/{orgId}` (its instance_url), with its own records,
   * users, apps, sessions and outbound callout. Its username must be unique across the emulator
   * (default `integration+N@ledgerbridge.example`); an existing org ID re-seeds that org.
   */
  addOrg(params?: SalesforceSeed): SalesforceOrg;
  /** An External Client App in the first org, or in the org with `orgId`. */
  registerApp(app: ExternalClientApp, orgId?: string): void;
  configureOutbound(config: OutboundConfig | undefined, orgId?: string): void;
  /** The Opportunity page's re-sync button (Apex LedgerbridgeResync.requestResync). */
  requestResync(opportunityId: string, orgId?: string): void;
  /** The Closed Won flow activated or deactivated in Setup (FlowDefinitionView, callouts). */
  setClosedWonFlowActive(active: boolean, orgId?: string): void;
  /** Re-seeds the first org. */
  seedDataset(params?: SalesforceSeed): SeededOrg;
  /** A validation rule, failing saves with FIELD_CUSTOM_VALIDATION_EXCEPTION while `when` holds. */
  addValidationRule(rule: ValidationRule, orgId?: string): void;
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

/**
 * The Salesforce emulator: OAuth, identity and REST API of one or more orgs on one origin (the first
 * at the root, the others at `/orgs/{orgId}`), with a control API. Control routes that act on an
 * org take `?orgId=` (default: the first org).
 */
export function createSalesforceEmulator(options: SalesforceEmulatorOptions = {}): SalesforceEmulator {
  const clock = options.clock ?? new SandboxClock();
  const faults = new FaultInjector(options.seed ?? 42);
  const pkg = (name: string) => (options.namespace ? `${options.namespace}__${name}` : name);
  const schema = new Schema([...standardObjects(pkg), ...contentObjects(pkg)], options.namespace);
  const packageMetadata = loadPackageMetadata(schema, options.objectsDir);
  const dailyLimit = options.dailyApiLimit ?? 100_000;
  const limiter = new RateLimiter(
    {
      windows: [{ name: 'day', limit: dailyLimit, windowMs: 86_400_000 }],
      scale: options.limitWindowScale ?? 1,
    },
    clock,
  );
  const deps: OrgDeps = {
    clock,
    faults,
    schema,
    limiter,
    dailyLimit,
    minVersion: options.minApiVersion ?? 31,
    maxVersion: options.maxApiVersion ?? 65,
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.outboundRetryDelaysMs ? { outboundRetryDelaysMs: options.outboundRetryDelaysMs } : {}),
  };
  const initialDataset = options.initialDataset ?? { accounts: 0, opportunities: 0 };
  const first = new SalesforceOrg(deps, 0, initialDataset);
  const orgs: SalesforceOrg[] = [first];

  const orgById = (orgId: string) => {
    const id = normalizeId(orgId);
    return orgs.find((o) => o.orgId === id);
  };
  const orgOf = (orgId: string | undefined) => {
    if (orgId === undefined) return first;
    const org = orgById(orgId);
    if (!org) throw new SandboxHttpError(404, { error: 'no_such_org', orgId });
    return org;
  };
  const orgFor = (ctx: SandboxContext) => orgOf(ctx.url.searchParams.get('orgId') ?? undefined);

  const emulator: SalesforceEmulator = {
    name: 'salesforce',
    faults,
    clock,
    schema,
    store: first.store,
    identity: first.identity,
    rest: first.rest,
    outbound: first.outbound,
    packageMetadata,
    org: () => first.seed,
    orgs: () => [...orgs],
    orgById,
    routes(on) {
      orgRoutes(on, () => orgs);
    },
    controlRoutes(on) {
      const handle = (method: 'GET' | 'POST', path: string, handler: SandboxHandler) =>
        on(method, path, handler);
      handle('GET', '/orgs', ({ res }) => send(res, 200, orgs.map(describeOrg)));
      handle('POST', '/orgs', ({ res, body }) => {
        // Without a username the org gets a free one, not the schema's default (the first org's).
        const { username, ...dataset } = parse(salesforceSeedSchema, body);
        const named = typeof (body as { username?: unknown } | undefined)?.username === 'string';
        send(res, 201, describeOrg(emulator.addOrg(named ? { ...dataset, username } : dataset)));
      });
      handle('POST', '/apps', (ctx) => {
        orgFor(ctx).registerApp(parse(appSchema, ctx.body));
        send(ctx.res, 201, { registered: true });
      });
      handle('POST', '/outbound', (ctx) => {
        orgFor(ctx).configureOutbound(parse(outboundSchema, ctx.body));
        send(ctx.res, 200, { configured: true });
      });
      handle('GET', '/outbound/deliveries', (ctx) => send(ctx.res, 200, orgFor(ctx).outbound.deliveries()));
      // The Apex method behind the Opportunity page's re-sync button, as the LWC calls it.
      handle('POST', '/apex/LedgerbridgeResync/requestResync', (ctx) => {
        orgFor(ctx).requestResync(parse(resyncSchema, ctx.body).opportunityId);
        send(ctx.res, 200, { result: 'Re-sync requested' });
      });
      handle('POST', '/outbound/flush', async (ctx) => {
        const org = orgFor(ctx);
        await org.outbound.idle();
        send(ctx.res, 200, org.outbound.deliveries());
      });
      handle('POST', '/sessions/expire', (ctx) => {
        orgFor(ctx).identity.expireAll();
        send(ctx.res, 200, { expired: true });
      });
      handle('POST', '/sessions/revoke', (ctx) => {
        orgFor(ctx).identity.revokeAll();
        send(ctx.res, 200, { revoked: true });
      });
      handle('POST', '/clock/advance', ({ res, body }) => {
        clock.advance(parse(advanceSchema, body).ms);
        send(res, 200, { now: new Date(clock.now()).toISOString() });
      });
      // Changes as a person would make them in the org (e.g. close an opportunity as won).
      handle('POST', '/records/:sobject', (ctx) => {
        const org = orgFor(ctx);
        const r = org.asUser((userId) =>
          org.store.insert(ctx.params.sobject ?? '', parse(recordSchema, ctx.body), { userId }),
        );
        if (!r.ok) throw new SandboxHttpError(400, r.errors);
        send(ctx.res, 201, { id: r.id });
      });
      handle('POST', '/records/:sobject/:id', (ctx) => {
        const org = orgFor(ctx);
        const r = org.asUser((userId) =>
          org.store.update(ctx.params.sobject ?? '', ctx.params.id ?? '', parse(recordSchema, ctx.body), {
            userId,
          }),
        );
        if (!r.ok) throw new SandboxHttpError(400, r.errors);
        send(ctx.res, 200, { id: r.id });
      });
    },
    addOrg(params = {}) {
      const existing = params.orgId ? orgById(params.orgId) : undefined;
      const username =
        params.username ?? existing?.seed.username ?? `integration+${orgs.length}@ledgerbridge.example`;
      const dataset = { ...params, username };
      const taken = orgs.find((o) => o !== existing && o.identity.hasUser(dataset.username));
      if (taken)
        throw new SandboxHttpError(400, {
          error: 'duplicate_username',
          message: `username ${dataset.username} is taken in org ${taken.orgId}: usernames are unique across orgs`,
        });
      if (existing) {
        existing.reseed(dataset);
        return existing;
      }
      const org = new SalesforceOrg(deps, orgs.length, dataset);
      orgs.push(org);
      return org;
    },
    registerApp: (app, orgId) => orgOf(orgId).registerApp(app),
    configureOutbound: (config, orgId) => orgOf(orgId).configureOutbound(config),
    requestResync: (opportunityId, orgId) => orgOf(orgId).requestResync(opportunityId),
    setClosedWonFlowActive: (active, orgId) => orgOf(orgId).setClosedWonFlowActive(active),
    addValidationRule(rule, orgId) {
      orgOf(orgId).store.validationRules.push(rule);
    },
    reset() {
      orgs.splice(1);
      limiter.reset();
      clock.reset();
      first.reset(initialDataset);
    },
    seed: (params) => emulator.seedDataset(parse(salesforceSeedSchema, params)),
    seedDataset: (params = {}) => first.reseed(params),
    state() {
      const sessions = (org: SalesforceOrg) => ({
        active: [...org.identity.sessions.values()].filter(
          (s) => !s.revoked && clock.now() - s.lastActivity <= org.identity.sessionTimeoutMs,
        ).length,
        ...org.identity.stats,
      });
      return {
        orgId: first.orgId,
        username: first.seed.username,
        counts: first.counts(),
        apps: first.apps.map((a) => ({
          consumerKey: a.consumerKey,
          username: a.username,
          jwt: Boolean(a.certificatePem),
        })),
        sessions: sessions(first),
        apiUsage: { max: dailyLimit, remaining: limiter.peek(first.orgId).day ?? dailyLimit },
        outbound: first.outbound
          .deliveries()
          .map((d) => ({ id: d.id, delivered: d.delivered, attempts: d.attempts.length })),
        orgs: orgs.map((org) => ({
          ...describeOrg(org),
          counts: org.counts(),
          sessions: sessions(org),
          apiUsage: { max: dailyLimit, remaining: limiter.peek(org.orgId).day ?? dailyLimit },
        })),
        packageMetadata,
        now: new Date(clock.now()).toISOString(),
      };
    },
  };
  return emulator;
}

function describeOrg(org: SalesforceOrg) {
  return {
    orgId: org.orgId,
    username: org.seed.username,
    userId: org.seed.userId,
    path: org.pathPrefix || '/',
  };
}
