import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';
import type { PayloadCodec } from '@temporalio/common';
import type { ConnectionStore } from '../connections/connectionStore';
import type { HubspotAppDeps } from '../hubspotApp/hubspotAppDeps';
import { lineItemDealsOf } from '../hubspotApp/lineItemDeals';
import type { ConnectTickets } from '../installations/connectTickets';
import type { InstallationStore } from '../installations/installationStore';
import type { Logger } from '../logger';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import { registerCodecRoutes } from './codecRoutes';
import { registerConnectTicketRoute } from './connectTicketRoute';
import { registerHubspotCardRoutes } from './hubspotCardRoutes';
import { registerHubspotConnectRoutes, type DisconnectConnection } from './hubspotConnectRoutes';
import { registerHubspotReviewRoutes } from './hubspotReviewRoutes';
import type { ReviewDesk } from '../reviews/reviewDesk';
import { registerHubspotSettingsRoutes } from './hubspotSettingsRoutes';
import { registerHubspotWebhookRoute } from './hubspotWebhookRoute';
import type { RouteGroup } from './ingressApp';
import { registerMetricsRoute, type MetricsRouteDeps } from './metricsRoute';
import { registerOAuthRoutes, type ConnectFlows } from './oauthRoutes';
import { registerSalesforceConnectRoutes } from './salesforceConnectRoutes';
import { registerSalesforceReceivablesRoute } from './salesforceReceivablesRoute';
import { registerSalesforceReviewRoutes } from './salesforceReviewRoutes';
import { registerSalesforceWebhookRoute } from './salesforceWebhookRoute';
import { registerStripeWebhookRoute, type StripeWebhookDeps } from './stripeWebhookRoute';
import { registerOrderIntakeRoute, type OrderIntakeDeps } from './orderIntakeRoute';
import { registerXeroWebhookRoute } from './xeroWebhookRoute';
import { registerZohoNotificationRoute, type ZohoNotificationDeps } from './zohoNotificationRoute';
import { registerPortalRoutes, type PortalRouteDeps } from '../portal/portalRoutes';

/** What the worker's routes are built from (worker/app.ts gives the real ones; the fuzz test fakes). */
export interface AppRouteDeps {
  logger: Logger;
  publicUrl: string;
  codec: { codec: PayloadCodec; token: string; uiOrigins: string[] };
  connectFlows: ConnectFlows;
  /** Tickets redeemed by /oauth/{vendor}/start; issued to the operator's token on the operations listener. */
  connect: { tickets: ConnectTickets; installations: InstallationStore; operatorToken: string };
  /** A route whose secret is undefined is not served at all (404), rather than served and refused. */
  secrets: {
    xeroWebhookKey: string | undefined;
    hubspotClientSecret: string | undefined;
    salesforceCalloutSecret: string | undefined;
  };
  dispatchXero: XeroEventDispatch;
  dispatchDeal: CrmDealDispatch;
  /** Built only when the HubSpot app's secret is configured (the cards are signed with it). */
  hubspotApp: () => HubspotAppDeps;
  /** Ends one connection for good (installations/disconnectConnection.ts): "Disconnect" in the CRMs. */
  disconnectConnection: DisconnectConnection;
  /** The installations' connections: what the Salesforce app page lists, found by org and by ID. */
  connections: Pick<ConnectionStore, 'find' | 'get' | 'list'>;
  /** Stripe's webhooks, per installation (issue #22); each is signed with its installation's secret. */
  stripe?: Omit<StripeWebhookDeps, 'logger'>;
  /** The contact review queue (worker/reviews): served to both CRMs when given. */
  reviews?: ReviewDesk;
  /** The store the nightly receivables snapshots are read from: the Salesforce app page's figures, when given. */
  receivables?: { db: Kysely<Database> };
  /** The customer portal (issue #23): anyone holding a valid signed link, for that link's customer only. */
  portal?: Omit<PortalRouteDeps, 'logger' | 'publicUrl'>;
  /** Order intake (issue #24): each installation's e-commerce site, by its signature or token. */
  orders?: Omit<OrderIntakeDeps, 'logger'>;
  /** Zoho CRM's change notifications (issue #24), each channel by its connection's sealed token. */
  zoho?: Pick<ZohoNotificationDeps, 'channels' | 'audit'>;
  metrics: Omit<MetricsRouteDeps, 'logger' | 'bearerToken'> & {
    /** Also serves /metrics on the public listener, to holders of this bearer token. */
    publicToken: string | undefined;
  };
}

/** The public listener's routes (behind PUBLIC_BASE_URL): OAuth, webhooks, the HubSpot app, the codec. */
export function publicRoutes(deps: AppRouteDeps): RouteGroup[] {
  const { logger, secrets } = deps;
  return [
    (app) =>
      registerCodecRoutes(app, {
        ...deps.codec,
        secureCookies: deps.publicUrl.startsWith('https:'),
        logger,
      }),
    (app) =>
      registerOAuthRoutes(app, {
        flows: deps.connectFlows,
        tickets: deps.connect.tickets,
        secureCookies: deps.publicUrl.startsWith('https:'),
        logger,
      }),
    (app) => {
      if (!secrets.xeroWebhookKey)
        return logger.warn('XERO_WEBHOOK_KEY is not set: /webhooks/xero is not served');
      registerXeroWebhookRoute(app, {
        webhookKey: secrets.xeroWebhookKey,
        dispatch: deps.dispatchXero,
        logger,
      });
    },
    // Zoho's channels: each callback carries its connection's token (no deployment secret needed).
    (app) => {
      if (deps.zoho)
        registerZohoNotificationRoute(app, { ...deps.zoho, dispatch: deps.dispatchDeal, logger });
    },
    (app) => {
      if (!secrets.hubspotClientSecret)
        return logger.warn(
          'no HubSpot app secret (HUBSPOT_CLIENT_SECRET): /webhooks/hubspot, the cards and the settings page are not served',
        );
      const hubspotApp = deps.hubspotApp();
      registerHubspotWebhookRoute(app, {
        clientSecret: secrets.hubspotClientSecret,
        publicUrl: deps.publicUrl,
        dispatch: deps.dispatchDeal,
        dealsOfLineItems: lineItemDealsOf(hubspotApp),
        logger,
      });
      // The HubSpot app's cards and settings page: signed by HubSpot with the same app secret.
      const extensionDeps = {
        app: hubspotApp,
        clientSecret: secrets.hubspotClientSecret,
        publicUrl: deps.publicUrl,
        logger,
      };
      registerHubspotCardRoutes(app, extensionDeps);
      registerHubspotSettingsRoutes(app, extensionDeps);
      registerHubspotConnectRoutes(app, {
        ...extensionDeps,
        tickets: deps.connect.tickets,
        disconnect: deps.disconnectConnection,
      });
      if (deps.reviews) registerHubspotReviewRoutes(app, { ...extensionDeps, reviews: deps.reviews });
    },
    (app) => {
      if (deps.stripe) registerStripeWebhookRoute(app, { ...deps.stripe, logger });
    },
    (app) => {
      if (deps.orders) registerOrderIntakeRoute(app, { ...deps.orders, logger });
    },
    (app) => {
      if (!secrets.salesforceCalloutSecret)
        return logger.warn(
          'SALESFORCE_CALLOUT_SECRET is not set: /webhooks/salesforce and /salesforce/xero-connections are not served',
        );
      registerSalesforceWebhookRoute(app, {
        secret: secrets.salesforceCalloutSecret,
        dispatch: deps.dispatchDeal,
        logger,
      });
      // The app page's Xero connections: signed like the callout above, with the org's own secret.
      registerSalesforceConnectRoutes(app, {
        connections: deps.connections,
        installations: deps.connect.installations,
        tickets: deps.connect.tickets,
        disconnect: deps.disconnectConnection,
        deploymentSecret: secrets.salesforceCalloutSecret,
        publicUrl: deps.publicUrl,
        logger,
      });
      if (deps.reviews)
        registerSalesforceReviewRoutes(app, {
          connections: deps.connections,
          installations: deps.connect.installations,
          reviews: deps.reviews,
          deploymentSecret: secrets.salesforceCalloutSecret,
          logger,
        });
      if (deps.receivables)
        registerSalesforceReceivablesRoute(app, {
          connections: deps.connections,
          installations: deps.connect.installations,
          db: deps.receivables.db,
          deploymentSecret: secrets.salesforceCalloutSecret,
          logger,
        });
    },
    (app) => {
      if (deps.portal) registerPortalRoutes(app, { ...deps.portal, publicUrl: deps.publicUrl, logger });
    },
    (app) => {
      if (deps.metrics.publicToken === undefined) return;
      registerMetricsRoute(app, { ...deps.metrics, bearerToken: deps.metrics.publicToken, logger });
    },
  ];
}

/**
 * The operations listener's routes (loopback by default): /metrics without a token, /healthz, and
 * connect tickets for the operator's token.
 */
export function operationsRoutes(deps: Pick<AppRouteDeps, 'logger' | 'metrics' | 'connect'>): RouteGroup[] {
  return [
    (app) => registerMetricsRoute(app, { ...deps.metrics, logger: deps.logger }),
    (app) => registerConnectTicketRoute(app, { ...deps.connect, logger: deps.logger }),
  ];
}
