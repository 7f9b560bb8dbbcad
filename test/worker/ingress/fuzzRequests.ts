import fc from 'fast-check';
import { salesforceOrgCalloutSecret } from '../../../worker/ingress/salesforceOrgCallout';
import { hubspotSignatureV3 } from '../../../worker/webhooks/hubspotSignature';
import { signSalesforceCallout } from '../../../worker/webhooks/salesforceCalloutSignature';
import { TEST_SECRETS } from './appIngress';
import { body, contentType, host, method, target, text, type RouteKind } from './fuzzArbitraries';
import { frame, framing, mutate, mutation, type Framing, type Mutation } from './rawFraming';
import { signedHeaders, validBody } from './signedDeliveries';

const FUZZ_ORG = '00D000000000001EAA';

/** Every route of both listeners, with `:param` placeholders. */
const ROUTES: Array<{ listener: 'public' | 'ops'; method: string; path: string; kind: RouteKind }> = [
  { listener: 'public', method: 'GET', path: '/healthz', kind: 'plain' },
  { listener: 'public', method: 'GET', path: '/metrics', kind: 'metrics' },
  { listener: 'public', method: 'GET', path: '/oauth/:vendor/start', kind: 'plain' },
  { listener: 'public', method: 'GET', path: '/oauth/:vendor/start', kind: 'ticket' },
  { listener: 'public', method: 'GET', path: '/oauth/:vendor/callback', kind: 'plain' },
  { listener: 'public', method: 'POST', path: '/webhooks/xero', kind: 'xero' },
  { listener: 'public', method: 'POST', path: '/webhooks/hubspot', kind: 'hubspot' },
  { listener: 'public', method: 'POST', path: '/webhooks/salesforce', kind: 'salesforce' },
  { listener: 'public', method: 'POST', path: '/webhooks/zoho/:connectionId', kind: 'plain' },
  { listener: 'public', method: 'POST', path: '/salesforce/xero-connections', kind: 'salesforceApp' },
  { listener: 'public', method: 'POST', path: '/salesforce/xero-connections/connect', kind: 'salesforceApp' },
  {
    listener: 'public',
    method: 'POST',
    path: '/salesforce/xero-connections/disconnect',
    kind: 'salesforceApp',
  },
  { listener: 'public', method: 'GET', path: '/hubspot/cards/companies/:id', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/cards/deals/:id', kind: 'extension' },
  { listener: 'public', method: 'POST', path: '/hubspot/cards/deals/:id/resync', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/settings', kind: 'extension' },
  { listener: 'public', method: 'PUT', path: '/hubspot/settings', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/health', kind: 'extension' },
  { listener: 'public', method: 'GET', path: '/hubspot/connections/xero', kind: 'extension' },
  { listener: 'public', method: 'POST', path: '/hubspot/connections/xero/connect-link', kind: 'extension' },
  { listener: 'public', method: 'POST', path: '/hubspot/connections/xero/:id/disconnect', kind: 'extension' },
  { listener: 'public', method: 'POST', path: '/codec/encode', kind: 'codec' },
  { listener: 'public', method: 'POST', path: '/codec/decode', kind: 'codec' },
  { listener: 'public', method: 'OPTIONS', path: '/codec/decode', kind: 'codec' },
  { listener: 'public', method: 'GET', path: '/codec/session', kind: 'plain' },
  { listener: 'public', method: 'POST', path: '/codec/session', kind: 'codec' },
  { listener: 'ops', method: 'GET', path: '/metrics', kind: 'plain' },
  { listener: 'ops', method: 'GET', path: '/healthz', kind: 'plain' },
  { listener: 'ops', method: 'POST', path: '/connect/tickets', kind: 'operator' },
];

export interface FuzzContext {
  publicUrl: string;
  codecToken: string;
  metricsToken: string;
  operatorToken: string;
  /** Connect tickets issued for Xero: a well-formed start redeems one (the first time). */
  tickets: string[];
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
        ticketIndex: fc.nat(),
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
      .map(({ random, wellFormed, ticketIndex, swapped }) => {
        const ticket = ctx.tickets[ticketIndex % ctx.tickets.length] ?? '';
        const parts: Parts = wellFormed
          ? {
              ...wellFormedParts(route, ticket),
              ...(swapped === 'nothing' ? {} : { [swapped]: random[swapped] }),
            }
          : random;
        return build(route, parts, ctx);
      }),
  );
}

function wellFormedParts(route: (typeof ROUTES)[number], ticket: string): Parts {
  const kind = route.kind;
  const vendor = kind === 'xero' || kind === 'hubspot' || kind === 'salesforce' ? kind : undefined;
  const wellFormedBody = vendor
    ? validBody(vendor, route.path.length)
    : kind === 'codec'
      ? '{"payloads":[{"data":"AAAA"}]}'
      : kind === 'operator'
        ? '{"vendor":"xero","installation":"fuzz-operator"}'
        : kind === 'extension' && route.method !== 'GET'
          ? '{}'
          : kind === 'salesforceApp'
            ? '{"userId":"005000000000001AAA","connectionId":"00000000-0000-4000-8000-000000000123"}'
            : '';
  const query =
    kind === 'extension' ? '?portalId=606060&userId=1' : kind === 'ticket' ? `?ticket=${ticket}` : '';
  return {
    method: route.method,
    target: route.path.replace(':vendor', 'xero').replace(':id', '123') + query,
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
    case 'salesforceApp': {
      // Signed as an org's Apex signs (salesforceOrgCallout.ts); the org is not connected here.
      const timestamp = String(Math.floor(ctx.now / 1000));
      const secret = salesforceOrgCalloutSecret(TEST_SECRETS.salesforceCalloutSecret, FUZZ_ORG);
      return [
        ['X-Ledgerbridge-Org', FUZZ_ORG],
        ['X-Ledgerbridge-Timestamp', timestamp],
        ['X-Ledgerbridge-Signature', signSalesforceCallout(secret, timestamp, body.toString('utf8'))],
      ];
    }
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
    case 'operator':
      return [['Authorization', `Bearer ${ctx.operatorToken}`]];
    case 'ticket':
      return [['Cookie', 'ledgerbridge_oauth_xero=%ZZ; other']];
    case 'plain':
      return [['Cookie', 'ledgerbridge_codec=%ZZ; other']];
  }
}
