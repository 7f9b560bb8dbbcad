export {
  createSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceEmulatorOptions,
} from './emulator';
export type { ExternalClientApp, IdentityOptions } from './identity';
export {
  signOutbound,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type ClosedWonNotice,
  type OutboundConfig,
} from './outbound';
export type { SalesforceSeed, SeededOrg } from './seed';
export { normalizeId, to18 } from './ids';
