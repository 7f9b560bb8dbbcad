import { api, sendJson, type ApiDeps, type Route } from './api';

/**
 * Account information (`GET /account-info/v3/details`): which portal a token belongs to, its time
 * zone and currencies. Any valid token may read it. https://developers.hubspot.com/docs/api-reference/account-account-info-v3/guide
 */
export function accountRoutes(on: Route, deps: ApiDeps): void {
  on(
    'GET',
    '/account-info/v3/details',
    api(
      deps,
      () => [],
      ({ ctx, grant }) =>
        sendJson(ctx, 200, {
          portalId: grant.portalId,
          accountType: 'STANDARD',
          timeZone: 'US/Eastern',
          companyCurrency: 'USD',
          additionalCurrencies: ['EUR', 'GBP', 'AUD'],
          utcOffset: '-05:00',
          utcOffsetMilliseconds: -18_000_000,
          uiDomain: 'app.hubspot.com',
          dataHostingLocation: 'na1',
        }),
    ),
  );
}
