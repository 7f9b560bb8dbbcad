import type { SandboxClock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import type { RateLimiter } from '../core/rateLimiter';
import { Router, type Method } from '../core/router';
import { SandboxHttpError, type SandboxContext, type SandboxHandler } from '../core/server';
import { installContentTriggers } from './content';
import { httpError, notFound } from './errors';
import { SalesforceIdentity, type ExternalClientApp, type IdentityOptions } from './identity';
import { base62, normalizeId } from './ids';
import { OutboundNotifier, type OutboundConfig } from './outbound';
import { RestApi } from './rest';
import type { Schema } from './schema';
import { CLOSED_WON_FLOW, seedSalesforce, type SalesforceSeed, type SeededOrg } from './seed';
import { formatDateTime, Store } from './store';

/**
 * One org of the emulator: its records, users, External Client Apps, sessions, REST API and
 * outbound callout, all its own. A token is issued by one org's identity and only that org's REST
 * API accepts it, so a session of one org never reads or writes another's data. The first org
 * lives at the emulator's root; each further org at `/orgs/{orgId}`, which stands in for its My
 * Domain (`https://{domain}.my.salesforce.com`) and is what its token responses give as instance_url.
 */
export interface OrgDeps {
  clock: SandboxClock;
  faults: FaultInjector;
  schema: Schema;
  /** Shared by the orgs and keyed by org ID: each org has its own 24-hour API budget. */
  limiter: RateLimiter;
  dailyLimit: number;
  minVersion: number;
  maxVersion: number;
  identity?: IdentityOptions;
  outboundRetryDelaysMs?: number[];
}

export const ORG_PATH = '/orgs';
/** The first org's IDs carry the instance part 8c, the next org's 8d, and so on. */
const FIRST_POD = 8 * 62 + 12;

export class SalesforceOrg {
  readonly store: Store;
  readonly identity: SalesforceIdentity;
  readonly rest: RestApi;
  readonly outbound: OutboundNotifier;
  readonly apps: ExternalClientApp[] = [];
  private seeded: SeededOrg;
  private readonly router = new Router();

  constructor(
    deps: OrgDeps,
    /** 0 for the org at the root. */
    readonly index: number,
    dataset: SalesforceSeed,
  ) {
    const store = new Store(deps.schema, deps.clock, base62(FIRST_POD + index, 2));
    installContentTriggers(store);
    this.store = store;
    this.identity = new SalesforceIdentity(
      deps.clock,
      deps.faults,
      store,
      deps.identity,
      () => this.pathPrefix,
    );
    this.outbound = new OutboundNotifier(deps.clock, deps.faults, deps.outboundRetryDelaysMs);
    this.rest = new RestApi({
      store,
      identity: this.identity,
      clock: deps.clock,
      limiter: deps.limiter,
      dailyLimit: deps.dailyLimit,
      minVersion: deps.minVersion,
      maxVersion: deps.maxVersion,
      onCommit: (events) => this.outbound.onCommit(store.orgId, events, formatDateTime),
    });
    this.seeded = seedSalesforce(store, dataset);
    // The router only ever receives the SandboxContext `serve` passes on.
    const on = (method: Method, path: string, handler: SandboxHandler) =>
      this.router.on(method, path, (ctx) => handler(ctx as SandboxContext));
    this.identity.routes(on);
    this.rest.routes(on);
  }

  get orgId(): string {
    return this.store.orgId;
  }

  /** '' for the org at the root, else `/orgs/{orgId}`. */
  get pathPrefix(): string {
    return this.index === 0 ? '' : `${ORG_PATH}/${this.store.orgId}`;
  }

  /** The org as seeded last (IDs of the org, integration user and records). */
  get seed(): SeededOrg {
    return this.seeded;
  }

  /** Serves a request addressed to this org; `path` is what follows the org's prefix. */
  async serve(ctx: SandboxContext, path: string): Promise<void> {
    const found = this.router.match(ctx.req.method ?? 'GET', path);
    if (found === undefined) throw notFound();
    if (found === 'method')
      throw httpError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${ctx.req.method ?? ''}' not allowed`);
    const url = new URL(ctx.url);
    url.pathname = path;
    await found.handler({ ...ctx, url, params: found.params });
  }

  registerApp(app: ExternalClientApp): void {
    this.identity.registerApp(app);
    this.apps.push(app);
  }

  configureOutbound(config: OutboundConfig | undefined): void {
    this.outbound.configure(config);
  }

  /**
   * The Closed Won flow activated or deactivated in Setup (record-triggered flows deploy inactive
   * to production-type orgs): FlowDefinitionView answers accordingly, and an inactive flow sends
   * no Closed Won callout.
   */
  setClosedWonFlowActive(active: boolean): void {
    const flow = this.store.all('FlowDefinitionView').find((r) => r.fields.ApiName === CLOSED_WON_FLOW);
    if (!flow) throw new Error('no Closed Won flow in this org');
    flow.fields.IsActive = active;
    flow.fields.ActiveVersionId = active ? '301000000000001AAA' : null;
    this.outbound.setFlowActive(active);
  }

  /** Saves made as a person in the org would (UI, flows): validated, and they notify like API saves. */
  asUser<T>(write: (userId: string) => T): T {
    const mark = this.store.mark();
    try {
      const r = write(this.seeded.userId);
      this.outbound.onCommit(this.store.orgId, this.store.commit(), formatDateTime);
      return r;
    } catch (err) {
      this.store.rollbackTo(mark);
      this.store.commit();
      throw err;
    }
  }

  /** The Opportunity page's re-sync button (Apex LedgerbridgeResync.requestResync). */
  requestResync(opportunityId: string): void {
    const id = normalizeId(opportunityId);
    const record = id ? this.store.records.get(id) : undefined;
    if (!record || record.type !== 'Opportunity' || record.fields.IsDeleted === true)
      throw new SandboxHttpError(400, { message: 'This opportunity no longer exists or you cannot see it.' });
    try {
      this.outbound.requestResync(
        this.store.orgId,
        record.fields.Id as string,
        record.fields,
        formatDateTime,
      );
    } catch (err) {
      throw new SandboxHttpError(400, { message: err instanceof Error ? err.message : String(err) });
    }
  }

  /** New records (sessions end; apps and the outbound target stay). */
  reseed(params: SalesforceSeed): SeededOrg {
    this.identity.reset();
    this.rest.reset();
    this.seeded = seedSalesforce(this.store, params);
    return this.seeded;
  }

  /** As at start-up: the dataset again, no sessions, deliveries or validation rules. */
  reset(dataset: SalesforceSeed): void {
    this.identity.reset();
    this.rest.reset();
    this.outbound.reset();
    this.store.validationRules.length = 0;
    this.seeded = seedSalesforce(this.store, dataset);
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const o of this.store.schema.list()) counts[o.name] = this.store.count(o.name);
    return counts;
  }
}
