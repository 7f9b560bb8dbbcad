import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Connection } from '../connections/connectionStore';
import { VendorError } from '../connectors/errors';
import { verifyExtensionRequest, type ExtensionCaller } from '../hubspotApp/extensionRequest';
import type { HubspotAppDeps } from '../hubspotApp/hubspotAppDeps';
import { activePortalConnection } from '../hubspotApp/portalAccess';
import type { Logger } from '../logger';
import { rawBodyOf } from './rawBody';
import { headerOf, searchParamsOf } from './requestParts';

export interface HubspotExtensionRouteDeps {
  app: HubspotAppDeps;
  /** The HubSpot app's client secret: HubSpot signs `hubspot.fetch` requests with it. */
  clientSecret: string;
  publicUrl: string;
  logger: Logger;
  /** The clock the 5-minute signature window is judged by (tests move it). */
  now?: () => number;
}

export interface VerifiedExtensionRequest {
  caller: ExtensionCaller;
  /** The caller's portal's connection: every HubSpot read for this request goes through it. */
  portal: Connection;
  body: Buffer;
}

/** The route options every card and settings endpoint shares (its rate budget). */
export const extensionRouteOptions = { config: { rateClass: 'hubspotExtension' as const } };

/** Sends a refusal the cards can show: a stable code and a sentence. */
export function refuse(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).send({ error, message });
}

/**
 * Everything a card or settings request passes before its handler runs: HubSpot's v3 signature
 * (constant time, 5-minute window), the appended caller parameters, and an active connection for
 * the caller's portal. Answers the refusal itself and returns undefined when one fails.
 */
export async function verifyHubspotExtension(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: HubspotExtensionRouteDeps,
): Promise<VerifiedExtensionRequest | undefined> {
  const body = rawBodyOf(req);
  const verdict = verifyExtensionRequest({
    method: req.method,
    requestTarget: req.url,
    query: searchParamsOf(req),
    signature: headerOf(req, 'x-hubspot-signature-v3'),
    timestamp: headerOf(req, 'x-hubspot-request-timestamp'),
    rawBody: body,
    clientSecret: deps.clientSecret,
    publicUrl: deps.publicUrl,
    now: (deps.now ?? Date.now)(),
  });
  if (!verdict.ok) {
    deps.logger.warn(
      { reason: verdict.reason, path: req.routeOptions.url },
      'hubspot extension request refused',
    );
    if (verdict.status === 401)
      refuse(reply, 401, 'invalid_signature', 'The request is not signed by HubSpot, or is too old.');
    else refuse(reply, 400, 'invalid_request', verdict.reason);
    return undefined;
  }
  const portal = await activePortalConnection(deps.app.connections, verdict.caller.portalId);
  if (!portal) {
    refuse(
      reply,
      403,
      'portal_not_connected',
      'This HubSpot account is not connected to Ledgerbridge (or needs reconnecting): run npm run connect -- hubspot.',
    );
    return undefined;
  }
  return { caller: verdict.caller, portal, body };
}

/** A vendor failure while serving a card: the card shows the sentence, ops read the log. */
export function refuseVendorFailure(
  req: FastifyRequest,
  reply: FastifyReply,
  err: unknown,
  deps: HubspotExtensionRouteDeps,
): FastifyReply {
  if (!(err instanceof VendorError)) throw err;
  deps.logger.warn({ err, path: req.routeOptions.url }, 'hubspot extension request: vendor call failed');
  if (err.kind === 'reauthRequired')
    return refuse(reply, 503, 'reconnect_needed', `The ${err.vendor} connection needs reconnecting.`);
  // 429, never 5xx: HubSpot's proxy retries a 5xx at once, which is the opposite of slowing down.
  if (err.kind === 'rateLimited') {
    const seconds = Math.max(1, Math.ceil((err.details.retryAfterMs ?? 1_000) / 1_000));
    reply.header('retry-after', String(seconds));
    return refuse(reply, 429, 'busy', `${err.vendor} asked us to slow down; try again in ${seconds} s.`);
  }
  return refuse(
    reply,
    502,
    'vendor_unavailable',
    `${err.vendor} could not be reached just now; try again shortly.`,
  );
}

/** HubSpot record IDs are numbers; anything else is not a record of any portal. */
export function recordIdOf(
  reply: FastifyReply,
  params: Record<string, string | undefined>,
  name: string,
): string | undefined {
  const id = params[name] ?? '';
  if (/^\d{1,20}$/.test(id)) return id;
  refuse(reply, 400, 'invalid_request', `${name} must be a HubSpot record ID`);
  return undefined;
}
