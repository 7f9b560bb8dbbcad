import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { AuditLog } from '../audit/auditLog';
import type { Config } from '../config';
import type { ConnectionStore } from '../connections/connectionStore';
import type { SecretBox } from '../connections/secretBox';
import { stripeClient } from '../connectors/stripe/stripeClient';
import { pacedStripeHttpClient } from '../connectors/stripe/pacedStripeHttpClient';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { SharedPacer } from '../pacing/sharedPacer';
import type { StripeServices } from '../payments/stripeServices';
import { portalServicesFrom, type PortalServices } from '../portal/portalServices';
import type { Database } from '../store/schema';
import type { CrmTargets } from '../sync/crmTarget';
import type { XeroSyncDeps } from '../activities/xeroSync';
import { createDeliveryActivities } from './deliveryActivities';
import type { DeliveryActivities } from './deliveryActivityTypes';
import { deliveryDepsFrom } from './deliveryDeps';
import { DeliveryStops } from './deliveryStops';
import { InstallationStore } from '../installations/installationStore';
import { InvoiceMessages } from './mail/invoiceMessages';
import { MailAccounts } from './mail/mailAccounts';
import { mailModeOf } from './mail/mailMode';
import { MailTransports } from './mail/mailTransports';
import type { MailpitServer } from './mail/mailpitServer';
import { MailpitSentMessageCheck, unknownOutcomeCheck } from './mail/sentMessageChecks';
import { startInvoiceDelivery } from './startInvoiceDelivery';
import { shortLived } from '../sync/shortLived';

/** Invoice delivery and the customer portal (issue #23), built once in the composition root. */
export interface DeliveryServices {
  activities: DeliveryActivities;
  portal: PortalServices;
  accounts: MailAccounts;
  /** The installations' pooled SMTP transports (order notices go through them too). */
  transports: MailTransports;
  /** XeroSyncDeps.startDelivery: the Xero sync's hand-over of an approved sales invoice. */
  startDelivery: NonNullable<XeroSyncDeps['startDelivery']>;
  close(): Promise<void>;
}

export function deliveryServicesFrom(input: {
  config: Pick<Config, 'vendors' | 'ingress'>;
  db: Kysely<Database>;
  box: SecretBox;
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  loadInstallationSettings(installationId: string): Promise<unknown>;
  audit: Pick<AuditLog, 'record'>;
  temporal: { client: Client; taskQueue: string };
  stripe: Pick<StripeServices, 'connections' | 'endpoints'> | undefined;
  pacer: SharedPacer;
  /** The sandbox's mail catcher: asked whether a message with an unknown outcome arrived. */
  mailpit: MailpitServer | undefined;
}): DeliveryServices {
  const { stripe } = input;
  const portal = portalServicesFrom({
    db: input.db,
    box: input.box,
    publicUrl: input.config.ingress.publicUrl,
    connections: input.connections,
    xeroApi: input.xeroApi,
    stripeFor: async (installationId): Promise<Stripe | undefined> => {
      const keys = stripe ? await stripe.connections.load(installationId) : undefined;
      if (!stripe || !keys) return undefined;
      return stripeClient(keys.apiKey, stripe.endpoints, {
        httpClient: pacedStripeHttpClient(input.pacer, `stripe:${installationId}`),
      });
    },
    loadInstallationSettings: input.loadInstallationSettings,
  });
  const accounts = new MailAccounts(input.db, input.box);
  const transports = new MailTransports();
  const deps = deliveryDepsFrom({
    ...input,
    deliveryStops: new DeliveryStops(input.db),
    installations: new InstallationStore(input.db),
    mail: {
      accounts,
      ledger: new InvoiceMessages(input.db, input.box),
      transports,
      // A real SMTP server cannot be asked what it took: an unknown outcome is sent again, audited.
      sentCheck: input.mailpit ? new MailpitSentMessageCheck(input.mailpit.apiUrl) : unknownOutcomeCheck,
      portalLinks: portal.links,
      audit: input.audit,
      mode: mailModeOf(input.config),
    },
  });
  // The sync hands over every approved invoice it applies: its organisation's installation is read
  // once a second, as the sync's own lookups are.
  const xeroConnectionOf = shortLived((tenantId) => input.connections.find('xero', tenantId), 1_000);
  return {
    activities: createDeliveryActivities(deps),
    portal,
    accounts,
    transports,
    startDelivery: async ({ xeroTenantId, invoice }) => {
      const connection = await xeroConnectionOf(xeroTenantId);
      if (!connection) return;
      await startInvoiceDelivery(input.temporal, {
        installationId: connection.installationId,
        xeroTenantId,
        invoice,
      });
    },
    close: () => transports.close(),
  };
}
