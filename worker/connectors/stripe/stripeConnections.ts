import type { Kysely } from 'kysely';
import { sealedSchema, type SecretBox } from '../../connections/secretBox';
import type { Database, InstallationStatus } from '../../store/schema';
import { keyHint, type StripeKeys } from './stripeKeys';

/** Bound to the installation and to which secret it is: moved to another row or column, it does not open. */
const aadOf = (installationId: string, which: 'api-key' | 'webhook-secret') =>
  `stripe:${installationId}:${which}`;

export interface StripeWebhookAccount {
  installationSlug: string;
  status: InstallationStatus;
  livemode: boolean;
  webhookSecret: string;
}

/** Each installation's Stripe account: the restricted key and the webhook signing secret, sealed at rest. */
export class StripeConnections {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  /** Saves (or replaces) the installation's keys. */
  async save(installationId: string, keys: StripeKeys, by: string): Promise<void> {
    const seal = (value: string, which: 'api-key' | 'webhook-secret') =>
      JSON.stringify(this.box.seal(value, aadOf(installationId, which)));
    const values = {
      livemode: keys.livemode,
      key_hint: keyHint(keys.apiKey),
      api_key_sealed: seal(keys.apiKey, 'api-key'),
      webhook_secret_sealed: seal(keys.webhookSecret, 'webhook-secret'),
      connected_by: by,
    };
    await this.db
      .insertInto('stripe_connections')
      .values({ installation_id: installationId, ...values })
      .onConflict((oc) => oc.column('installation_id').doUpdateSet({ ...values, updated_at: new Date() }))
      .execute();
  }

  /**
   * What the webhook route needs: the installation's slug and status, the account's mode and the
   * signing secret, opened; undefined when the installation has no Stripe account.
   */
  async forWebhook(installationId: string): Promise<StripeWebhookAccount | undefined> {
    const row = await this.db
      .selectFrom('stripe_connections as s')
      .innerJoin('installations as i', 'i.id', 's.installation_id')
      .select(['i.slug', 'i.status', 's.livemode', 's.webhook_secret_sealed'])
      .where('s.installation_id', '=', installationId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      installationSlug: row.slug,
      status: row.status,
      livemode: row.livemode,
      webhookSecret: this.box.open(
        sealedSchema.parse(row.webhook_secret_sealed),
        aadOf(installationId, 'webhook-secret'),
      ),
    };
  }

  /** The keys, opened (for the Stripe client); undefined when the installation has no Stripe account. */
  async load(installationId: string): Promise<StripeKeys | undefined> {
    const row = await this.db
      .selectFrom('stripe_connections')
      .selectAll()
      .where('installation_id', '=', installationId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      apiKey: this.box.open(sealedSchema.parse(row.api_key_sealed), aadOf(installationId, 'api-key')),
      livemode: row.livemode,
      webhookSecret: this.box.open(
        sealedSchema.parse(row.webhook_secret_sealed),
        aadOf(installationId, 'webhook-secret'),
      ),
    };
  }
}
