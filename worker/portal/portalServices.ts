import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { ConnectionStore } from '../connections/connectionStore';
import type { SecretBox } from '../connections/secretBox';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { invoicePdf } from '../connectors/xero/xeroInvoiceDelivery';
import { deliverySettingsOf } from '../delivery/readDeliveryInvoice';
import type { Database } from '../store/schema';
import { PortalLinkKeys } from './portalLinkKeys';
import { PortalLinks } from './portalLinks';
import type { PortalRouteDeps } from './portalRoutes';
import { portalOrganisations } from './portalXeroReader';

export interface PortalServices {
  /** The PortalLinkIssuer the delivery e-mails ask (and what the routes verify with). */
  links: PortalLinks;
  /** AppRouteDeps.portal. */
  routes: Omit<PortalRouteDeps, 'logger' | 'publicUrl'>;
}

/** Everything the customer portal is built from, made once in the composition root. */
export function portalServicesFrom(input: {
  db: Kysely<Database>;
  box: SecretBox;
  publicUrl: string;
  connections: Pick<ConnectionStore, 'find'>;
  xeroApi: (connectionId: string) => XeroApi;
  stripeFor: (installationId: string) => Promise<Stripe | undefined>;
  /** The installation's stored settings, unparsed (its `delivery` and `payments.timeZone` are read). */
  loadInstallationSettings: (installationId: string) => Promise<unknown>;
  now?: () => number;
}): PortalServices {
  const now = input.now ?? Date.now;
  const links = new PortalLinks({
    db: input.db,
    keys: new PortalLinkKeys(input.db, input.box),
    publicUrl: input.publicUrl,
    now,
  });
  return {
    links,
    routes: {
      links,
      organisationOf: portalOrganisations(input.connections, input.xeroApi),
      deliverySettings: (installationId) => deliverySettingsOf(input, installationId),
      stripeFor: input.stripeFor,
      invoicePdf,
      now,
    },
  };
}
