import type { SandboxOptions } from '../sandbox';
import { readSandboxSheetKey } from './auditSheet/auditSheetDeps';
import { sheetsModeOf } from './auditSheet/sheetsMode';
import type { Config } from './config';
import { stripeModeOf } from './connectors/stripe/stripeMode';

/**
 * Which emulators `npm start` runs and where they send their webhooks: one per vendor without real
 * credentials, on its configured port; none with SANDBOX_EXTERNAL (they run elsewhere, e.g. in
 * bench:chaos's own process). Stripe's demo endpoints are added once the installations exist.
 */
export async function sandboxOptionsOf(
  config: Config,
  secrets: { xeroWebhookKey: string | undefined; salesforceSecret: string | undefined },
): Promise<SandboxOptions> {
  const { vendors, ingress } = config;
  const here = !vendors.sandbox.external;
  const startHere = <V extends { mode: 'sandbox' | 'live' }>(
    vendor: V,
  ): vendor is Extract<V, { mode: 'sandbox' }> => vendor.mode === 'sandbox' && here;
  return {
    host: vendors.sandbox.host,
    seed: vendors.sandbox.seed,
    ...(startHere(vendors.xero)
      ? {
          xero: {
            port: portOf(vendors.xero.baseUrl),
            ...(vendors.sandbox.xeroLimits ? { rateLimits: vendors.sandbox.xeroLimits } : {}),
            ...(secrets.xeroWebhookKey
              ? { webhook: { url: `${ingress.publicUrl}/webhooks/xero`, key: secrets.xeroWebhookKey } }
              : {}),
          },
        }
      : {}),
    ...(startHere(vendors.salesforce)
      ? {
          salesforce: {
            port: portOf(vendors.salesforce.baseUrl),
            ...(secrets.salesforceSecret
              ? {
                  outbound: {
                    url: `${ingress.publicUrl}/webhooks/salesforce`,
                    secret: secrets.salesforceSecret,
                  },
                }
              : {}),
          },
        }
      : {}),
    ...(startHere(vendors.hubspot)
      ? {
          hubspot: {
            port: portOf(vendors.hubspot.baseUrl),
            webhookUrl: `${ingress.publicUrl}/webhooks/hubspot`,
          },
        }
      : {}),
    ...(startHere(vendors.zoho) ? { zoho: { port: portOf(vendors.zoho.baseUrl) } } : {}),
    ...(stripeModeOf(config) === 'sandbox' && here
      ? { stripe: { port: portOf(vendors.sandbox.stripeUrl) } }
      : {}),
    // The audit sheet's Sheets emulator on a free port, trusting the demo key of an earlier start.
    ...(sheetsModeOf(config) === 'sandbox' && here
      ? { sheets: await sandboxSheetsOptions(config.dataDir) }
      : {}),
  };
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

async function sandboxSheetsOptions(dataDir: string): Promise<NonNullable<SandboxOptions['sheets']>> {
  const key = await readSandboxSheetKey(dataDir);
  return { port: 0, ...(key ? { key } : {}) };
}
