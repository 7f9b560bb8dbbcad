import { Client } from '@hubspot/api-client';
import { z } from 'zod';

/** An @hubspot/api-client for one access token, on the live API or the sandbox by base path. */
export function hubspotClient(apiBase: string, accessToken: string): Client {
  // Retries are ours (Temporal + pacing), not the SDK's: numberOfApiCallRetries stays 0.
  return new Client({ accessToken, basePath: apiBase, numberOfApiCallRetries: 0 });
}

const accountDetailsSchema = z.object({
  portalId: z.union([z.number(), z.string()]),
  companyName: z.string().optional(),
  uiDomain: z.string().optional(),
});

/** The portal a token belongs to, from the account-info API (GET /account-info/v3/details). */
export async function describePortal(
  apiBase: string,
  accessToken: string,
): Promise<{ portalId: string; name: string | undefined }> {
  const res = await hubspotClient(apiBase, accessToken).apiRequest({
    method: 'GET',
    path: '/account-info/v3/details',
  });
  if (!res.ok) throw new Error(`GET /account-info/v3/details answered ${res.status}`);
  const details = accountDetailsSchema.parse(await res.json());
  return { portalId: String(details.portalId), name: details.companyName };
}
