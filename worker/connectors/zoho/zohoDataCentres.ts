/**
 * Zoho's data centres: an org lives in one, and both its accounts server (OAuth) and its API domain
 * are that DC's. Hosts as Zoho publishes them and as the v8 SDK's routes/dc/*_data_center.ts give
 * them (https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html). Zoho's sign-in names the DC
 * in the consent redirect (`location`, `accounts-server`); nothing else may choose where a code or
 * a token is sent.
 */
export const ZOHO_DATA_CENTRES = {
  us: { accountsServer: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' },
  eu: { accountsServer: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu' },
  in: { accountsServer: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
  au: { accountsServer: 'https://accounts.zoho.com.au', apiDomain: 'https://www.zohoapis.com.au' },
  jp: { accountsServer: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
  ca: { accountsServer: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca' },
  cn: { accountsServer: 'https://accounts.zoho.com.cn', apiDomain: 'https://www.zohoapis.com.cn' },
} as const;

export type ZohoDataCentre = keyof typeof ZOHO_DATA_CENTRES;

export interface ZohoDcHosts {
  accountsServer: string;
  apiDomain: string;
}

/** Live Zoho, or the sandbox emulator at `baseUrl` (its DCs are path prefixes: sandbox/zoho/README.md). */
export type ZohoMode = { mode: 'live' } | { mode: 'sandbox'; baseUrl: string };

/** Each DC's hosts for this mode: `<base>/accounts/<dc>` and `<base>/dc/<dc>` in the sandbox. */
export function zohoDataCentres(mode: ZohoMode): Record<ZohoDataCentre, ZohoDcHosts> {
  if (mode.mode === 'live') return ZOHO_DATA_CENTRES;
  const base = mode.baseUrl.replace(/\/+$/, '');
  const entries = (Object.keys(ZOHO_DATA_CENTRES) as ZohoDataCentre[]).map((dc) => [
    dc,
    { accountsServer: `${base}/accounts/${dc}`, apiDomain: `${base}/dc/${dc}` },
  ]);
  return Object.fromEntries(entries) as Record<ZohoDataCentre, ZohoDcHosts>;
}

/** The DC whose accounts server this is, compared as an origin and path (no trailing slash). */
export function dataCentreOfAccountsServer(
  table: Record<ZohoDataCentre, ZohoDcHosts>,
  accountsServer: string,
): ZohoDataCentre | undefined {
  const wanted = normalise(accountsServer);
  return (Object.keys(table) as ZohoDataCentre[]).find(
    (dc) => wanted !== undefined && normalise(table[dc].accountsServer) === wanted,
  );
}

function normalise(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.search || parsed.hash || parsed.username || parsed.password) return undefined;
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    return undefined;
  }
}

export function sameBaseUrl(a: string, b: string): boolean {
  const left = normalise(a);
  return left !== undefined && left === normalise(b);
}
