import fc from 'fast-check';
import { validBody, xeroEvent, type WebhookVendor } from './signedDeliveries';

/*
 * The ingress fuzz test's generators for each part of a request, from the ordinary to the hostile:
 * methods, targets with bad escapes, Hosts, content types and bodies.
 */

/** What a route does with a request, so the generator can sign and shape bodies for it. */
export type RouteKind =
  WebhookVendor | 'salesforceApp' | 'extension' | 'codec' | 'metrics' | 'operator' | 'ticket' | 'plain';

const BAD_ESCAPES = ['%', '%Z', '%ZZ', '%E0%A4%A', '%00', '%C0%AE', '%2e%2e', '%FF', '%u2215', '%%'];
export const text = fc.string({ unit: 'binary', maxLength: 40 });

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
  fc.constant(`?ticket=${'A'.repeat(43)}`),
  fc.constant('?ticket=&ticket=x'),
  fc.constantFrom(...BAD_ESCAPES).map((e) => `?${e}=${e}`),
  text.map((t) => `?${t}`),
);

/** A route's path with its parameters filled, then perhaps made odd. */
export const target = (path: string) =>
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

export const method = (usual: string) =>
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

export const host = fc.oneof(
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

export const contentType = fc.option(
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
export function body(kind: RouteKind, limit: number): fc.Arbitrary<Buffer> {
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
