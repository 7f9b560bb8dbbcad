import type { Kysely } from 'kysely';
import type { AuditLog } from '../../audit/auditLog';
import type { Database } from '../../store/schema';
import type { StripeConnections } from './stripeConnections';
import { keyHint, parseStripeKeys, StripeKeyError, type StripeMode } from './stripeKeys';
import { InstallationStore } from '../../installations/installationStore';

export interface ConnectStripeDeps {
  db: Kysely<Database>;
  connections: StripeConnections;
  audit: AuditLog;
  mode: StripeMode;
}

/**
 * Connects an installation's Stripe account: both secrets validated for where Stripe runs (a test
 * key refused when live), sealed and saved, and an audit row naming who did it and the key's hint
 * (never the key). Connecting again replaces the keys: that is how a rolled key or secret is given.
 * Returns the path Stripe's webhook endpoint must call.
 */
export async function connectStripeAccount(
  deps: ConnectStripeDeps,
  input: { installation: string; apiKey: string; webhookSecret: string; by: string },
): Promise<{ installationId: string; keyHint: string; webhookPath: string }> {
  const installation = await new InstallationStore(deps.db).bySlug(input.installation);
  if (!installation)
    throw new StripeKeyError(`installation: no installation "${input.installation}" (npm run installations)`);
  if (installation.status === 'uninstalled')
    throw new StripeKeyError(`installation: "${input.installation}" is uninstalled`);
  const keys = parseStripeKeys(input, deps.mode);
  await deps.connections.save(installation.id, keys, input.by);
  const hint = keyHint(keys.apiKey);
  await deps.audit.record({
    action: 'stripe_connected',
    outcome: 'succeeded',
    actor: input.by,
    subject: { installationId: installation.id },
    detail: { keyHint: hint, livemode: keys.livemode, mode: deps.mode },
  });
  return {
    installationId: installation.id,
    keyHint: hint,
    webhookPath: `/webhooks/stripe/${installation.id}`,
  };
}
