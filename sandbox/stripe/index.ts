export {
  createStripeEmulator,
  type StripeEmulator,
  type StripeEmulatorOptions,
  type StripeKeys,
} from './emulator';
export { EMULATED_API_VERSION } from './account';
export { DEFAULT_BILLING_POLICY, type BillingPolicy } from './billing';
export type { StripeSeedResult } from './seed';
export { stripeSignatureHeader } from './signature';
