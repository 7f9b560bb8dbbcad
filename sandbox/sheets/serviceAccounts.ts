import { createPublicKey, createVerify, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Clock } from '../core/clock';
import { oauthError } from './googleErrors';

/** The audience Google's JWT bearer grant requires: the token endpoint's own URL. */
export const GOOGLE_TOKEN_AUDIENCE = 'https://oauth2.googleapis.com/token';
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
/** Every sandbox service account lives in this project, so a live worker can refuse their keys. */
export const SANDBOX_SERVICE_ACCOUNT_DOMAIN = 'ledgerbridge-sandbox.iam.gserviceaccount.com';
const TOKEN_TTL_SECONDS = 3599;

/** The JSON key file Google Cloud hands out for a service account (the fields the SDK reads). */
export interface ServiceAccountKeyFile {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  token_uri: string;
}

interface Account {
  email: string;
  keyId: string;
  publicKey: KeyObject;
}

interface IssuedToken {
  email: string;
  scopes: string[];
  expiresAt: number;
}

/**
 * Service accounts and the token endpoint a service account uses (OAuth 2.0 JWT bearer grant,
 * RFC 7523, as https://developers.google.com/identity/protocols/oauth2/service-account describes):
 * an RS256 assertion signed with the account's key, `aud` the token URL, at most an hour long.
 */
export class ServiceAccounts {
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, IssuedToken>();
  private issued = 0;

  constructor(private readonly clock: Clock) {}

  /** Creates an account and returns its key file (the private key is not kept). */
  create(name: string): ServiceAccountKeyFile {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = `${name}@${SANDBOX_SERVICE_ACCOUNT_DOMAIN}`;
    const keyId = `sandbox-${this.accounts.size + 1}-${name}`;
    this.accounts.set(email, { email, keyId, publicKey });
    return {
      type: 'service_account',
      project_id: 'ledgerbridge-sandbox',
      private_key_id: keyId,
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: String(100_000_000_000_000_000_000n + BigInt(this.accounts.size)),
      token_uri: GOOGLE_TOKEN_AUDIENCE,
    };
  }

  /** Trusts a key file this emulator issued before (the demo keeps its key across restarts). */
  register(key: ServiceAccountKeyFile): ServiceAccountKeyFile {
    if (!key.client_email.endsWith(`@${SANDBOX_SERVICE_ACCOUNT_DOMAIN}`))
      throw new Error(`${key.client_email} is not a sandbox service account`);
    this.accounts.set(key.client_email, {
      email: key.client_email,
      keyId: key.private_key_id,
      publicKey: createPublicKey(key.private_key),
    });
    return key;
  }

  /** POST /token: `grant_type` and `assertion`, form-encoded. */
  grant(body: unknown): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const form = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (form.grant_type !== JWT_BEARER_GRANT)
      throw oauthError('unsupported_grant_type', `Invalid grant_type: ${String(form.grant_type ?? '')}`);
    if (typeof form.assertion !== 'string')
      throw oauthError('invalid_request', 'Missing required parameter: assertion');
    const claims = this.verify(form.assertion);
    const token = `ya29.sandbox-${++this.issued}-${Math.random().toString(36).slice(2)}`;
    this.tokens.set(token, {
      email: claims.iss,
      scopes: claims.scope.split(' '),
      expiresAt: this.clock.now() + TOKEN_TTL_SECONDS * 1000,
    });
    return { access_token: token, expires_in: TOKEN_TTL_SECONDS, token_type: 'Bearer' };
  }

  /** Who holds this bearer token and with which scopes; undefined when unknown or expired. */
  holder(token: string | undefined): IssuedToken | undefined {
    const held = token === undefined ? undefined : this.tokens.get(token);
    return held && held.expiresAt > this.clock.now() ? held : undefined;
  }

  reset(): void {
    this.accounts.clear();
    this.tokens.clear();
  }

  private verify(assertion: string): { iss: string; scope: string } {
    const [header64, payload64, signature64] = assertion.split('.');
    if (!header64 || !payload64 || !signature64) throw oauthError('invalid_grant', 'Invalid JWT: malformed');
    const header = decode(header64);
    const claims = decode(payload64);
    if (header?.alg !== 'RS256') throw oauthError('invalid_grant', 'Invalid JWT: alg must be RS256');
    const account = typeof claims?.iss === 'string' ? this.accounts.get(claims.iss) : undefined;
    if (!claims || !account) throw oauthError('invalid_grant', 'Invalid grant: account not found');
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${header64}.${payload64}`);
    if (!verifier.verify(account.publicKey, Buffer.from(signature64, 'base64url')))
      throw oauthError('invalid_grant', 'Invalid JWT Signature.');
    const now = Math.floor(this.clock.now() / 1000);
    const { iat, exp, aud, scope } = claims;
    if (aud !== GOOGLE_TOKEN_AUDIENCE)
      throw oauthError('invalid_grant', 'Invalid JWT: aud must be the token URL');
    if (
      typeof iat !== 'number' ||
      typeof exp !== 'number' ||
      exp - iat > 3600 ||
      exp < now ||
      iat > now + 300
    )
      throw oauthError(
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    if (typeof scope !== 'string' || scope.trim() === '')
      throw oauthError('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
    return { iss: account.email, scope };
  }
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
