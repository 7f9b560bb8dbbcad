import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type RouteContext } from './router';
import type { FaultInjector, FaultRule } from './faults';
import { faultRuleSchema } from './faults';
import { parseBody, readBody, send } from './http';

/** Everything a vendor emulator's route handlers receive. */
export interface SandboxContext extends RouteContext {
  rawBody: Buffer;
  /** The parsed JSON or form body (undefined when empty). */
  body: unknown;
}

export type SandboxHandler = (ctx: SandboxContext) => Promise<void> | void;

/** One vendor emulator: its routes plus the hooks the control API calls. */
export interface Emulator {
  name: string;
  faults: FaultInjector;
  /** Registers the vendor routes; handlers read ctx.body / ctx.rawBody. */
  routes(
    on: (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, handler: SandboxHandler) => void,
  ): void;
  reset(): void;
  /** Seeds a deterministic dataset; the shape of params is the emulator's own (validated by it). */
  seed(params: unknown): unknown;
  /** A JSON view of the emulator's state for tests and the demo. */
  state(): unknown;
  /**
   * True when the emulator applies injected latency itself, after admitting the call (so a slow
   * call holds its place against concurrency limits, as a slow vendor does).
   */
  appliesLatency?: boolean;
  /** Optional extra control routes, mounted under the control prefix. */
  controlRoutes?(
    on: (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, handler: SandboxHandler) => void,
  ): void;
}

/** Reserved for the control API on every emulator; no vendor path starts with it. */
export const CONTROL_PREFIX = '/__sandbox';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
}

export interface SandboxServer {
  url: string;
  port: number;
  /** The last requests served (vendor routes only), newest last. */
  requests(): RecordedRequest[];
  close(): Promise<void>;
}

export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`sandbox error ${status}`);
  }
}

/**
 * Serves an emulator over HTTP. Order per request: control API, else injected faults (latency,
 * dropped or hung connection, 5xx, 429), else the vendor route (whose answer a drop or hang drawn
 * with afterHandler then loses). Vendor handlers may throw SandboxHttpError
 * to answer with a vendor-shaped error body.
 */
export async function startSandboxServer(
  emulator: Emulator,
  options: { host?: string; port?: number; requestLogSize?: number } = {},
): Promise<SandboxServer> {
  const vendor = new Router();
  const control = new Router();
  const log: RecordedRequest[] = [];
  const logSize = options.requestLogSize ?? 1_000;

  const adapt = (handler: SandboxHandler) => async (ctx: RouteContext) => {
    const rawBody = await readBody(ctx.req);
    let body: unknown;
    try {
      body = parseBody(rawBody, ctx.req.headers['content-type']);
    } catch {
      throw new SandboxHttpError(400, { error: 'malformed_body', message: 'request body is not valid JSON' });
    }
    await handler({ ...ctx, rawBody, body });
  };
  emulator.routes((method, path, handler) => vendor.on(method, path, adapt(handler)));
  registerControlRoutes(emulator, control, adapt, () => log);
  emulator.controlRoutes?.((method, path, handler) =>
    control.on(method, `${CONTROL_PREFIX}${path}`, adapt(handler)),
  );

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const isControl = url.pathname.startsWith(CONTROL_PREFIX);
    if (!isControl) {
      res.on('finish', () => {
        log.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.search,
          status: res.statusCode,
          at: Date.now(),
        });
        if (log.length > logSize) log.splice(0, log.length - logSize);
      });
    }
    void handle(
      req,
      res,
      url,
      isControl ? control : vendor,
      isControl ? undefined : emulator.faults,
      emulator.appliesLatency ?? false,
    );
  });
  // Real vendors keep connections alive; the SDKs' agents expect it.
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    port,
    requests: () => [...log],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
  router: Router,
  faults: FaultInjector | undefined,
  emulatorAppliesLatency: boolean,
): Promise<void> {
  try {
    if (faults) {
      const request = { method: req.method ?? 'GET', path: url.pathname };
      const latency = emulatorAppliesLatency ? undefined : faults.draw(['latency'], request);
      if (latency) await new Promise((resolve) => setTimeout(resolve, latency.latencyMs));
      const fault = faults.draw(['drop', 'hang', 'error', 'rate_limit'], request);
      if (fault?.kind === 'drop' || fault?.kind === 'hang') {
        if (!fault.afterHandler) return loseAnswer(req, fault);
        swallowAnswer(res, () => loseAnswer(req, fault));
      }
      if (fault?.kind === 'error')
        return send(res, fault.status, { error: 'sandbox_injected_fault', status: fault.status });
      if (fault?.kind === 'rate_limit') {
        return send(
          res,
          429,
          { error: 'sandbox_injected_rate_limit' },
          { 'retry-after': fault.retryAfterSeconds },
        );
      }
    }
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (found === undefined) return send(res, 404, { error: 'not_found', path: url.pathname });
    if (found === 'method') return send(res, 405, { error: 'method_not_allowed' });
    await found.handler({ req, res, url, params: found.params });
  } catch (err) {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (err instanceof SandboxHttpError) return send(res, err.status, err.body);
    send(res, 500, {
      error: 'sandbox_internal_error',
      message: err instanceof Error ? err.message : String(err),
    });
  }
}

/** A dropped connection at once, or a silent one closed after latencyMs (a client timeout). */
function loseAnswer(req: http.IncomingMessage, fault: FaultRule): void {
  if (fault.kind === 'drop') return void req.socket.destroy();
  const timer = setTimeout(() => req.socket.destroy(), fault.latencyMs);
  req.socket.once('close', () => clearTimeout(timer));
}

/** The handler runs (its write is made) but what it answers never leaves: `then` loses the answer. */
function swallowAnswer(res: http.ServerResponse, then: () => void): void {
  let lost = false;
  res.writeHead = (() => res) as unknown as typeof res.writeHead;
  res.write = (() => true) as typeof res.write;
  res.end = (() => {
    if (!lost) then();
    lost = true;
    return res;
  }) as typeof res.end;
}

function registerControlRoutes(
  emulator: Emulator,
  control: Router,
  adapt: (handler: SandboxHandler) => (ctx: RouteContext) => Promise<void>,
  log: () => RecordedRequest[],
): void {
  const on = (method: 'GET' | 'POST' | 'DELETE', path: string, handler: SandboxHandler) =>
    control.on(method, `${CONTROL_PREFIX}${path}`, adapt(handler));
  on('GET', '/state', ({ res }) => send(res, 200, emulator.state()));
  on('POST', '/reset', ({ res }) => {
    emulator.reset();
    emulator.faults.clear();
    send(res, 200, { reset: true });
  });
  on('POST', '/seed', ({ res, body }) => send(res, 200, emulator.seed(body ?? {})));
  on('GET', '/faults', ({ res }) => send(res, 200, emulator.faults.list()));
  on('POST', '/faults', ({ res, body }) => {
    const parsed = faultRuleSchema.safeParse(body);
    if (!parsed.success) {
      return send(res, 400, {
        error: 'invalid_fault',
        issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
      });
    }
    send(res, 201, emulator.faults.add(parsed.data));
  });
  on('DELETE', '/faults', ({ res }) => {
    emulator.faults.clear();
    send(res, 200, { cleared: true });
  });
  on('GET', '/requests', ({ res }) => send(res, 200, log()));
}
