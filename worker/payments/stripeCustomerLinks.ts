import type { Kysely } from 'kysely';
import StripeSdk from 'stripe';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { Database } from '../store/schema';
import { contactsWithEmail, hasContact } from './xeroPaymentReads';

/** One of the installation's Xero organisations, with its connector. */
export interface XeroOrganisation {
  tenantId: string;
  api: XeroApi;
}

export type CustomerLink =
  | { kind: 'linked'; xeroTenantId: string; xeroContactId: string; linkedBy: 'metadata' | 'email' | 'person' }
  | { kind: 'ambiguous'; candidates: Array<{ tenantId: string; contactId: string }> }
  | {
      kind: 'not_linked';
      reason:
        | 'no_metadata_or_email'
        | 'no_contact_with_email'
        | 'metadata_contact_not_found'
        | 'customer_not_found';
    };

/** The customer's metadata key naming its Xero contact (set by whoever creates customers). */
export const XERO_CONTACT_ID_KEY = 'xero_contact_id';

/** The fields of a Stripe customer read here, validated: the SDK's types are not a trust boundary. */
const customerSchema = z.object({
  id: z.string().startsWith('cus_'),
  deleted: z.literal(true).optional(),
  email: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).default({}),
});

/**
 * Which Xero contact a Stripe customer is, among the installation's organisations: the contact its
 * metadata `xero_contact_id` names, else the one contact of the installation with the customer's
 * e-mail. Several with that e-mail are ambiguous and never guessed. A certain link is stored (and
 * read first next time); an uncertain answer is worked out again, as contacts change.
 */
export class StripeCustomerLinks {
  constructor(private readonly db: Kysely<Database>) {}

  async stored(installationId: string, customerId: string): Promise<CustomerLink | undefined> {
    const row = await this.db
      .selectFrom('stripe_customer_links')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('stripe_customer_id', '=', customerId)
      .executeTakeFirst();
    return row
      ? {
          kind: 'linked',
          xeroTenantId: row.xero_tenant_id,
          xeroContactId: row.xero_contact_id,
          linkedBy: row.linked_by,
        }
      : undefined;
  }

  async resolve(input: {
    installationId: string;
    customerId: string;
    stripe: Stripe;
    organisations: readonly XeroOrganisation[];
  }): Promise<CustomerLink> {
    const known = await this.stored(input.installationId, input.customerId);
    if (known) return known;
    let retrieved: unknown;
    try {
      retrieved = await input.stripe.customers.retrieve(input.customerId);
    } catch (err) {
      // Deleted for good, or of another account: nothing to link, and retrying will not change it.
      if (err instanceof StripeSdk.errors.StripeInvalidRequestError && err.statusCode === 404)
        return { kind: 'not_linked', reason: 'customer_not_found' };
      throw err;
    }
    const customer = customerSchema.parse(retrieved);
    const link = await findContact(customer, input.organisations);
    if (link.kind === 'linked') await this.save(input.installationId, input.customerId, link);
    return link;
  }

  async save(
    installationId: string,
    customerId: string,
    link: Extract<CustomerLink, { kind: 'linked' }>,
  ): Promise<void> {
    const values = {
      xero_tenant_id: link.xeroTenantId,
      xero_contact_id: link.xeroContactId,
      linked_by: link.linkedBy,
    };
    await this.db
      .insertInto('stripe_customer_links')
      .values({ installation_id: installationId, stripe_customer_id: customerId, ...values })
      .onConflict((oc) =>
        oc
          .columns(['installation_id', 'stripe_customer_id'])
          .doUpdateSet({ ...values, linked_at: new Date() }),
      )
      .execute();
  }
}

async function findContact(
  customer: z.infer<typeof customerSchema>,
  organisations: readonly XeroOrganisation[],
): Promise<CustomerLink> {
  const named = customer.metadata[XERO_CONTACT_ID_KEY]?.trim().toLowerCase();
  if (named) {
    for (const org of organisations)
      if (await hasContact(org.api, named))
        return { kind: 'linked', xeroTenantId: org.tenantId, xeroContactId: named, linkedBy: 'metadata' };
    return { kind: 'not_linked', reason: 'metadata_contact_not_found' };
  }
  const email = customer.deleted ? undefined : customer.email?.trim();
  if (!email) return { kind: 'not_linked', reason: 'no_metadata_or_email' };
  const found: Array<{ tenantId: string; contactId: string }> = [];
  for (const org of organisations)
    for (const contactId of await contactsWithEmail(org.api, email))
      found.push({ tenantId: org.tenantId, contactId });
  const only = found[0];
  if (found.length === 1 && only)
    return { kind: 'linked', xeroTenantId: only.tenantId, xeroContactId: only.contactId, linkedBy: 'email' };
  if (found.length > 1) return { kind: 'ambiguous', candidates: found };
  return { kind: 'not_linked', reason: 'no_contact_with_email' };
}
