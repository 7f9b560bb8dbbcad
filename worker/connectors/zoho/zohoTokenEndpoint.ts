import { z } from 'zod';
import type { TokenSet } from '../../connections/connectionStore';
import { VendorError } from '../errors';
import { VENDOR_REQUEST_TIMEOUT_MS } from '../vendorRequestTimeout';

/**
 * Zoho Accounts' token endpoint (`POST <accounts-server>/oauth/v2/token`, form body). It answers
 * its refusals with HTTP 200 and `{"error": "<code>"}` (the SDK's OAuthToken reads `error` when
 * `access_token` is absent), so a 200 is not a success until it carries an access token.
 * https://www.zoho.com/crm/developer/docs/api/v8/access-refresh.html
 */
const tokenAnswer = z.union([
  z.object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional(),
    api_domain: z.string().min(1),
    token_type: z.string().optional(),
    expires_in: z.number().int().positive(),
    scope: z.string().optional(),
  }),
  z.object({ error: z.string().min(1), error_description: z.string().optional() }),
]);

/** Refusals that retrying cannot mend: the code or grant is gone, or the client is not this app. */
const PERMANENT_TOKEN_ERRORS = new Set(['invalid_code', 'invalid_client', 'invalid_client_secret']);

export interface ZohoTokenAnswer {
  tokens: TokenSet;
  apiDomain: string;
  scopes: string[];
}

/** A refusal in Zoho's `{"error": …}` shape; `permanent` when only a new consent mends it. */
export class ZohoTokenRefusal extends VendorError {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
  ) {
    super(permanent ? 'reauthRequired' : 'retryable', 'zoho', `token endpoint refused: ${code}`, {
      vendorCode: code,
    });
  }
}

export async function postTokenRequest(
  accountsServer: string,
  params: Record<string, string>,
  now: number,
  fetchFn: typeof fetch = fetch,
): Promise<ZohoTokenAnswer> {
  let res: Response;
  try {
    res = await fetchFn(`${accountsServer}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(params).toString(),
      signal: AbortSignal.timeout(VENDOR_REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new VendorError('retryable', 'zoho', `token endpoint unreachable: ${(err as Error).message}`);
  }
  const text = await res.text();
  const parsed = tokenAnswer.safeParse(parseJson(text));
  if (!parsed.success || !res.ok) {
    // A 400 "Access Denied" (too many tokens from one refresh token in 10 minutes) or a 5xx passes.
    const code = parsed.success && 'error' in parsed.data ? parsed.data.error : undefined;
    throw new VendorError('retryable', 'zoho', `token endpoint answered ${res.status} ${code ?? ''}`.trim(), {
      status: res.status,
      ...(code ? { vendorCode: code } : {}),
    });
  }
  const answer = parsed.data;
  if ('error' in answer) throw new ZohoTokenRefusal(answer.error, PERMANENT_TOKEN_ERRORS.has(answer.error));
  return {
    tokens: {
      accessToken: answer.access_token,
      ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
      expiresAt: now + answer.expires_in * 1000,
    },
    apiDomain: answer.api_domain,
    scopes: (answer.scope ?? '').split(/[\s,]+/).filter(Boolean),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
