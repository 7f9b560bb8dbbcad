import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { StripePaymentFacts } from '../../workflows/domain/stripe/stripePayment';
import type { AuditLog } from '../audit/auditLog';
import type { ConnectionStore } from '../connections/connectionStore';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { Database } from '../store/schema';
import { matchStripePayment, type StripePaymentMatch } from './matchStripePayment';
import { settleStripePayment, type SettleDeps } from './settleStripePayment';
import { StripeCustomerLinks } from './stripeCustomerLinks';
import { StripePaymentStore, type SettledStripePayment } from './stripePaymentStore';

export interface StripePaymentActivityDeps {
  db: Kysely<Database>;
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  /** The installation's Stripe SDK client (stripeClient with its restricted key). */
  stripeFor(installationId: string): Promise<Stripe>;
  /** The installation's saved settings, unparsed (MappingSettingsStore.loadInstallation). */
  loadInstallationSettings(installationId: string): Promise<unknown>;
  audit: AuditLog;
}

/** The Stripe-payment activities the per-object Stripe workflow calls (issue #22). */
export function createStripePaymentActivities(deps: StripePaymentActivityDeps) {
  const settleDeps: SettleDeps = {
    ...deps,
    customerLinks: new StripeCustomerLinks(deps.db),
    payments: new StripePaymentStore(deps.db),
  };
  return {
    /** Which Xero invoice (and organisation) a Stripe payment pays; failed payments use it too. */
    matchStripePayment(input: {
      installationId: string;
      payment: StripePaymentFacts;
    }): Promise<StripePaymentMatch> {
      return matchStripePayment(settleDeps, input);
    },
    /** Settles a succeeded Stripe payment against Xero; a repeat returns the stored outcome. */
    settleStripePayment(input: {
      installationId: string;
      eventId: string;
      payment: StripePaymentFacts;
    }): Promise<SettledStripePayment> {
      return settleStripePayment(settleDeps, input);
    },
  };
}

export type StripePaymentActivities = ReturnType<typeof createStripePaymentActivities>;
