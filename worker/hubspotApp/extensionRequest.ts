import { z } from 'zod';
import { verifyHubSpotV3, type HubSpotVerdict } from '../webhooks/hubspotSignature';

/**
 * Who is calling, as HubSpot vouches for it. `hubspot.fetch` cannot send headers of ours, so a card
 * is authenticated by HubSpot's v3 signature alone: HMAC-SHA256 with the app's client secret over
 * method + the full URL + body + timestamp. HubSpot appends `userId`, `portalId`, `userEmail` and
 * `appId` to the URL before signing, so the signature also vouches for the portal.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
 */
export interface ExtensionCaller {
  portalId: string;
  userId: string | undefined;
  userEmail: string | undefined;
  appId: string | undefined;
}

const digits = z.string().regex(/^\d+$/, 'must be a number');
const callerSchema = z.object({
  portalId: digits,
  userId: digits.optional(),
  userEmail: z.string().max(320).optional(),
  appId: digits.optional(),
});

export type ExtensionVerdict =
  | { ok: true; caller: ExtensionCaller }
  | { ok: false; status: 400 | 401; reason: Exclude<HubSpotVerdict, { ok: true }>['reason'] | string };

export function verifyExtensionRequest(input: {
  method: string;
  /** The request target as received (path and query): HubSpot signs the URL it called. */
  requestTarget: string;
  /** The query string's parameters, duplicates kept. */
  query: URLSearchParams;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  clientSecret: string;
  /** The origin HubSpot called (PUBLIC_BASE_URL): the signature is over the URL as HubSpot saw it. */
  publicUrl: string;
  now: number;
}): ExtensionVerdict {
  const verdict = verifyHubSpotV3({
    clientSecret: input.clientSecret,
    method: input.method,
    uri: `${input.publicUrl}${input.requestTarget}`,
    rawBody: input.rawBody,
    signature: input.signature,
    timestamp: input.timestamp,
    now: input.now,
  });
  if (!verdict.ok) return { ok: false, status: 401, reason: verdict.reason };
  // A parameter given twice (one by the card, one by HubSpot) would make "which portal" ambiguous.
  for (const name of ['portalId', 'userId', 'userEmail', 'appId'])
    if (input.query.getAll(name).length > 1)
      return { ok: false, status: 400, reason: `${name} given more than once` };
  const parsed = callerSchema.safeParse(Object.fromEntries(input.query));
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    };
  const { portalId, userId, userEmail, appId } = parsed.data;
  return { ok: true, caller: { portalId, userId, userEmail, appId } };
}
