import { z } from 'zod';
import { SandboxClock } from '../core/clock';
import { send } from '../core/http';
import type { Emulator, SandboxContext } from '../core/server';
import { WebhookSender } from '../core/webhookSender';
import { accountsRoutes } from './accountsRoutes';
import type { Answer, ZohoRoute } from './call';
import { DATA_CENTRE_CODES, isDataCentre, type DataCentre } from './dataCentres';
import { ZohoError } from './errors';
import { ZohoFaults } from './faults';
import { DEFAULT_ZOHO_LIMITS, ZohoLimits, type CreditUsage, type ZohoLimitPolicy } from './limits';
import { ZohoNotifications, type SentNotification, type WatchChannel } from './notifications';
import { ZohoOAuth, type OAuthClient } from './oauth';
import { orgRoutes } from './orgRoutes';
import { presentRecord, ZohoOrg } from './org';
import { queryRoutes } from './queryRoutes';
import { recordReadRoutes } from './recordReads';
import { recordWriteRoutes } from './recordWriteRoutes';
import { attachmentRoutes } from './attachments';
import { relatedNoteRoutes } from './relatedNotes';
import { writeRecords } from './recordWrites';

/**
 * A stateful Zoho CRM (API v8) for tests and the demo: several orgs, each pinned to a data
 * centre, behind one HTTP server. Every API call passes, in order: the DC in the path, the
 * OAuth token (issued by that DC's accounts server, unexpired, with the scope), injected
 * faults, the org's credits and concurrency, then the route. See README.md for the routes and
 * which SDK types each follows.
 */
export interface ZohoEmulatorOptions {
  clock?: SandboxClock;
  seed?: number;
  /** Defaults for every org (each org may override its own). */
  limits?: Partial<ZohoLimitPolicy>;
  notifications?: { retryDelaysMs?: number[]; timeoutMs?: number; maxChannelExpiryMs?: number };
  /** Access tokens one refresh token may mint in ten minutes (Zoho: 10). */
  refreshesPer10Min?: number;
}

export interface ZohoOrgInfo {
  orgId: string;
  dc: DataCentre;
  userId: string;
  userEmail: string;
}

export interface ZohoEmulator extends Emulator {
  clock: SandboxClock;
  oauth: ZohoOAuth;
  limits: ZohoLimits;
  notifications: ZohoNotifications;
  /** `orgId`/`idPrefix`: an org and record IDs of its own (suites sharing one Temporal server). */
  createOrg(input: {
    dc: DataCentre;
    name?: string;
    limits?: Partial<ZohoLimitPolicy>;
    orgId?: string;
    /** 13 digits: record IDs are this plus a 6-digit counter, 19 digits as Zoho's. */
    idPrefix?: string;
  }): ZohoOrgInfo;
  org(orgId: string): ZohoOrg;
  registerClient(client: OAuthClient): void;
  /** Which org signs in at the consent step when the request names none. */
  setConsentOrg(orgId: string): void;
  /** The org lacks this field (its admin never added it): gone from settings/fields, writes and reads. */
  hideField(orgId: string, module: string, apiName: string): void;
  /** A record created as the org's user would (no notification sent); throws on Zoho's refusal. */
  seedRecord(orgId: string, module: string, values: Record<string, unknown>): Record<string, unknown>;
  /** Records as the API presents them (lookups as `{ name, id }`). */
  records(orgId: string, module: string): Array<Record<string, unknown>>;
  credits(orgId: string): CreditUsage;
  channels(orgId: string): WatchChannel[];
  sentNotifications(): SentNotification[];
  /** Resolves when every notification in flight was delivered or ran out of retries. */
  idle(): Promise<void>;
  seedDataset(params?: { dc?: DataCentre; accounts?: number }): ZohoOrgInfo;
}

export function createZohoEmulator(options: ZohoEmulatorOptions = {}): ZohoEmulator {
  const clock = options.clock ?? new SandboxClock();
  const faults = new ZohoFaults(options.seed ?? 42);
  const oauth = new ZohoOAuth(clock, faults, options.refreshesPer10Min ?? 10);
  const limits = new ZohoLimits(clock, { ...DEFAULT_ZOHO_LIMITS, ...options.limits });
  const sender = new WebhookSender({
    faults,
    retryDelaysMs: options.notifications?.retryDelaysMs ?? [100, 500, 2_000],
    timeoutMs: options.notifications?.timeoutMs ?? 5_000,
  });
  const notifications = new ZohoNotifications(clock, sender, options.notifications?.maxChannelExpiryMs);
  const orgs = new Map<string, ZohoOrg>();
  let consentOrg: string | undefined;
  const routes: ZohoRoute[] = [
    ...queryRoutes(notifications),
    ...orgRoutes(),
    ...attachmentRoutes(),
    ...relatedNoteRoutes(),
    ...recordWriteRoutes(),
    ...recordReadRoutes(),
  ];

  const orgOf = (orgId: string | undefined): ZohoOrg | undefined => {
    const id = orgId ?? consentOrg ?? (orgs.size === 1 ? [...orgs.keys()][0] : undefined);
    return id === undefined ? undefined : orgs.get(id);
  };

  const reply = (ctx: SandboxContext, answer: Answer) => {
    // A file's bytes (an attachment download) go out as they are.
    if (Buffer.isBuffer(answer.body)) {
      ctx.res.writeHead(answer.status, { 'content-length': answer.body.length, ...answer.headers });
      ctx.res.end(answer.body);
      return;
    }
    if (answer.body === undefined) send(ctx.res, answer.status, undefined, answer.headers);
    else send(ctx.res, answer.status, answer.body, answer.headers);
  };

  const serve = (route: ZohoRoute) => async (ctx: SandboxContext) => {
    const request = { method: ctx.req.method ?? 'GET', path: ctx.url.pathname };
    try {
      const dc = ctx.params.dc;
      if (!isDataCentre(dc))
        throw new ZohoError(
          404,
          'INVALID_URL_PATTERN',
          'Please check if the URL trying to access is a correct one',
        );
      const grant = oauth.authenticate(ctx.req.headers.authorization, dc, request, route.scope);
      const org = orgs.get(grant.orgId);
      if (!org) throw new ZohoError(401, 'INVALID_TOKEN', 'invalid oauth token');
      const injected = faults.drawZohoShaped(request);
      if (injected?.kind === 'error')
        throw new ZohoError(injected.status, 'INTERNAL_ERROR', 'Internal server error occurred.');
      if (injected?.kind === 'rate_limit')
        throw new ZohoError(
          429,
          'TOO_MANY_REQUESTS',
          'too many requests (injected by the sandbox)',
          {},
          { 'retry-after': String(injected.retryAfterSeconds) },
        );
      const cost = route.cost(ctx);
      const release = limits.admit(org.id, grant.clientId, cost.credits, cost.heavy);
      try {
        const latency = faults.draw(['latency'], request);
        if (latency) await new Promise((resolve) => setTimeout(resolve, latency.latencyMs));
        const origin = `http://${ctx.req.headers.host ?? '127.0.0.1'}`;
        reply(
          ctx,
          route.handle({
            ctx,
            org,
            origin,
            now: clock.now(),
            notify: (changes) => notifications.dispatch(org, changes, origin),
          }),
        );
      } finally {
        release();
      }
    } catch (err) {
      if (!(err instanceof ZohoError)) throw err;
      reply(ctx, { status: err.status, body: err.body, headers: err.headers });
    }
  };

  const emulator: ZohoEmulator = {
    name: 'zoho',
    clock,
    oauth,
    limits,
    notifications,
    faults,
    appliesLatency: true,
    routes(on) {
      for (const route of accountsRoutes(oauth, orgOf)) on(route.method, route.path, route.handler);
      for (const route of routes) on(route.method, `/dc/:dc${route.path}`, serve(route));
    },
    createOrg({ dc, name, limits: policy, orgId: givenId, idPrefix }) {
      const n = orgs.size + 1;
      const orgId = givenId ?? String(60_000_000_000 + n);
      if (orgs.has(orgId)) throw new Error(`Zoho org ${orgId} exists already`);
      const user = {
        id: `${5843100 + n}000000${String(n).padStart(6, '0')}`,
        name: 'Sandbox Admin',
        email: `admin@org${n}.sandbox.zoho`,
      };
      const org = new ZohoOrg(
        orgId,
        dc,
        name ?? `Sandbox org ${n} (${dc})`,
        user,
        idPrefix ?? `${5843100 + n}000001`,
      );
      orgs.set(orgId, org);
      if (policy) limits.setPolicy(orgId, policy);
      return { orgId, dc, userId: user.id, userEmail: user.email };
    },
    org(orgId) {
      const org = orgs.get(orgId);
      if (!org) throw new Error(`no Zoho org ${orgId}`);
      return org;
    },
    registerClient: (client) => oauth.registerClient(client),
    setConsentOrg(orgId) {
      emulator.org(orgId);
      consentOrg = orgId;
    },
    hideField: (orgId, module, apiName) => emulator.org(orgId).hideField(module, apiName),
    seedRecord(orgId, module, values) {
      const org = emulator.org(orgId);
      const def = org.module(module);
      const outcome = writeRecords(org, def, 'create', [values], clock.now());
      const result = outcome.results[0];
      if (result?.status !== 'success')
        throw new Error(`Zoho refused the seed record: ${JSON.stringify(result)}`);
      const id = String(result.details.id);
      const record = org.get(def.apiName, id);
      if (!record) throw new Error(`seeded record ${id} missing`);
      return presentRecord(org, record);
    },
    records(orgId, module) {
      const org = emulator.org(orgId);
      return org.list(org.module(module).apiName).map((r) => presentRecord(org, r));
    },
    credits: (orgId) => limits.usage(orgId),
    channels: (orgId) => notifications.channelsOf(orgId),
    sentNotifications: () => notifications.sent(),
    idle: () => sender.idle(),
    reset() {
      orgs.clear();
      consentOrg = undefined;
      oauth.reset();
      limits.reset();
      notifications.reset();
      sender.reset();
      clock.reset();
    },
    seed: (params) =>
      emulator.seedDataset(
        z
          .object({
            dc: z.enum(DATA_CENTRE_CODES as [DataCentre, ...DataCentre[]]).optional(),
            accounts: z.number().int().min(0).max(500).optional(),
          })
          .parse(params ?? {}),
      ),
    seedDataset({ dc = 'us', accounts = 3 } = {}) {
      const info = emulator.createOrg({ dc });
      for (let i = 1; i <= accounts; i++)
        emulator.seedRecord(info.orgId, 'Accounts', {
          Account_Name: `Sandbox Customer ${i}`,
          Xero_Contact_ID: `xero-contact-${String(i).padStart(4, '0')}`,
          Monthly_Billing: i % 2 === 0,
        });
      return info;
    },
    state: () => ({
      orgs: [...orgs.values()].map((org) => ({
        orgId: org.id,
        dc: org.dc,
        name: org.name,
        records: Object.fromEntries(
          ['Accounts', 'Contacts', 'Deals', 'Tasks', 'Notes', 'Xero_Invoices'].map((m) => [
            m,
            org.list(m).length,
          ]),
        ),
        credits: limits.usage(org.id),
        channels: notifications.channelsOf(org.id).length,
      })),
      notificationsSent: notifications.sent().length,
    }),
  };
  return emulator;
}
