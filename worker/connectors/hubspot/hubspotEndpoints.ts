import type { VendorsConfig } from '../../vendorConfig';

/**
 * Where HubSpot's services live. OAuth uses the date-versioned 2026-03 endpoints: the v1 ones
 * (/oauth/v1/token, /oauth/v1/access-tokens/…) are deprecated and stop working on 16 February 2027.
 * https://developers.hubspot.com/changelog/v1-oauth-api-deprecation
 */
export interface HubspotEndpoints {
  authorize: string;
  token: string;
  introspect: string;
  revoke: string;
  /** The base path @hubspot/api-client is given (CRM, properties, associations…). */
  apiBase: string;
}

export const HUBSPOT_LIVE: HubspotEndpoints = {
  authorize: 'https://app.hubspot.com/oauth/authorize',
  token: 'https://api.hubapi.com/oauth/2026-03/token',
  introspect: 'https://api.hubapi.com/oauth/2026-03/token/introspect',
  revoke: 'https://api.hubapi.com/oauth/2026-03/token/revoke',
  apiBase: 'https://api.hubapi.com',
};

export function hubspotEndpoints(config: VendorsConfig['hubspot']): HubspotEndpoints {
  if (config.mode === 'live') return HUBSPOT_LIVE;
  const base = config.baseUrl;
  return {
    authorize: `${base}/oauth/authorize`,
    token: `${base}/oauth/2026-03/token`,
    introspect: `${base}/oauth/2026-03/token/introspect`,
    revoke: `${base}/oauth/2026-03/token/revoke`,
    apiBase: base,
  };
}

/**
 * The least the flows need: read and write companies, contacts and deals (accounting fields and
 * Closed-Won detection), read line items (invoice lines from deals), create the app's own
 * properties on companies and deals, read users (who may change the app's settings), and `oauth`
 * (always required); `timeline` posts invoice and payment events on deal and company timelines.
 */
export const HUBSPOT_SCOPES = [
  'oauth',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.line_items.read',
  'crm.schemas.companies.write',
  'crm.schemas.deals.write',
  'settings.users.read',
  'timeline',
];

/**
 * Asked for but not required (HubSpot's `optional_scope`): invoice delivery (issue #23) files PDFs
 * with the Files API (`files`) and reads its logged e-mails back (`sales-email-read`). A portal that
 * declines them keeps syncing; delivery then leaves its files and e-mails out of HubSpot, audited.
 */
export const HUBSPOT_OPTIONAL_SCOPES = ['files', 'sales-email-read'];
