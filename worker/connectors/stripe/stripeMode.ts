import type { Config } from '../../config';
import { allVendorsSandboxed } from '../../vendorConfig';
import type { StripeMode } from './stripeKeys';

/**
 * Where Stripe runs follows the deployment, as Google Sheets does without GOOGLE_SHEETS_MODE: while
 * every vendor runs in the sandbox (the demo) Stripe is the emulator; once any runs live, so does
 * Stripe, and test keys are refused.
 */
export function stripeModeOf(config: Pick<Config, 'vendors'>): StripeMode {
  return allVendorsSandboxed(config.vendors) ? 'sandbox' : 'live';
}
