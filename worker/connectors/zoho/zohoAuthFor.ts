import { SANDBOX_ZOHO_CLIENT } from '../../../sandbox';
import type { VendorsConfig } from '../../vendorConfig';
import { ZohoAuth, type ZohoAuthOptions } from './zohoAuth';

/**
 * The deployment's Zoho OAuth client: the API Console client's credentials against Zoho's data
 * centres when live, the sandbox's registered client against the emulator otherwise (never the
 * sandbox's credentials against live Zoho: live mode takes only configured ones).
 */
export function zohoAuthFor(zoho: VendorsConfig['zoho'], options: ZohoAuthOptions = {}): ZohoAuth {
  return zoho.mode === 'live'
    ? new ZohoAuth({ mode: 'live' }, { clientId: zoho.clientId, clientSecret: zoho.clientSecret }, options)
    : new ZohoAuth({ mode: 'sandbox', baseUrl: zoho.baseUrl }, SANDBOX_ZOHO_CLIENT, options);
}
