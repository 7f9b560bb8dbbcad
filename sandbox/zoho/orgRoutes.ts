import type { ZohoRoute } from './call';

/**
 * `GET /crm/v8/org`: the org's details (the SDK's core/com/zoho/crm/api/org: ResponseWrapper
 * `{ org: [Org] }`, Org `id`, `company_name`, `primary_email`, `domain_name`, `zgid`,
 * `currency`…), scope ZohoCRM.org.READ (Zoho's v8 "Get Organization Data"). A client learns which
 * org a token is for from it.
 */
export function orgRoutes(): ZohoRoute[] {
  return [
    {
      method: 'GET',
      path: '/crm/v8/org',
      scope: 'ZohoCRM.org',
      cost: () => ({ credits: 1, heavy: false }),
      handle: ({ org }) => ({
        status: 200,
        body: {
          org: [
            {
              id: org.id,
              zgid: org.id,
              company_name: org.name,
              primary_email: org.user.email,
              domain_name: `org${org.id}`,
              currency: 'US Dollar',
              iso_code: 'USD',
              time_zone: 'GMT',
            },
          ],
        },
      }),
    },
  ];
}
