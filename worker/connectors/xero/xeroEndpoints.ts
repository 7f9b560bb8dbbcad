import type { VendorsConfig } from '../../vendorConfig';

/** Where Xero's services live: the real hosts, or all on the sandbox emulator's origin. */
export interface XeroEndpoints {
  authorize: string;
  token: string;
  revocation: string;
  connections: string;
  accountingApi: string;
}

export const XERO_LIVE: XeroEndpoints = {
  authorize: 'https://login.xero.com/identity/connect/authorize',
  token: 'https://identity.xero.com/connect/token',
  revocation: 'https://identity.xero.com/connect/revocation',
  connections: 'https://api.xero.com/connections',
  accountingApi: 'https://api.xero.com/api.xro/2.0',
};

export function xeroEndpoints(config: VendorsConfig['xero']): XeroEndpoints {
  if (config.mode === 'live') return XERO_LIVE;
  const base = config.baseUrl;
  return {
    authorize: `${base}/identity/connect/authorize`,
    token: `${base}/connect/token`,
    revocation: `${base}/connect/revocation`,
    connections: `${base}/connections`,
    accountingApi: `${base}/api.xro/2.0`,
  };
}

/**
 * The granular scopes the flows need (mandatory for Xero apps created since March 2026) and nothing
 * broader: invoices and credit notes read/write, contacts read/write, payments read/write (a Stripe
 * payment recorded in Xero, issue #22), settings read (currencies, tax rates, items, accounts,
 * tracking categories), and offline_access for refresh.
 */
export const XERO_SCOPES = [
  'offline_access',
  'accounting.invoices',
  'accounting.contacts',
  'accounting.payments',
  'accounting.settings.read',
];
