import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ConnectionVendor, Database } from '../store/schema';
import { ConnectError, type InstallTarget } from './connectFlow';
import { createPkcePair } from './pkce';
import { sealedSchema, type SecretBox } from './secretBox';

/** Connect attempts live this long; the browser's binding cookie too. */
export const OAUTH_SESSION_TTL_MS = 10 * 60_000;

export interface CompletedSession {
  verifier: string;
  redirectUri: string;
  /** Where the connect ticket that started the attempt sends what is connected. */
  target: InstallTarget;
}

/**
 * Connect attempts: state and PKCE verifier, stored sealed, valid for 10 minutes, usable once, and
 * bound to the browser that started them (the hash of a nonce kept in its cookie), so a state
 * carried to another browser (a link planted by someone else) completes nothing.
 */
export class OAuthSessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  async begin(
    vendor: ConnectionVendor,
    redirectUri: string,
    target: InstallTarget,
    now = new Date(),
  ): Promise<{ state: string; challenge: string; browserNonce: string }> {
    const state = randomBytes(24).toString('base64url');
    const browserNonce = randomBytes(32).toString('base64url');
    const pkce = createPkcePair();
    await this.db
      .insertInto('oauth_sessions')
      .values({
        state,
        vendor,
        code_verifier: JSON.stringify(this.box.seal(pkce.verifier, `oauth:${state}`)),
        redirect_uri: redirectUri,
        expires_at: new Date(now.getTime() + OAUTH_SESSION_TTL_MS),
        ...('installationId' in target
          ? { installation_id: target.installationId }
          : { new_installation_name: target.newInstallation.name }),
        browser_binding: bindingOf(browserNonce),
      })
      .execute();
    return { state, challenge: pkce.challenge, browserNonce };
  }

  /**
   * Marks the session used and returns its verifier and installation. Refused with a ConnectError:
   * an unknown, expired or reused state (400), or one whose browser binding the nonce does not match
   * (403, and the session stays usable by its own browser).
   */
  async complete(
    vendor: ConnectionVendor,
    state: string,
    browserNonce: string | null | undefined,
    now = new Date(),
  ): Promise<CompletedSession> {
    const live = this.db
      .updateTable('oauth_sessions')
      .where('state', '=', state)
      .where('vendor', '=', vendor)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now);
    const row = browserNonce
      ? await live
          .set({ used_at: now })
          .where('browser_binding', '=', bindingOf(browserNonce))
          .returning(['code_verifier', 'redirect_uri', 'installation_id', 'new_installation_name'])
          .executeTakeFirst()
      : undefined;
    if (row)
      return {
        verifier: this.box.open(sealedSchema.parse(row.code_verifier), `oauth:${state}`),
        redirectUri: row.redirect_uri,
        target:
          row.installation_id !== null
            ? { installationId: row.installation_id }
            : { newInstallation: { name: row.new_installation_name } },
      };
    const pending = await this.db
      .selectFrom('oauth_sessions')
      .select('state')
      .where('state', '=', state)
      .where('vendor', '=', vendor)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (pending)
      throw new ConnectError(
        'this sign-in was started in another browser: open the connect link again in this one',
        403,
      );
    throw new ConnectError('unknown, expired or already used state: start the connection again');
  }
}

function bindingOf(browserNonce: string): string {
  return createHash('sha256').update(browserNonce).digest('base64url');
}
