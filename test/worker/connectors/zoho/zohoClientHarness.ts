import type { TokenSet } from '../../../../worker/connections/connectionStore';
import { ZohoAuth, type ZohoGrant } from '../../../../worker/connectors/zoho/zohoAuth';
import { ZohoClient } from '../../../../worker/connectors/zoho/zohoClient';
import type { ZohoClientOptions } from '../../../../worker/connectors/zoho/zohoHttp';
import type { DataCentre } from '../../../../sandbox/zoho';
import { CLIENT, startZoho, type ZohoHarness } from '../../../sandbox/zoho/harness';

export const REDIRECT_URI = CLIENT.redirectUris[0] ?? '';

/** The Zoho emulator with Ledgerbridge's Zoho auth pointed at it (sandbox mode, the emulator's clock). */
export interface ZohoClientHarness extends ZohoHarness {
  auth: ZohoAuth;
  /** Consent in the browser: the query the emulator sends back to the redirect URI. */
  consentAs(orgId: string): Promise<URLSearchParams>;
  /** A connected org: its grant and a client whose token refreshes on a 401, counting refreshes. */
  connectOrg(
    dc: DataCentre,
    options?: Partial<ZohoClientOptions> & {
      limits?: Parameters<ZohoHarness['emulator']['createOrg']>[0]['limits'];
    },
  ): Promise<ConnectedOrg>;
}

export interface ConnectedOrg {
  orgId: string;
  grant: ZohoGrant;
  client: ZohoClient;
  tokens(): TokenSet;
  refreshes(): number;
}

export async function startZohoClientHarness(): Promise<ZohoClientHarness> {
  const h = await startZoho();
  const auth = new ZohoAuth(
    { mode: 'sandbox', baseUrl: h.server.url },
    { clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret },
    { now: () => h.clock.now() },
  );
  const consentAs = async (orgId: string): Promise<URLSearchParams> => {
    h.emulator.setConsentOrg(orgId);
    const res = await fetch(auth.consentUrl({ state: 'state-1', redirectUri: REDIRECT_URI }), {
      redirect: 'manual',
    });
    if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
    return new URL(res.headers.get('location') ?? '').searchParams;
  };
  return {
    ...h,
    auth,
    consentAs,
    async connectOrg(dc, options = {}) {
      const { orgId } = h.emulator.createOrg({ dc, ...(options.limits ? { limits: options.limits } : {}) });
      const back = auth.readConsentRedirect(await consentAs(orgId));
      const grant = await auth.exchangeCode({
        code: back.code,
        accountsServer: back.accountsServer,
        redirectUri: REDIRECT_URI,
      });
      let tokens = grant.tokens;
      let refreshes = 0;
      const client = new ZohoClient({
        apiDomain: grant.apiDomain,
        accessToken: () => Promise.resolve(tokens.accessToken),
        onUnauthorized: async () => {
          refreshes++;
          tokens = { ...tokens, ...(await auth.refreshAt(grant.accountsServer, tokens.refreshToken ?? '')) };
        },
        now: () => h.clock.now(),
        ...options,
      });
      return { orgId, grant, client, tokens: () => tokens, refreshes: () => refreshes };
    },
  };
}

/** Counts the record writes that reach Zoho through this client, whatever method makes them. */
export function countRecordWrites(client: ZohoClient): () => number {
  let writes = 0;
  for (const method of ['createRecords', 'updateRecords', 'upsertRecords'] as const) {
    const original = client[method].bind(client) as (...args: unknown[]) => Promise<never>;
    (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      writes++;
      return original(...args);
    };
  }
  return () => writes;
}
