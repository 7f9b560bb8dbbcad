export {
  createHubspotEmulator,
  DEFAULT_PORTAL_ID,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
  type RegisterClientInput,
} from './emulator';
export { signatureV1, signatureV3, signingUri } from './signature';
export { extensionFetch, extensionRequest, type ExtensionCallerParams } from './extensionFetch';
export type { HubSpotWebhookEvent, HubSpotWebhookDelivery, WebhookConfigInput } from './webhooks';
export type { HubSpotSeed, HubSpotSeedResult } from './seed';
export type { HubSpotRateLimits } from './rateLimits';
export { ACCESS_TTL_SECONDS } from './oauth';
export { SEEDED_USERS, SALES_ROLE_ID, type SandboxUser } from './userRoutes';
