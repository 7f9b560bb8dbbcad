import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConnectionVendor, Database } from '../store/schema';
import { createPkcePair } from './pkce';
import { sealedSchema, type SecretBox } from './secretBox';

/** Connect attempts: state and PKCE verifier, stored sealed, valid for 10 minutes, usable once. */
const TTL_MS = 10 * 60_000;

export class OAuthSessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  async begin(
    vendor: ConnectionVendor,
    redirectUri: string,
    now = new Date(),
  ): Promise<{ state: string; challenge: string }> {
    const state = randomBytes(24).toString('base64url');
    const pkce = createPkcePair();
    await this.db
      .insertInto('oauth_sessions')
      .values({
        state,
        vendor,
        code_verifier: JSON.stringify(this.box.seal(pkce.verifier, `oauth:${state}`)),
        redirect_uri: redirectUri,
        expires_at: new Date(now.getTime() + TTL_MS),
      })
      .execute();
    return { state, challenge: pkce.challenge };
  }

  /** Marks the session used and returns its verifier; undefined for an unknown, expired or reused state. */
  async complete(
    vendor: ConnectionVendor,
    state: string,
    now = new Date(),
  ): Promise<{ verifier: string; redirectUri: string } | undefined> {
    const row = await this.db
      .updateTable('oauth_sessions')
      .set({ used_at: now })
      .where('state', '=', state)
      .where('vendor', '=', vendor)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['code_verifier', 'redirect_uri'])
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      verifier: this.box.open(sealedSchema.parse(row.code_verifier), `oauth:${state}`),
      redirectUri: row.redirect_uri,
    };
  }
}
