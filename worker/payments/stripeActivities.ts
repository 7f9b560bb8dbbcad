import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import { pacedStripeHttpClient } from '../connectors/stripe/pacedStripeHttpClient';
import { stripeClient } from '../connectors/stripe/stripeClient';
import type { SharedPacer } from '../pacing/sharedPacer';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { Database } from '../store/schema';
import type { CrmTargets } from '../sync/crmTarget';
import { StripeCustomerLinks } from './stripeCustomerLinks';
import { createStripeDealActivities } from './stripeDealActivities';
import { createStripePaymentActivities } from './stripePaymentActivities';
import type { StripeServices } from './stripeServices';
import { createStripeSubscriptionActivities } from './stripeSubscriptionActivities';
import { StripeSubscriptionStore } from './stripeSubscriptionStore';

export interface StripeActivityDeps {
  db: Kysely<Database>;
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  audit: AuditLog;
  loadInstallationSettings(installationId: string): Promise<unknown>;
  temporal: { client: Client; taskQueue: string };
  stripe: Pick<StripeServices, 'connections' | 'endpoints'> & {
    /** Paces each installation's Stripe calls (`stripe:<installation id>`) under Stripe's limit. */
    pacer?: SharedPacer;
  };
}

/** Thrown when an installation's Stripe events arrive but its account was disconnected since. */
export class StripeNotConnectedError extends Error {
  override name = 'StripeNotConnectedError';
}

/** Every activity the per-object Stripe workflow calls (workflows/stripe/stripeObject.ts). */
export function createStripeActivities(deps: StripeActivityDeps) {
  const stripeFor = async (installationId: string) => {
    const keys = await deps.stripe.connections.load(installationId);
    if (!keys)
      throw new StripeNotConnectedError(`installation ${installationId} has no Stripe account connected`);
    const pacer = deps.stripe.pacer;
    return stripeClient(
      keys.apiKey,
      deps.stripe.endpoints,
      pacer ? { httpClient: pacedStripeHttpClient(pacer, `stripe:${installationId}`) } : {},
    );
  };
  return {
    ...createStripePaymentActivities({ ...deps, stripeFor }),
    ...createStripeDealActivities({ ...deps, ...deps.temporal }),
    ...createStripeSubscriptionActivities({
      ...deps,
      stripeFor,
      subscriptions: new StripeSubscriptionStore(deps.db),
      customerLinks: new StripeCustomerLinks(deps.db),
    }),
  };
}
