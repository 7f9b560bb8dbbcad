import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SANDBOX_HUBSPOT_CLIENT } from '../../sandbox';
import type { Config } from '../config';
import { liveVendors } from '../vendorConfig';

/**
 * The secrets CRM notices are verified with.
 * - HubSpot signs webhooks with the app's client secret: HUBSPOT_CLIENT_SECRET, or the sandbox app's
 *   while no vendor runs live (it is public). A portal connected with a static token only (no app)
 *   sends none; without a secret the route is not served.
 * - The Salesforce package's flow signs its Closed Won callout with the secret stored in its Named
 *   Credential: SALESFORCE_CALLOUT_SECRET, or in the sandbox a generated one kept in the data folder
 *   (the emulator's stand-in for the flow signs with it too).
 */
export async function resolveCrmWebhookSecrets(
  config: Config,
): Promise<{ hubspot: string | undefined; salesforce: string | undefined }> {
  const hs = config.vendors.hubspot;
  // The sandbox app's secret is public: beside a live vendor it would let anyone forge HubSpot notices.
  const sandboxSecret =
    liveVendors(config.vendors).length === 0 ? SANDBOX_HUBSPOT_CLIENT.clientSecret : undefined;
  const hubspot = hs.mode === 'sandbox' ? sandboxSecret : 'clientSecret' in hs ? hs.clientSecret : undefined;
  const sf = config.vendors.salesforce;
  const salesforce =
    sf.calloutSecret ??
    (sf.mode === 'sandbox' ? await generatedSecret(config, 'salesforce-callout-secret') : undefined);
  return { hubspot, salesforce };
}

async function generatedSecret(config: Config, name: string): Promise<string> {
  const file = path.join(config.dataDir, 'secrets', name);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const secret = randomBytes(32).toString('base64url');
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
