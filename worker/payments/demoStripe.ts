import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { RunningSandbox } from '../../sandbox';
import type { AuditLog } from '../audit/auditLog';
import { connectStripeAccount } from '../connectors/stripe/connectStripeAccount';
import type { InstallationStore } from '../installations/installationStore';
import type { Logger } from '../logger';
import type { Database } from '../store/schema';
import type { StripeServices } from './stripeServices';

/** A demo installation's Stripe account in the emulator, connected to it. */
export interface DemoStripeAccount {
  slug: string;
  installationId: string;
  accountId: string;
  /** The account's secret key, for driving the emulator as the customer's own systems would. */
  secretKey: string;
  webhookUrl: string;
}

/**
 * Gives each demo installation a Stripe account in the emulator, connected as an admin would
 * (`npm run connect:stripe`: restricted key and webhook secret, sealed), with the emulator's webhook
 * endpoint pointing at the installation's `/webhooks/stripe/<id>`. The first gets the seeded
 * account (two subscribers, one card declined); the others a fresh one. Idempotent across restarts
 * only in that each start makes new emulator accounts (the emulator keeps no state).
 */
export async function connectDemoStripeAccounts(input: {
  stripe: NonNullable<RunningSandbox['stripe']>;
  services: Pick<StripeServices, 'connections' | 'mode'>;
  db: Kysely<Database>;
  audit: AuditLog;
  installations: InstallationStore;
  slugs: readonly string[];
  publicUrl: string;
  logger: Logger;
}): Promise<DemoStripeAccount[]> {
  const connected: DemoStripeAccount[] = [];
  for (const [index, slug] of input.slugs.entries()) {
    const installation = await input.installations.bySlug(slug);
    if (!installation) continue;
    const keys =
      index === 0
        ? input.stripe.account
        : input.stripe.emulator.createAccount({ livemode: input.stripe.account.livemode });
    const webhookUrl = `${input.publicUrl}/webhooks/stripe/${installation.id}`;
    const endpoint = input.stripe.emulator.addWebhookEndpoint(keys.accountId, {
      url: webhookUrl,
      secret: `whsec_${randomBytes(24).toString('hex')}`,
    });
    await connectStripeAccount(
      {
        db: input.db,
        connections: input.services.connections,
        audit: input.audit,
        mode: input.services.mode,
      },
      { installation: slug, apiKey: keys.restrictedKey, webhookSecret: endpoint.secret, by: 'demo' },
    );
    connected.push({
      slug,
      installationId: installation.id,
      accountId: keys.accountId,
      secretKey: keys.secretKey,
      webhookUrl,
    });
    input.logger.info({ installation: slug, account: keys.accountId }, 'demo Stripe account connected');
  }
  return connected;
}
