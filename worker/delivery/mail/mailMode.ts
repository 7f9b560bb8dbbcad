import type { Config } from '../../config';
import { allVendorsSandboxed } from '../../vendorConfig';
import type { MailMode } from './mailAccountInput';

/**
 * Where mail goes follows the deployment, as Stripe does: while every vendor runs in the sandbox
 * (the demo) it goes to Mailpit; once any runs live, so does mail, and sandbox accounts are refused.
 */
export function mailModeOf(config: Pick<Config, 'vendors'>): MailMode {
  return allVendorsSandboxed(config.vendors) ? 'sandbox' : 'live';
}
