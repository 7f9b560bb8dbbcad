import type { Config } from '../config';
import { allVendorsSandboxed } from '../vendorConfig';
import type { SheetsEndpoints } from '../connectors/sheets/sheetsEndpoints';

/**
 * GOOGLE_SHEETS_MODE when set. Otherwise Sheets follows the deployment: while every vendor runs in
 * the sandbox (the demo), sheets go to the Sheets emulator; once any vendor runs live, to Google,
 * where sandbox service account keys are refused.
 */
export function sheetsModeOf(config: Pick<Config, 'vendors'>): 'sandbox' | 'live' {
  const { sheetsMode } = config.vendors;
  return sheetsMode ?? (allVendorsSandboxed(config.vendors) ? 'sandbox' : 'live');
}

export function sheetsEndpointsOf(mode: 'sandbox' | 'live', sandboxUrl: string | undefined): SheetsEndpoints {
  return mode === 'sandbox' && sandboxUrl ? { mode: 'sandbox', baseUrl: sandboxUrl } : { mode: 'live' };
}
