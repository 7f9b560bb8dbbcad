import fc from 'fast-check';
import { hubspotSignatureV3 } from '../../../worker/webhooks/hubspotSignature';
import { TEST_SECRETS } from './appIngress';
import { signedHeaders, validBody, xeroEvent, type WebhookVendor } from './signedDeliveries';

/** What a route does with a request, so the generator can sign and shape bodies for it. */
type RouteKind = WebhookVendor | 'extension' | 'codec' | 'metrics' | 'plain';

/** Every route of both listeners, with `:param` placeholders. */
const ROUTES: Array<{ listener: 'public' | 'ops'; method: string; path: string; kind: RouteKind }> = [
  { listener: 'public', method: 'GET', path: '/healthz', kind: 'plain' },
  { listener: 'public', method: 'GET', path: '/metrics', kind: 'metrics' },
  { listener: 'public', method: 'GET', path: '/oauth/:vendor/start', kind: 'plain' },
  { listener: 'public', method: 'GET', path: '/oauth/:vendor/callback', kind: 'plain' },
  { listener: 'public', method: 'POST', path: '/webhooks/xero', kind: 'xero' },
  { listener: 'public', method: 'POST', path: '/webhooks/hubspot', kind: 'hubspot' },
  { listener: 'public', method: 'POST', path: '/webhooks/salesforce', kind: 'salesforce' },
  { listener: 'public', method: 'GET', path: '/hubspot/cards/companies/:id', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/cards/deals/:id', kind: 'extension' },
  { listener: 'public', method: 'POST', path: '/hubspot/cards/deals/:id/resync', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/settings', kind: 'extension' },
  { listener: 'public', method: 'PUT', path: '/hubspot/settings', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/health', kind: 'extension' },
  { listener: 'public', method: 'POST', path: '/codec/encode', kind: 'codec' },
  { listener: 'public', method: 'POST', path: '/codec/decode', kind: 'codec' },
  { listener: 'public', method: 'OPTIONS', path: '/codec/decode', kind: 'codec' },
  { listener: 'public', method: 'GET', path: '/codec/session', kind: 'plain' },
  { listener: 'public', method: 'POST', path: '/codec/session', kind: 'codec' },
  { listener: 'ops', method: 'GET', path: '/metrics', kind: 'plain' },
  { listener: 'ops', method: 'GET', path: '/healthz', kind: 'plain' },
];

export interface FuzzContext {
  publicUrl: string;
  codecToken: string;
  metricsToken: string;
  bodyLimitBytes: number;
  now: number;
}

export interface FuzzRequest {
  listener: 'public' | 'ops';
  /** The bytes sent, as they are. */
  bytes: Buffer;
  /** For the failure report. */
  summary: string;
}

const BAD_ESCAPES = ['%', '%Z', '%ZZ', '%E0%A4%A', '%00', '%C0%AE', '%2e%2e', '%FF', '%u2215', '%%'];
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const text = fc.string({ unit: 'binary', maxLength: 40 });

const paramValue = fc.oneof(
  fc.constantFrom('123', '606060', 'xero', 'hubspot', 'salesforce', '0', '99999999999999999999999'),
  fc.constantFrom(...BAD_ESCAPES),
  text.map(encodeURIComponent),
  text,
);

const queryString = fc.oneof(
  fc.constant(''),
  fc.constant('?portalId=606060&userId=1&appId=2'),
  fc.constant('?portalId=1&portalId=2'),
  fc.constant('?code=abc&state=good'),
  fc.constantFrom(...BAD_ESCAPES).map((e) => `?${e}=${e}`),
  text.map((t) => `?${t}`),
);

/** A route's path with its parameters filled, then perhaps made odd. */
const target = (path: string) =>
  fc
    .record({
      params: fc.array(paramValue, { minLength: 2, maxLength: 2 }),
      query: queryString,
      oddity: fc.oneof(
        { weight: 6, arbitrary: fc.constant('none' as const) },
        fc.constantFrom(
          'absolute',
          'bracket',
          'star',
          'doubleSlash',
          'trailingSlash',
          'badEscapeSegment',
          'long',
          'dotSegments',
        ),
      ),
    })
    .map(({ params, query, oddity }) => {
      let i = 0;
      const filled = path.replace(/:[a-z]+/gi, () => params[i++] ?? '');
      switch (oddity) {
        case 'none':
          return `${filled}${query}`;
        case 'absolute':
          return `http://127.0.0.1${filled}${query}`;
        case 'bracket':
          return 'http://[';
        case 'star':
          return '*';
        case 'doubleSlash':
          return `/${filled}${query}`;
        case 'trailingSlash':
          return `${filled}/${query}`;
        case 'badEscapeSegment':
          return `${filled}/${BAD_ESCAPES[(params[0] ?? '').length % BAD_ESCAPES.length]}`;
        case 'long':
          return `${filled}/${'a'.repeat(20_000)}`;
        case 'dotSegments':
          return `/../..${filled}/./%2e%2e/${query}`;
      }
    });

const method = (usual: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(usual) },
    fc.constantFrom(
      'GET',
      'POST',
      'PUT',
      'PATCH',
      'DELETE',
      'OPTIONS',
      'HEAD',
      'PROPFIND',
      'CONNECT',
      'TRACE',
    ),
    fc.constantFrom('get', 'FOO', 'G\u0000ET', '', 'POST POST', 'P\u00d6ST'),
    fc.stringMatching(/^[A-Z]{1,12}$/),
  );

const host = fc.oneof(
  { weight: 6, arbitrary: fc.constant<string | null>('127.0.0.1') },
  fc.constantFrom<string | null>(
    null,
    '',
    '[::1',
    'a:b:c%zz',
    'x'.repeat(3_000),
    'evil.example:99999',
    '\u00ff',
  ),
  text,
);

const contentType = fc.option(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    ';;;',
    'application/json; charset=latin-99',
    '*/*',
  ),
  { nil: undefined },
);

/** Bodies: the route's valid body, JSON of every shape, text, bytes, cut-off and oversized ones. */
function body(kind: RouteKind, limit: number): fc.Arbitrary<Buffer> {
  const vendor = kind === 'xero' || kind === 'hubspot' || kind === 'salesforce' ? kind : undefined;
  const uuid = fc.uuid({ version: 4 });
  const xeroBatch = fc
    .array(
      fc.record({
        id: uuid,
        type: fc.oneof(fc.constantFrom('CREATE', 'UPDATE', 'DELETE'), text),
        category: fc.oneof(fc.constantFrom('INVOICE', 'CONTACT', 'CREDITNOTE', 'SUBSCRIPTION'), text),
      }),
      { maxLength: 5 },
    )
    .map((events) =>
      JSON.stringify({
        events: events.map((e) =>
          xeroEvent(e.id, '00000000-0000-4000-8000-000000000999', {
            eventType: e.type,
            eventCategory: e.category,
          }),
        ),
        firstEventSequence: 1,
        lastEventSequence: events.length,
        entropy: 'FUZZ',
      }),
    );
  return fc
    .oneof(
      fc.integer({ min: 1, max: 50 }).map((seed) => (vendor ? validBody(vendor, seed) : '')),
      fc.jsonValue().map((v) => JSON.stringify(v)),
      kind === 'xero' ? xeroBatch : fc.constant('{"payloads":[{"data":"AAAA"}]}'),
      fc.constant('token=not-the-token'),
      text,
      fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
      fc.integer({ min: 1, max: 200 }).map((n) => (vendor ? validBody(vendor).slice(0, n) : '{"a":')),
      fc.integer({ min: 1, max: 4_000 }).map((extra) => 'x'.repeat(limit + extra)),
    )
    .map((b) => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b));
}

type Framing = 'exact' | 'none' | 'more' | 'less' | 'garbage' | 'twice' | 'chunked' | 'chunkedBroken';
const framing = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Framing>('exact') },
  fc.constantFrom<Framing>('none', 'more', 'less', 'garbage', 'twice', 'chunked', 'chunkedBroken'),
);

type Mutation = { kind: 'none' } | { kind: 'truncate' | 'flip' | 'insertCrlf' | 'repeat'; at: number };
const mutation = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
  fc.record({
    kind: fc.constantFrom('truncate' as const, 'flip' as const, 'insertCrlf' as const, 'repeat' as const),
    at: fc.nat(),
  }),
);

/** The parts of a request the generator varies. */
interface Parts {
  method: string;
  target: string;
  host: string | null;
  contentType: string | undefined;
  body: Buffer;
  sign: boolean;
  framing: Framing;
  mutation: Mutation;
  extraHeaders: Array<[string, string]>;
  expectContinue: boolean;
}

/**
 * One generated, possibly mutated, raw request to one of the ingress's routes. A third are the
 * route's well-formed request (signed, when it takes a signature) with one part swapped for a
 * generated one, so the deeper layers (parse, validate, hand over) are reached, not only the first
 * refusal; the rest are generated through and through.
 */
export function fuzzRequest(ctx: FuzzContext): fc.Arbitrary<FuzzRequest> {
  return fc.constantFrom(...ROUTES).chain((route) =>
    fc
      .record({
        random: fc.record({
          method: method(route.method),
          target: target(route.path),
          host,
          contentType,
          body: body(route.kind, ctx.bodyLimitBytes),
          sign: fc.boolean(),
          framing,
          mutation,
          extraHeaders: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z-]{1,20}$/), text), { maxLength: 3 }),
          expectContinue: fc.boolean(),
        }),
        wellFormed: fc.oneof(
          { weight: 1, arbitrary: fc.constant(true) },
          { weight: 2, arbitrary: fc.constant(false) },
        ),
        swapped: fc.constantFrom<keyof Parts | 'nothing'>(
          'nothing',
          'method',
          'target',
          'host',
          'contentType',
          'body',
          'sign',
          'framing',
          'mutation',
          'extraHeaders',
          'expectContinue',
        ),
      })
      .map(({ random, wellFormed, swapped }) => {
        const parts: Parts = wellFormed
          ? { ...wellFormedParts(route), ...(swapped === 'nothing' ? {} : { [swapped]: random[swapped] }) }
          : random;
        return build(route, parts, ctx);
      }),
  );
}

function wellFormedParts(route: (typeof ROUTES)[number]): Parts {
  const kind = route.kind;
  const vendor = kind === 'xero' || kind === 'hubspot' || kind === 'salesforce' ? kind : undefined;
  const wellFormedBody = vendor
    ? validBody(vendor, route.path.length)
    : kind === 'codec'
      ? '{"payloads":[{"data":"AAAA"}]}'
      : kind === 'extension' && route.method !== 'GET'
        ? '{}'
        : '';
  return {
    method: route.method,
    target:
      route.path.replace(':vendor', 'xero').replace(':id', '123') +
      (kind === 'extension' ? '?portalId=606060&userId=1' : ''),
    host: '127.0.0.1',
    contentType: wellFormedBody ? 'application/json' : undefined,
    body: Buffer.from(wellFormedBody),
    sign: true,
    framing: 'exact',
    mutation: { kind: 'none' },
    extraHeaders: [],
    expectContinue: false,
  };
}

function build(route: (typeof ROUTES)[number], r: Parts, ctx: FuzzContext): FuzzRequest {
  const headers: Array<[string, string]> = [];
  if (r.host !== null) headers.push(['Host', r.host]);
  if (r.contentType) headers.push(['Content-Type', r.contentType]);
  if (r.sign) headers.push(...authHeaders(route.kind, r.method, r.target, r.body, ctx));
  headers.push(...r.extraHeaders);
  if (r.expectContinue && r.framing === 'exact') headers.push(['Expect', '100-continue']);
  const bytes = mutate(frame(r.method, r.target, headers, r.body, r.framing), r.mutation);
  return {
    listener: route.listener,
    bytes,
    summary: `${route.listener} ${JSON.stringify(bytes.subarray(0, 300).toString('latin1'))}`,
  };
}

function authHeaders(
  kind: RouteKind,
  method: string,
  target: string,
  body: Buffer,
  ctx: FuzzContext,
): Array<[string, string]> {
  switch (kind) {
    case 'xero':
    case 'hubspot':
    case 'salesforce':
      return signedHeaders(kind, body, TEST_SECRETS, ctx.publicUrl, ctx.now);
    case 'extension': {
      const timestamp = String(ctx.now);
      const signature = hubspotSignatureV3({
        clientSecret: TEST_SECRETS.hubspotClientSecret,
        method,
        uri: `${ctx.publicUrl}${target}`,
        body: body.toString('utf8'),
        timestamp,
      });
      return [
        ['X-HubSpot-Signature-v3', signature],
        ['X-HubSpot-Request-Timestamp', timestamp],
      ];
    }
    case 'codec':
      return [
        ['Authorization', `Bearer ${ctx.codecToken}`],
        ['Origin', 'http://127.0.0.1:8233'],
      ];
    case 'metrics':
      return [['Authorization', `Bearer ${ctx.metricsToken}`]];
    case 'plain':
      return [['Cookie', 'ledgerbridge_codec=%ZZ; other']];
  }
}

function frame(
  method: string,
  target: string,
  headers: Array<[string, string]>,
  body: Buffer,
  framing: Framing,
): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, ...headers.map(([k, v]) => `${k}: ${v}`)];
  switch (framing) {
    case 'exact':
      lines.push(`Content-Length: ${body.length}`);
      break;
    case 'more':
      lines.push(`Content-Length: ${body.length + 10}`);
      break;
    case 'less':
      lines.push(`Content-Length: ${Math.max(0, body.length - 3)}`);
      break;
    case 'garbage':
      lines.push('Content-Length: -1x');
      break;
    case 'twice':
      lines.push(`Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`);
      break;
    case 'chunked':
    case 'chunkedBroken':
      lines.push('Transfer-Encoding: chunked');
      break;
    case 'none':
      break;
  }
  const head = latin1(`${lines.join('\r\n')}\r\n\r\n`);
  if (framing === 'chunked')
    return Buffer.concat([head, latin1(`${body.length.toString(16)}\r\n`), body, latin1('\r\n0\r\n\r\n')]);
  if (framing === 'chunkedBroken') return Buffer.concat([head, latin1('zz\r\n'), body]);
  return Buffer.concat([head, body]);
}

function mutate(bytes: Buffer, m: Mutation): Buffer {
  if (m.kind === 'none' || bytes.length === 0) return bytes;
  const at = m.at % bytes.length;
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, at);
    case 'flip': {
      const copy = Buffer.from(bytes);
      copy[at] = (copy[at] ?? 0) ^ 0xff;
      return copy;
    }
    case 'insertCrlf':
      return Buffer.concat([bytes.subarray(0, at), latin1('\r\n'), bytes.subarray(at)]);
    case 'repeat':
      return Buffer.concat([bytes, bytes]);
  }
}
