import { z } from 'zod';
import { SANDBOX_SERVICE_ACCOUNT_DOMAIN } from '../../../sandbox/sheets';

/** A Google Cloud service account's JSON key file: the fields used to sign the token request. */
export const serviceAccountKeySchema = z.object({
  type: z.literal('service_account', {
    error: 'type must be "service_account" (a service account JSON key)',
  }),
  project_id: z.string().min(1),
  private_key_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY', { error: 'private_key must be a PEM private key' }),
  client_email: z.email({ error: 'client_email must be the service account email' }),
  token_uri: z.url().optional(),
});
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

/** Keys minted by the sandbox emulator: refused when Sheets runs against Google. */
export function isSandboxKey(key: Pick<ServiceAccountKey, 'client_email'>): boolean {
  return key.client_email.endsWith(`@${SANDBOX_SERVICE_ACCOUNT_DOMAIN}`);
}
