import { randomBytes } from 'node:crypto';
import type { Connection, TokenSet } from '../../worker/connections/connectionStore';
import { InvalidGrantError, type TokenRefresher } from '../../worker/connections/tokenRefresher';

/** A token endpoint that rotates refresh tokens and refuses any one used twice, as Xero does. */
export class RotatingVendor implements TokenRefresher {
  calls = 0;
  private valid = new Set<string>();
  failNext: Error | undefined;

  constructor(private readonly lifetimeMs = 30 * 60_000) {}

  /** Every refresh token handed out, in order (to check none is presented twice). */
  readonly presented: string[] = [];

  issue(): TokenSet {
    const refreshToken = `rt-${randomBytes(6).toString('hex')}`;
    this.valid.add(refreshToken);
    return {
      accessToken: `at-${randomBytes(6).toString('hex')}`,
      refreshToken,
      expiresAt: Date.now() + this.lifetimeMs,
    };
  }

  async refresh(_connection: Connection, tokens: TokenSet): Promise<TokenSet> {
    this.calls++;
    if (tokens.refreshToken) this.presented.push(tokens.refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      throw err;
    }
    if (!tokens.refreshToken || !this.valid.delete(tokens.refreshToken))
      throw new InvalidGrantError('refresh token already used');
    return this.issue();
  }
}
