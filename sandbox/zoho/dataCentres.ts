/**
 * Zoho's data centres as the v8 SDK lists them (routes/dc/*_data_center.ts): each has its own
 * accounts server (OAuth) and API domain, and an org lives in exactly one. The emulator serves
 * them all from one HTTP server, telling them apart by path prefix: `<origin>/accounts/<dc>` is
 * a DC's accounts server and `<origin>/dc/<dc>` its API domain (what `api_domain` and
 * `accounts-server` carry), so a client that follows Zoho's answers reaches the right org.
 */
export const DATA_CENTRES = {
  us: { accountsServer: 'https://accounts.zoho.com', apiDomain: 'https://www.zohoapis.com' },
  eu: { accountsServer: 'https://accounts.zoho.eu', apiDomain: 'https://www.zohoapis.eu' },
  in: { accountsServer: 'https://accounts.zoho.in', apiDomain: 'https://www.zohoapis.in' },
  au: { accountsServer: 'https://accounts.zoho.com.au', apiDomain: 'https://www.zohoapis.com.au' },
  jp: { accountsServer: 'https://accounts.zoho.jp', apiDomain: 'https://www.zohoapis.jp' },
  ca: { accountsServer: 'https://accounts.zohocloud.ca', apiDomain: 'https://www.zohoapis.ca' },
  cn: { accountsServer: 'https://accounts.zoho.com.cn', apiDomain: 'https://www.zohoapis.com.cn' },
  sa: { accountsServer: 'https://accounts.zoho.sa', apiDomain: 'https://www.zohoapis.sa' },
} as const;

export type DataCentre = keyof typeof DATA_CENTRES;

export const DATA_CENTRE_CODES = Object.keys(DATA_CENTRES) as DataCentre[];

export function isDataCentre(value: string | undefined): value is DataCentre {
  return value !== undefined && Object.hasOwn(DATA_CENTRES, value);
}

/** The sandbox's stand-in for a DC's API domain (`https://www.zohoapis.eu` → `<origin>/dc/eu`). */
export function sandboxApiDomain(origin: string, dc: DataCentre): string {
  return `${origin}/dc/${dc}`;
}

/** The sandbox's stand-in for a DC's accounts server (`https://accounts.zoho.eu` → `<origin>/accounts/eu`). */
export function sandboxAccountsServer(origin: string, dc: DataCentre): string {
  return `${origin}/accounts/${dc}`;
}
