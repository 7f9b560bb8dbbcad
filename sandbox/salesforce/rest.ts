import type { Clock } from '../core/clock';
import { send } from '../core/http';
import type { RateLimiter } from '../core/rateLimiter';
import { SandboxHttpError, type SandboxContext, type SandboxHandler } from '../core/server';
import { versionData } from './content';
import { describeGlobalEntry, describeObject } from './describe';
import { asStatus, httpError, notFound, sfError, SfRequestError, type SfError } from './errors';
import type { SalesforceIdentity, SfSession } from './identity';
import { normalizeId } from './ids';
import type { ObjectDef } from './schema';
import { attributes, executeSoql, serializeValue } from './soql';
import type { Fields, SaveEvent, SaveResult, Store } from './store';

/**
 * The REST API under /services/data (REST API Developer Guide): versions, resources, limits,
 * describe, sObject rows (CRUD, upsert by external ID), sObject Collections, Composite, and
 * query/queryAll with query locators. Every call under /services/data/vXX.X counts against the org's
 * rolling 24-hour API request limit and reports usage in Sforce-Limit-Info.
 */
export interface RestResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RestDeps {
  store: Store;
  identity: SalesforceIdentity;
  clock: Clock;
  limiter: RateLimiter;
  dailyLimit: number;
  minVersion: number;
  maxVersion: number;
  onCommit(events: SaveEvent[]): void;
}

interface Cursor {
  rows: Array<Record<string, unknown>>;
  batch: number;
  lastUsed: number;
}

const CURSOR_TTL_MS = 15 * 60_000;
const MAX_COLLECTION = 200;
const MAX_COMPOSITE = 25;
const ROLLED_BACK: SfError = sfError(
  'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  'Record rolled back because not all records were valid and the request was using AllOrNone header',
  [],
);

export function releaseLabel(version: number): string {
  // v62.0 was Winter '25; three releases a year (Winter, Spring, Summer).
  const k = Math.round(version) - 62;
  const season = ['Winter', 'Spring', 'Summer'][((k % 3) + 3) % 3];
  return `${season} '${25 + Math.floor(k / 3)}`;
}

export class RestApi {
  private readonly cursors = new Map<string, Cursor>();
  private cursorSeq = 0;

  constructor(private readonly deps: RestDeps) {}

  reset(): void {
    this.cursors.clear();
    this.cursorSeq = 0;
  }

  versions(): Array<{ label: string; url: string; version: string }> {
    const out = [];
    for (let v = this.deps.minVersion; v <= this.deps.maxVersion; v++)
      out.push({ label: releaseLabel(v), url: `/services/data/v${v}.0`, version: `${v}.0` });
    return out;
  }

  routes(
    on: (method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', path: string, handler: SandboxHandler) => void,
  ): void {
    const handler: SandboxHandler = (ctx) => this.handle(ctx);
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'] as const)
      on(method, '/services/data(?:/.*)?', handler);
  }

  private handle(ctx: SandboxContext): void {
    const path = ctx.url.pathname.replace(/\/+$/, '');
    const method = ctx.req.method ?? 'GET';
    if (path === '/services/data') {
      if (method !== 'GET')
        throw httpError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are GET`);
      return send(ctx.res, 200, this.versions());
    }
    const m = /^\/services\/data\/v(\d+)\.(\d)(\/.*)?$/.exec(path);
    const major = m ? Number(m[1]) : NaN;
    if (!m || major < this.deps.minVersion || major > this.deps.maxVersion || m[2] !== '0') throw notFound();
    const version = `${major}.0`;
    const session = this.deps.identity.authenticate(ctx);
    const orgKey = this.deps.store.orgId;
    const admission = this.deps.limiter.tryAcquire(orgKey);
    if (admission.ok) admission.release();
    const remaining = this.deps.limiter.peek(orgKey).day ?? 0;
    ctx.res.setHeader(
      'Sforce-Limit-Info',
      `api-usage=${this.deps.dailyLimit - remaining}/${this.deps.dailyLimit}`,
    );
    if (!admission.ok) throw httpError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
    const headers = ctx.req.headers;
    const queryOptions = String(headers['sforce-query-options'] ?? '');
    const result = this.run(
      method,
      m[3] ?? '',
      ctx.url.searchParams,
      ctx.body,
      version,
      session,
      queryOptions,
    );
    if (Buffer.isBuffer(result.body)) {
      // A blob field's content (REST API: Get Blob Data), as bytes.
      ctx.res.writeHead(result.status, {
        'content-type': 'application/octetstream',
        'content-length': result.body.length,
        ...result.headers,
      });
      ctx.res.end(result.body);
      return;
    }
    send(ctx.res, result.status, result.status === 204 ? undefined : result.body, result.headers ?? {});
  }

  /** Runs one REST call as its own transaction: rolled back on failure, committed (and notified) on success. */
  run(
    method: string,
    rest: string,
    query: URLSearchParams,
    body: unknown,
    version: string,
    session: SfSession,
    queryOptions = '',
  ): RestResult {
    const mark = this.deps.store.mark();
    let result: RestResult;
    try {
      result = this.dispatch(method, rest, query, body, version, session, queryOptions);
    } catch (err) {
      this.deps.store.rollbackTo(mark);
      this.deps.store.commit();
      if (err instanceof SfRequestError) throw new SandboxHttpError(err.status, [err.error]);
      throw err;
    }
    if (result.status >= 400) this.deps.store.rollbackTo(mark);
    this.deps.onCommit(this.deps.store.commit());
    return result;
  }

  /** One resource call without the transaction boundary (composite subrequests share the caller's). */
  dispatch(
    method: string,
    rest: string,
    query: URLSearchParams,
    body: unknown,
    version: string,
    session: SfSession,
    queryOptions = '',
  ): RestResult {
    const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
    const [head, a, b, c] = parts;
    const ok = (b: unknown, status = 200): RestResult => ({ status, body: b });
    if (!head) {
      if (method !== 'GET') throw notFound();
      const base = `/services/data/v${version}`;
      return ok(
        Object.fromEntries(
          [
            'sobjects',
            'query',
            'queryAll',
            'limits',
            'composite',
            'search',
            'recent',
            'tooling',
            'metadata',
          ].map((r) => [r, `${base}/${r}`]),
        ),
      );
    }
    switch (head) {
      case 'limits':
        if (method !== 'GET' || a) throw notFound();
        return ok(this.limits());
      case 'query':
      case 'queryAll':
        if (method !== 'GET') throw notFound();
        return ok(this.query(a, query, version, head === 'queryAll', queryOptions));
      case 'sobjects':
        return this.sobjects(method, parts.slice(1), query, body, version, session);
      case 'composite':
        if (a === 'sobjects') return this.collections(method, parts.slice(2), query, body, version, session);
        if (!a && method === 'POST') return ok(this.composite(body, version, session));
        throw notFound();
      default:
        void b;
        void c;
        throw notFound();
    }
  }

  private limits(): Record<string, { Max: number; Remaining: number }> {
    const remaining = this.deps.limiter.peek(this.deps.store.orgId).day ?? 0;
    return {
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      ConcurrentSyncReportRuns: { Max: 20, Remaining: 20 },
      DailyApiRequests: { Max: this.deps.dailyLimit, Remaining: remaining },
      DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
      DailyStreamingApiEvents: { Max: 1000000, Remaining: 1000000 },
      DataStorageMB: { Max: 1024, Remaining: 1024 - Math.ceil((this.deps.store.records.size * 2) / 1024) },
      FileStorageMB: { Max: 10240, Remaining: 10240 },
      HourlyTimeBasedWorkflow: { Max: 1000, Remaining: 1000 },
      SingleEmail: { Max: 5000, Remaining: 5000 },
    };
  }

  // ---- query ----

  private query(
    locator: string | undefined,
    params: URLSearchParams,
    version: string,
    all: boolean,
    options: string,
  ) {
    const now = this.deps.clock.now();
    for (const [id, cursor] of this.cursors)
      if (now - cursor.lastUsed > CURSOR_TTL_MS) this.cursors.delete(id);
    if (locator) {
      const [id, offsetText] = locator.split('-');
      const cursor = this.cursors.get(id ?? '');
      const offset = Number(offsetText);
      if (!cursor || !Number.isInteger(offset) || offset < 0 || offset > cursor.rows.length)
        throw httpError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      cursor.lastUsed = now;
      return this.page(id as string, cursor, offset, version);
    }
    const soql = params.get('q');
    if (!soql) throw httpError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const result = executeSoql(this.deps.store, soql, { now, version, includeDeleted: all });
    // Sforce-Query-Options: batchSize=n, 200..2,000 (default 2,000); Salesforce may use a larger one.
    const requested = Number(/batchSize\s*=\s*(\d+)/i.exec(options)?.[1] ?? 2000);
    const batch = Math.min(2000, Math.max(200, requested));
    if (result.records.length <= batch)
      return { totalSize: result.totalSize, done: true, records: result.records };
    const id = `01g8c0${String(++this.cursorSeq).padStart(9, '0')}AAA`;
    const cursor: Cursor = { rows: result.records, batch, lastUsed: now };
    this.cursors.set(id, cursor);
    // A user holds at most 10 open cursors; the oldest goes first.
    while (this.cursors.size > 10) this.cursors.delete(this.cursors.keys().next().value as string);
    return this.page(id, cursor, 0, version);
  }

  private page(id: string, cursor: Cursor, offset: number, version: string) {
    const records = cursor.rows.slice(offset, offset + cursor.batch);
    const next = offset + cursor.batch;
    const done = next >= cursor.rows.length;
    if (done) this.cursors.delete(id);
    return {
      totalSize: cursor.rows.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${id}-${next}` }),
      records,
    };
  }

  // ---- sObject rows ----

  private objectOf(name: string | undefined): ObjectDef {
    const object = name ? this.deps.store.schema.object(name) : undefined;
    if (!object) throw notFound();
    return object;
  }

  private sobjects(
    method: string,
    parts: string[],
    query: URLSearchParams,
    body: unknown,
    version: string,
    session: SfSession,
  ): RestResult {
    const { store } = this.deps;
    const [type, second, third, fourth] = parts;
    if (!type) {
      if (method !== 'GET') throw notFound();
      return {
        status: 200,
        body: {
          encoding: 'UTF-8',
          maxBatchSize: 200,
          sobjects: store.schema.list().map((o) => describeGlobalEntry(o, version)),
        },
      };
    }
    const object = this.objectOf(type);
    if (fourth !== undefined) throw notFound();
    if (second === undefined) {
      if (method === 'GET')
        return {
          status: 200,
          body: { objectDescribe: describeGlobalEntry(object, version), recentItems: [] },
        };
      if (method !== 'POST') throw notFound();
      const input = this.recordBody(body);
      if ('Id' in input || 'id' in input)
        throw httpError(
          400,
          'INVALID_FIELD_FOR_INSERT_UPDATE',
          'Unable to create/update fields: Id. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
          ['Id'],
        );
      const r = store.insert(object.name, input, session);
      if (!r.ok) throw new SandboxHttpError(400, r.errors);
      return { status: 201, body: { id: r.id, success: true, errors: [] } };
    }
    if (second === 'describe' && third === undefined) {
      if (method !== 'GET') throw notFound();
      return { status: 200, body: describeObject(store.schema, object, version) };
    }
    // /sobjects/{type}/{id} or /sobjects/{type}/{externalIdField}/{value}
    let id: string;
    if (third === undefined) {
      const canonical = normalizeId(second);
      if (!canonical || store.schema.byPrefix(canonical)?.name !== object.name) {
        if (method === 'PATCH' || method === 'POST') throw notFound();
        throw httpError(
          404,
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${second}`,
        );
      }
      id = canonical;
    } else {
      if (method === 'PATCH' || method === 'POST')
        return this.upsertOne(object, second, third, body, version, session);
      const blob = method === 'GET' ? versionData(store, object.name, second, third) : undefined;
      if (blob) return { status: 200, body: blob };
      const field = store.schema.field(object.name, second);
      if (!field || !(field.externalId || field.type === 'id'))
        throw httpError(
          404,
          'NOT_FOUND',
          `Provided external ID field does not exist or is not accessible: ${second}`,
        );
      const matches = store.findByExternalId(object, field, third);
      if (matches.length > 1)
        return {
          status: 300,
          body: matches.map(
            (r) => `/services/data/v${version}/sobjects/${object.name}/${String(r.fields.Id)}`,
          ),
        };
      if (matches.length === 0) throw notFound();
      id = matches[0]?.fields.Id as string;
    }
    const record = store.records.get(id);
    if (!record || record.type !== object.name) throw notFound();
    if (record.fields.IsDeleted === true) throw httpError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    switch (method) {
      case 'GET':
        return { status: 200, body: this.row(object, record.fields, query.get('fields'), version) };
      case 'PATCH': {
        const r = store.update(object.name, id, this.recordBody(body), session);
        if (!r.ok) throw new SandboxHttpError(400, r.errors);
        return { status: 204, body: undefined };
      }
      case 'DELETE': {
        const r = store.delete(object.name, id, session);
        if (!r.ok) throw new SandboxHttpError(400, r.errors);
        return { status: 204, body: undefined };
      }
      default:
        throw notFound();
    }
  }

  private upsertOne(
    object: ObjectDef,
    fieldName: string,
    value: string,
    body: unknown,
    version: string,
    session: SfSession,
  ): RestResult {
    const r = this.deps.store.upsert(object.name, fieldName, value, this.recordBody(body), session);
    if (r.ok === 'multiple')
      return {
        status: 300,
        body: r.ids.map((id) => `/services/data/v${version}/sobjects/${object.name}/${id}`),
      };
    if (!r.ok) {
      const notFoundError = r.errors[0]?.errorCode === 'NOT_FOUND';
      throw new SandboxHttpError(notFoundError ? 404 : 400, r.errors);
    }
    // API 46.0+: 201 with created:true when inserted, 200 with created:false when updated.
    return {
      status: r.created ? 201 : 200,
      body: { id: r.id, success: true, errors: [], created: Boolean(r.created) },
    };
  }

  private recordBody(body: unknown): Fields {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw httpError(
        400,
        'JSON_PARSER_ERROR',
        'The request body must be a JSON object representing the record',
      );
    return body as Fields;
  }

  /** A record as GET sobjects/{type}/{id} returns it: attributes, then every field (or `fields=`). */
  row(object: ObjectDef, fields: Fields, only: string | null, version: string): Record<string, unknown> {
    const schema = this.deps.store.schema;
    const defs = only
      ? only.split(',').map((name) => {
          const f = schema.field(object.name, name.trim());
          if (!f)
            throw httpError(
              400,
              'INVALID_FIELD',
              `No such column '${name.trim()}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
          return f;
        })
      : object.fields;
    const out: Record<string, unknown> = {
      attributes: attributes(object.name, fields.Id as string, version),
    };
    const url = attributes(object.name, fields.Id as string, version).url;
    for (const f of defs) out[f.name] = serializeValue(f, fields[f.name], url);
    return out;
  }

  // ---- sObject Collections ----

  private collections(
    method: string,
    parts: string[],
    query: URLSearchParams,
    body: unknown,
    version: string,
    session: SfSession,
  ): RestResult {
    const { store } = this.deps;
    const [type, extField] = parts;
    if (type && (method === 'GET' || method === 'POST') && !extField) {
      const object = this.objectOf(type);
      const input = (method === 'POST' ? body : {}) as { ids?: string[]; fields?: string[] };
      const ids = method === 'GET' ? (query.get('ids') ?? '').split(',').filter(Boolean) : (input.ids ?? []);
      const fields = method === 'GET' ? query.get('fields') : (input.fields ?? []).join(',');
      if (!fields) throw httpError(400, 'INVALID_FIELD', 'The fields parameter is required');
      if (ids.length > 2000)
        throw httpError(
          400,
          'EXCEEDED_ID_LIMIT',
          'record limit reached. cannot submit more than 2000 records into this call',
        );
      return {
        status: 200,
        body: ids.map((raw) => {
          const record = store.get(raw);
          if (!record || record.type !== object.name || record.fields.IsDeleted === true) return null;
          return this.row(object, record.fields, fields, version);
        }),
      };
    }
    const allOrNone =
      method === 'DELETE'
        ? query.get('allOrNone') === 'true'
        : Boolean((body as { allOrNone?: unknown })?.allOrNone);
    let ops: Array<() => SaveResult | { ok: 'multiple'; ids: string[] }>;
    let upsert = false;
    if (method === 'DELETE' && !type) {
      const ids = (query.get('ids') ?? '').split(',').filter(Boolean);
      this.checkCount(ids.length);
      ops = ids.map((id) => () => store.delete(undefined, id, session));
    } else {
      const records = (body as { records?: unknown })?.records;
      if (!Array.isArray(records))
        throw httpError(400, 'JSON_PARSER_ERROR', 'The request body must contain a records array');
      this.checkCount(records.length);
      const typed = records as Array<Fields & { attributes?: { type?: string } }>;
      if (method === 'POST' && !type) {
        ops = typed.map((r) => () => {
          const { attributes: attrs, ...fields } = r;
          if (!attrs?.type)
            return { ok: false, errors: [sfError('INVALID_TYPE', 'Must send a concrete entity type.')] };
          if ('Id' in fields || 'id' in fields)
            return {
              ok: false,
              errors: [
                sfError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']),
              ],
            };
          return store.insert(attrs.type, fields, session);
        });
      } else if (method === 'PATCH' && !type) {
        ops = typed.map((r) => () => {
          const { attributes: attrs, id, Id, ...fields } = r;
          const recordId = (id ?? Id) as string | undefined;
          if (!recordId)
            return {
              ok: false,
              errors: [sfError('MISSING_ARGUMENT', 'Id not specified in an update call', [])],
            };
          return store.update(attrs?.type, recordId, fields, session);
        });
      } else if (method === 'PATCH' && type && extField) {
        const object = this.objectOf(type);
        const field = store.schema.field(object.name, extField);
        if (!field || !(field.externalId || field.type === 'id'))
          throw httpError(
            404,
            'NOT_FOUND',
            `Provided external ID field does not exist or is not accessible: ${extField}`,
          );
        upsert = true;
        ops = typed.map((r) => () => {
          const { attributes: attrs, ...fields } = r;
          if (attrs?.type && attrs.type.toLowerCase() !== object.name.toLowerCase())
            return {
              ok: false,
              errors: [sfError('INVALID_TYPE', `Record type ${attrs.type} does not match ${object.name}`)],
            };
          const key = Object.keys(fields).find((k) => k.toLowerCase() === field.name.toLowerCase());
          const value = key ? fields[key] : undefined;
          if (value === undefined || value === null || value === '')
            return { ok: false, errors: [sfError('MISSING_ARGUMENT', `${field.name} not specified`, [])] };
          return store.upsert(object.name, field.name, String(value), fields, session);
        });
      } else throw notFound();
    }
    const mark = store.mark();
    const results = ops.map((op) => {
      const r = op();
      if (r.ok === 'multiple')
        return {
          ok: false as const,
          errors: [
            sfError(
              'DUPLICATE_EXTERNAL_ID',
              `${extField}: more than one record found for external id field: [${r.ids.join(', ')}]`,
              [],
            ),
          ],
        };
      return r;
    });
    const failed = results.some((r) => !r.ok);
    if (allOrNone && failed) store.rollbackTo(mark);
    const ids = method === 'DELETE' ? (query.get('ids') ?? '').split(',').filter(Boolean) : [];
    return {
      status: 200,
      body: results.map((r, i) => {
        const idPart = method === 'DELETE' ? { id: normalizeId(ids[i] ?? '') ?? ids[i] } : {};
        if (!r.ok) return { ...idPart, success: false, errors: r.errors.map(asStatus) };
        if (allOrNone && failed) return { ...idPart, success: false, errors: [asStatus(ROLLED_BACK)] };
        return { id: r.id, success: true, errors: [], ...(upsert ? { created: Boolean(r.created) } : {}) };
      }),
    };
  }

  private checkCount(n: number): void {
    if (n > MAX_COLLECTION)
      throw httpError(
        400,
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`,
      );
  }

  // ---- Composite ----

  private composite(body: unknown, version: string, session: SfSession): { compositeResponse: unknown[] } {
    const input = (body ?? {}) as {
      allOrNone?: boolean;
      compositeRequest?: Array<{
        method?: string;
        url?: string;
        referenceId?: string;
        body?: unknown;
        httpHeaders?: Record<string, string>;
      }>;
    };
    const requests = input.compositeRequest;
    if (!Array.isArray(requests) || requests.length === 0)
      throw httpError(400, 'JSON_PARSER_ERROR', 'compositeRequest is required');
    if (requests.length > MAX_COMPOSITE)
      throw httpError(
        400,
        'LIMIT_EXCEEDED',
        `Composite request limit exceeded: at most ${MAX_COMPOSITE} subrequests`,
      );
    const refs = new Map<string, unknown>();
    const failedRefs = new Set<string>();
    const responses: Array<{
      body: unknown;
      httpHeaders: Record<string, string>;
      httpStatusCode: number;
      referenceId: string;
    }> = [];
    const mark = this.deps.store.mark();
    let haltedAt = -1;
    for (const [i, sub] of requests.entries()) {
      const referenceId = sub.referenceId ?? `ref${i}`;
      if (haltedAt >= 0) {
        responses.push(halted(referenceId));
        continue;
      }
      let result: RestResult;
      try {
        const url = substitute(String(sub.url ?? ''), refs, failedRefs) as string;
        const subBody = substitute(sub.body, refs, failedRefs);
        const parsed = new URL(url, 'http://composite.local');
        const m = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(parsed.pathname);
        if (!m) throw notFound();
        const method = (sub.method ?? 'GET').toUpperCase();
        const options = sub.httpHeaders?.['Sforce-Query-Options'] ?? '';
        result = this.dispatch(
          method,
          m[2] ?? '',
          parsed.searchParams,
          subBody,
          m[1] as string,
          session,
          options,
        );
        if (method === 'POST' && result.status === 201 && /\/sobjects\/[^/]+$/.test(parsed.pathname)) {
          const id = (result.body as { id?: string }).id;
          result.headers = { Location: `${parsed.pathname}/${id ?? ''}` };
        }
      } catch (err) {
        if (err instanceof ReferenceFailure) result = { status: 400, body: [err.error] };
        else if (err instanceof SfRequestError) result = { status: err.status, body: [err.error] };
        else if (err instanceof SandboxHttpError) result = { status: err.status, body: err.body };
        else throw err;
      }
      responses.push({
        body: result.status === 204 ? null : result.body,
        httpHeaders: result.headers ?? {},
        httpStatusCode: result.status,
        referenceId,
      });
      if (result.status >= 400) {
        failedRefs.add(referenceId);
        if (input.allOrNone) haltedAt = i;
      } else refs.set(referenceId, result.body);
    }
    if (haltedAt >= 0) {
      // allOrNone: everything rolls back; the others report PROCESSING_HALTED.
      this.deps.store.rollbackTo(mark);
      for (const [i, r] of responses.entries()) if (i !== haltedAt) responses[i] = halted(r.referenceId);
    }
    return { compositeResponse: responses };
  }
}

class ReferenceFailure extends Error {
  constructor(readonly error: SfError) {
    super(error.message);
  }
}

function halted(referenceId: string) {
  return {
    body: [
      sfError(
        'PROCESSING_HALTED',
        'The transaction was rolled back since another operation in the same transaction failed.',
      ),
    ],
    httpHeaders: {},
    httpStatusCode: 400,
    referenceId,
  };
}

/** Replaces @{ref.path} references (e.g. @{NewAccount.id}, @{Q.records[0].Id}) in a URL or body. */
function substitute(value: unknown, refs: Map<string, unknown>, failed: Set<string>): unknown {
  if (typeof value === 'string') {
    const whole = /^@\{([^}]+)\}$/.exec(value);
    const lookup = (expr: string): unknown => {
      const [refId, ...path] = expr.split('.');
      if (!refs.has(refId ?? '')) {
        throw new ReferenceFailure(
          sfError(
            'PROCESSING_HALTED',
            failed.has(refId ?? '')
              ? `Invalid reference specified. No value for ${expr} found in ${refId ?? ''}. Provided referenceId ('${refId ?? ''}') refers to a failed subrequest.`
              : `Invalid reference specified. No value for ${expr} found in ${refId ?? ''}.`,
          ),
        );
      }
      let current: unknown = refs.get(refId ?? '');
      for (const segment of path
        .join('.')
        .split(/\.|\[(\d+)\]/)
        .filter((s) => s !== undefined && s !== '')) {
        current =
          current && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
      }
      if (current === undefined)
        throw new ReferenceFailure(
          sfError(
            'PROCESSING_HALTED',
            `Invalid reference specified. No value for ${expr} found in ${refId ?? ''}.`,
          ),
        );
      return current;
    };
    if (whole) return lookup(whole[1] as string);
    return value.replace(/@\{([^}]+)\}/g, (_, expr: string) => String(lookup(expr)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, refs, failed));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, refs, failed)]));
  return value;
}
