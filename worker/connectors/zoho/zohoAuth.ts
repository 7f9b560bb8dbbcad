import { z } from 'zod';
import type { Connection, TokenSet } from '../../connections/connectionStore';
import { InvalidGrantError, type TokenRefresher } from '../../connections/tokenRefresher';
import { VendorError } from '../errors';
import {
  dataCentreOfAccountsServer,
  sameBaseUrl,
  zohoDataCentres,
  type ZohoDataCentre,
  type ZohoDcHosts,
  type ZohoMode,
} from './zohoDataCentres';
import { postTokenRequest, ZohoTokenRefusal } from './zohoTokenEndpoint';

/**
 * Zoho's OAuth 2.0 for a server-side app across data centres: consent starts at the US accounts
 * server, which signs the user in wherever their org lives and sends the browser back with `code`,
 * `location` and `accounts-server`; the code is exchanged at that accounts server, whose answer
 * names the `api_domain`; refreshes go to the same accounts server. Zoho does not rotate refresh
 * tokens. https://www.zoho.com/accounts/protocol/oauth/multi-dc/client-authorization.html
 */
export const ZOHO_SCOPES = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.fields.READ',
  'ZohoCRM.notifications.ALL',
  'ZohoCRM.coql.READ',
  'ZohoCRM.org.READ',
];

/** Where a connection's org lives: stored in the connection's settings at consent, read at refresh. */
export const zohoConnectionSettingsSchema = z.object({
  dc: z.enum(['us', 'eu', 'in', 'au', 'jp', 'ca', 'cn']),
  accountsServer: z.string().min(1),
  apiDomain: z.string().min(1),
});
export type ZohoConnectionSettings = z.infer<typeof zohoConnectionSettingsSchema>;

export interface ZohoConsentReturn {
  code: string;
  state: string | undefined;
  dc: ZohoDataCentre;
  accountsServer: string;
}

export interface ZohoGrant extends ZohoConnectionSettings {
  tokens: TokenSet;
  scopes: string[];
}

export interface ZohoAuthOptions {
  now?: () => number;
  fetch?: typeof fetch;
}

export class ZohoAuth implements TokenRefresher {
  private readonly table: Record<ZohoDataCentre, ZohoDcHosts>;
  private readonly now: () => number;

  constructor(
    private readonly mode: ZohoMode,
    private readonly credentials: { clientId: string; clientSecret: string },
    private readonly options: ZohoAuthOptions = {},
  ) {
    this.table = zohoDataCentres(mode);
    this.now = options.now ?? Date.now;
  }

  /** The consent page (`prompt=consent` so Zoho hands out a refresh token on a reconnect too). */
  consentUrl(input: { state: string; redirectUri: string }): string {
    const query = new URLSearchParams({
      scope: ZOHO_SCOPES.join(','),
      client_id: this.credentials.clientId,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: input.redirectUri,
      state: input.state,
    });
    return `${this.table.us.accountsServer}/oauth/v2/auth?${query}`;
  }

  /**
   * The browser's return from consent. The accounts server it names must be one of Zoho's (or the
   * configured sandbox's): the code, and later the client secret, go there.
   */
  readConsentRedirect(query: URLSearchParams): ZohoConsentReturn {
    const error = query.get('error');
    if (error)
      throw new VendorError('reauthRequired', 'zoho', `consent refused: ${error}`, { vendorCode: error });
    const code = query.get('code');
    const accountsServer = query.get('accounts-server') ?? this.table.us.accountsServer;
    if (!code) throw new VendorError('validation', 'zoho', 'consent redirect without a code');
    const dc = this.dataCentreOf(accountsServer);
    const location = query.get('location');
    if (location !== null && location.toLowerCase() !== dc)
      throw new VendorError(
        'validation',
        'zoho',
        `consent named location ${location} but accounts server of ${dc}`,
      );
    return {
      code,
      state: query.get('state') ?? undefined,
      dc,
      accountsServer: this.table[dc].accountsServer,
    };
  }

  /** Exchanges a code at the accounts server the redirect named; the grant says where the org's API is. */
  async exchangeCode(input: {
    code: string;
    accountsServer: string;
    redirectUri: string;
  }): Promise<ZohoGrant> {
    const dc = this.dataCentreOf(input.accountsServer);
    const { accountsServer, apiDomain } = this.table[dc];
    const answer = await postTokenRequest(
      accountsServer,
      {
        grant_type: 'authorization_code',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        redirect_uri: input.redirectUri,
        code: input.code,
      },
      this.now(),
      this.options.fetch,
    );
    // The token goes wherever api_domain says: only to this DC's API domain.
    if (!sameBaseUrl(answer.apiDomain, apiDomain))
      throw new VendorError('validation', 'zoho', `api_domain ${answer.apiDomain} is not ${dc}'s`);
    if (!answer.tokens.refreshToken)
      throw new VendorError(
        'reauthRequired',
        'zoho',
        'no refresh token granted (access_type=offline refused)',
      );
    return { tokens: answer.tokens, scopes: answer.scopes, dc, accountsServer, apiDomain };
  }

  async refresh(connection: Connection, tokens: TokenSet): Promise<TokenSet> {
    const settings = zohoConnectionSettingsSchema.safeParse(connection.settings);
    if (!settings.success)
      throw new InvalidGrantError('connection does not say which Zoho data centre it is in');
    if (!tokens.refreshToken) throw new InvalidGrantError('no refresh token stored');
    return this.refreshAt(settings.data.accountsServer, tokens.refreshToken);
  }

  /** A new access token from the refresh token; a refused grant is InvalidGrantError (reconnect). */
  async refreshAt(accountsServer: string, refreshToken: string): Promise<TokenSet> {
    const dc = this.dataCentreOf(accountsServer);
    try {
      const answer = await postTokenRequest(
        this.table[dc].accountsServer,
        {
          grant_type: 'refresh_token',
          client_id: this.credentials.clientId,
          client_secret: this.credentials.clientSecret,
          refresh_token: refreshToken,
        },
        this.now(),
        this.options.fetch,
      );
      return answer.tokens;
    } catch (err) {
      if (err instanceof ZohoTokenRefusal && err.permanent) throw new InvalidGrantError(err.code);
      throw err;
    }
  }

  /** Ends a grant at its accounts server (an uninstall); a token Zoho no longer knows counts as ended. */
  async revoke(accountsServer: string, refreshToken: string): Promise<void> {
    const dc = this.dataCentreOf(accountsServer);
    const url = `${this.table[dc].accountsServer}/oauth/v2/token/revoke?${new URLSearchParams({ token: refreshToken })}`;
    const res = await (this.options.fetch ?? fetch)(url, { method: 'POST' }).catch((err: unknown) => {
      throw new VendorError('retryable', 'zoho', `revoke unreachable: ${(err as Error).message}`);
    });
    if (res.status >= 500)
      throw new VendorError('retryable', 'zoho', `revoke answered ${res.status}`, { status: res.status });
  }

  /** The DC of an accounts server in this mode's table; any other host is refused before a request. */
  dataCentreOf(accountsServer: string): ZohoDataCentre {
    const dc = dataCentreOfAccountsServer(this.table, accountsServer);
    if (!dc)
      throw new VendorError(
        'validation',
        'zoho',
        `${accountsServer} is not a Zoho accounts server${this.mode.mode === 'sandbox' ? ' of the sandbox' : ''}`,
      );
    return dc;
  }

  /** The API domain of a DC in this mode (what a client is built on). */
  apiDomainOf(dc: ZohoDataCentre): string {
    return this.table[dc].apiDomain;
  }
}
