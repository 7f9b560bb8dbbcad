import { send } from '../core/http';
import { SandboxHttpError, type SandboxHandler } from '../core/server';
import type { CorrelationIds } from './errors';
import type { HubSpotOAuth } from './oauth';

/**
 * `POST /oauth/2026-03/token/revoke`: form-encoded `client_id`, `client_secret`, `token` (a refresh
 * token) and `token_type_hint`. The refresh token, and the access tokens issued from it, are refused
 * from then on. As RFC 7009 has it, an unknown or already revoked token is answered 200 too; bad
 * client credentials get the RFC 6749 error HubSpot's 2026-03 endpoints answer.
 * https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token
 */
export function tokenRevocationRoutes(
  on: (method: 'POST', path: string, handler: SandboxHandler) => void,
  oauth: HubSpotOAuth,
  ids: CorrelationIds,
): void {
  on('POST', '/oauth/2026-03/token/revoke', ({ res, body }) => {
    const form = formOf(body);
    const client = oauth.client(form.client_id ?? '');
    if (!client || client.clientSecret !== form.client_secret)
      throw refused(
        ids,
        'invalid_client',
        'BAD_CLIENT_ID',
        'missing or invalid client credentials',
        'client_id',
      );
    if (!form.token) throw refused(ids, 'invalid_request', 'VALIDATION_ERROR', 'token is required', 'token');
    oauth.revokeRefreshToken(form.token);
    send(res, 200, null);
  });
}

function refused(
  ids: CorrelationIds,
  error: string,
  status: string,
  message: string,
  field: string,
): SandboxHttpError {
  return new SandboxHttpError(400, {
    error,
    error_description: message,
    status,
    message,
    correlationId: ids(),
    in: field,
  });
}

function formOf(body: unknown): Record<string, string | undefined> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter((e) => typeof e[1] === 'string'),
  ) as Record<string, string>;
}
