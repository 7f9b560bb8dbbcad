export {
  createZohoEmulator,
  type ZohoEmulator,
  type ZohoEmulatorOptions,
  type ZohoOrgInfo,
} from './emulator';
export {
  DATA_CENTRES,
  DATA_CENTRE_CODES,
  sandboxAccountsServer,
  sandboxApiDomain,
  type DataCentre,
} from './dataCentres';
export { DEFAULT_ZOHO_LIMITS, creditCost, type CreditUsage, type ZohoLimitPolicy } from './limits';
export { ACCESS_TOKEN_SECONDS, type OAuthClient } from './oauth';
export type { NotificationBody, SentNotification, WatchChannel } from './notifications';
