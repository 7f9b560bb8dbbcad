import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sealedSchema, type SecretBox } from '../connections/secretBox';
import type { Database, InstallationStatus } from '../store/schema';

/** Bound to the installation and to which secret it is: moved to another row or column, it does not open. */
const aadOf = (installationId: string) => `orders:${installationId}:signing-secret`;

/** What a site is given once, at issue: the HMAC signing secret and the bearer token. */
export interface IssuedOrderEndpoint {
  signingSecret: string;
  token: string;
}

/** What the order route checks a post against. */
export interface OrderEndpointAuth {
  installationSlug: string;
  status: InstallationStatus;
  /** The current signing secret first, then the one it replaced (accepted until the next rotation). */
  signingSecrets: string[];
  tokenSha256: string;
  customerServiceEmail: string;
}

/** Where an installation's orders go: chosen when the endpoint is issued (npm run connect:orders). */
export interface OrderEndpointSetup {
  xeroTenantId: string;
  /** The bank account card payments are recorded to; none: the organisation's only one in the currency. */
  cardAccountCode?: string;
  customerServiceEmail: string;
}

export const sha256Hex = (value: string | Buffer): string => createHash('sha256').update(value).digest('hex');

/** Each installation's order endpoint (issue #24): secrets sealed, the token kept only as its hash. */
export class OrderEndpoints {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
  ) {}

  /**
   * Issues a new signing secret and token (the old secret stays valid until the next issue, so the
   * site can switch over without a gap; the old token does not). Returns them once, to hand over.
   */
  async issue(installationId: string, setup: OrderEndpointSetup, by: string): Promise<IssuedOrderEndpoint> {
    const issued = {
      signingSecret: `lbos_${randomBytes(32).toString('base64url')}`,
      token: `lbot_${randomBytes(32).toString('base64url')}`,
    };
    const sealed = JSON.stringify(this.box.seal(issued.signingSecret, aadOf(installationId)));
    await this.db.transaction().execute(async (tx) => {
      const before = await tx
        .selectFrom('order_endpoints')
        .select('signing_secret_sealed')
        .where('installation_id', '=', installationId)
        .forUpdate()
        .executeTakeFirst();
      const values = {
        signing_secret_sealed: sealed,
        previous_secret_sealed: before ? JSON.stringify(before.signing_secret_sealed) : null,
        token_sha256: sha256Hex(issued.token),
        xero_tenant_id: setup.xeroTenantId,
        card_account_code: setup.cardAccountCode ?? null,
        customer_service_email: setup.customerServiceEmail,
        issued_by: by,
      };
      await tx
        .insertInto('order_endpoints')
        .values({ installation_id: installationId, ...values })
        .onConflict((oc) => oc.column('installation_id').doUpdateSet({ ...values, updated_at: new Date() }))
        .execute();
    });
    return issued;
  }

  /** The route's view of an installation's endpoint; undefined when none was issued. */
  async forIntake(installationId: string): Promise<OrderEndpointAuth | undefined> {
    const row = await this.db
      .selectFrom('order_endpoints as e')
      .innerJoin('installations as i', 'i.id', 'e.installation_id')
      .select([
        'i.slug',
        'i.status',
        'e.signing_secret_sealed',
        'e.previous_secret_sealed',
        'e.token_sha256',
        'e.customer_service_email',
      ])
      .where('e.installation_id', '=', installationId)
      .executeTakeFirst();
    if (!row) return undefined;
    const open = (sealed: unknown) => this.box.open(sealedSchema.parse(sealed), aadOf(installationId));
    return {
      installationSlug: row.slug,
      status: row.status,
      signingSecrets: [
        open(row.signing_secret_sealed),
        ...(row.previous_secret_sealed ? [open(row.previous_secret_sealed)] : []),
      ],
      tokenSha256: row.token_sha256,
      customerServiceEmail: row.customer_service_email,
    };
  }

  /** The endpoint's set-up (what the order activities invoice with); undefined without an endpoint. */
  async setup(installationId: string): Promise<OrderEndpointSetup | undefined> {
    const row = await this.db
      .selectFrom('order_endpoints')
      .select(['xero_tenant_id', 'card_account_code', 'customer_service_email'])
      .where('installation_id', '=', installationId)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      xeroTenantId: row.xero_tenant_id,
      ...(row.card_account_code ? { cardAccountCode: row.card_account_code } : {}),
      customerServiceEmail: row.customer_service_email,
    };
  }
}
