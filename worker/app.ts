import { hostname } from 'node:os';
import type { Worker } from '@temporalio/worker';
import { startSandbox, type RunningSandbox } from '../sandbox';
import { sandboxOptionsOf } from './sandboxOptions';
import { systemCheckWorkflow } from '../workflows';
import { activityDepsFrom, createActivities } from './activities';
import type { Config } from './config';
import type { Connection } from './connections/connectionStore';
import { RefresherRegistry } from './connections/refreshers';
import { buildConnectionServices, connectFlows } from './connections/services';
import { startConnectionWork } from './temporal/connectionWork';
import { operationsRoutes, publicRoutes } from './ingress/appRoutes';
import { reviewDeskFrom } from './reviews/reviewDeskFrom';
import { startIngress, type Ingress } from './ingress/server';
import { xeroEventDispatcher } from './webhooks/xeroEventDispatcher';
import { resolveXeroWebhookKey } from './webhooks/xeroWebhookKey';
import { resolveCrmWebhookSecrets } from './webhooks/crmWebhookSecrets';
import { crmDealDispatcher } from './webhooks/crmDealDispatcher';
import { disconnectConnection } from './installations/disconnectConnection';
import { holdingDispatchers } from './installations/heldEvents';
import { installationOfAccount } from './installations/installationOfAccount';
import { seedDemoInstallations, type DemoInstallation } from './installations/demoInstallations';
import { lifecycleDepsFrom } from './installations/lifecycleDeps';
import { stripeServicesFrom } from './payments/stripeServices';
import { connectDemoStripeAccounts, type DemoStripeAccount } from './payments/demoStripe';
import { ensureReceivablesSchedules } from './payments/collections/receivablesSchedules';
import { installationXeroApi } from './payments/collections/collectionDeps';
import { orderServicesFrom, type OrderServices } from './orders/orderServices';
import { zohoWatchServicesFrom } from './sync/zohoWatchServices';
import { hubspotAppDepsFrom } from './hubspotApp/hubspotAppDeps';
import type { Logger } from './logger';
import type { CrmTargets } from './sync/crmTarget';
import { openStore, type Store } from './store/store';
import { connectTemporal, type TemporalRuntime } from './temporal/connection';
import { createWorker } from './temporal/worker';
import { metricsRegistry, startWorkflowCounting } from './temporal/metrics';
import { createOperationsActivities } from './temporal/operationsActivities';
import { AesGcmPayloadCodec } from './temporal/payloadCodec';
import { loadCodecToken, loadPayloadKeys } from './temporal/payloadKeys';
import { loadOperatorToken } from './installations/operatorTickets';
import { startTracing } from './telemetry/tracing';
import { buildSharedServices } from './sharedServices';
import { createAuditSheetActivities } from './auditSheet/auditSheetActivities';
import { auditSheetDepsFrom, writeSandboxSheetKey } from './auditSheet/auditSheetDeps';
import { sheetsEndpointsOf, sheetsModeOf } from './auditSheet/sheetsMode';
import { resumeAuditSheetDrains } from './auditSheet/startAuditSheetDrain';
import { loadSecretBox } from './connections/keyring';
import { deliveryServicesFrom } from './delivery/deliveryServices';
import { connectDemoMail, startSandboxMailpit } from './delivery/demoMail';
import type { MailpitServer } from './delivery/mail/mailpitServer';

/** The running main job: store, Temporal (embedded or remote), worker and HTTP ingress. */
export interface App {
  temporal: TemporalRuntime;
  store: Store;
  ingress: Ingress;
  /** The operations listener: /metrics and /healthz, loopback by default. */
  operations: Ingress;
  worker: Worker;
  /** The vendor emulators started for vendors without real credentials. */
  sandbox: RunningSandbox;
  /** The demo installations seeded in the sandbox (only when asked for: `npm start`). */
  demo: DemoInstallation[];
  /** Their Stripe accounts in the emulator, connected (npm start's sandbox only). */
  stripeDemo: DemoStripeAccount[];
  /** The CRM adapters by installation (what the worker writes through). */
  crmTargets: CrmTargets;
  /** Order intake (issue #24): its endpoints, for npm start's demo order. */
  orders: OrderServices;
  /** The sandbox's mail catcher (npm start), where the demo's invoice e-mails land. */
  mailpit: MailpitServer | undefined;
  /** Drains the worker, then stops everything this app started, in reverse order. */
  stop(): Promise<void>;
}

export async function startApp(
  config: Config,
  logger: Logger,
  refreshers = new RefresherRegistry(),
  options: {
    demoInstallations?: boolean;
    /** Start Mailpit for the sandbox's e-mail (default: with the demo installations). */
    mailpit?: boolean;
  } = {},
): Promise<App> {
  const cleanups: Array<() => Promise<void>> = [];
  const stopStarted = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err: unknown) => logger.warn({ err }, 'clean-up step failed'));
    }
  };
  try {
    const xeroWebhookKey = await resolveXeroWebhookKey(config);
    const crmSecrets = await resolveCrmWebhookSecrets(config);
    const sandbox = await startSandbox(
      await sandboxOptionsOf(config, { xeroWebhookKey, salesforceSecret: crmSecrets.salesforce }),
      config.ingress.publicUrl,
    );
    cleanups.push(() => sandbox.close());
    if (sandbox.sheets) {
      const keyFile = await writeSandboxSheetKey(config.dataDir, sandbox.sheets.key);
      logger.info(
        { url: sandbox.sheets.url, spreadsheetId: sandbox.sheets.spreadsheetId, keyFile },
        'Sheets sandbox ready: npm run ops -- audit-sheet enable <installation> --spreadsheet <spreadsheetId> --key <keyFile>',
      );
    }

    const mailpit =
      (options.mailpit ?? options.demoInstallations) ? await startSandboxMailpit(config, logger) : undefined;
    if (mailpit) cleanups.push(() => mailpit.stop());

    const store = await openStore(config.store);
    cleanups.push(() => store.close());
    logger.info({ kind: store.kind }, 'store ready');

    // The composition root: the store-backed services are built here once and handed to everyone.
    const shared = buildSharedServices(config, store, logger);
    const services = await buildConnectionServices(config, store, logger, refreshers, shared);

    // Off unless OTEL_EXPORTER_OTLP_ENDPOINT is set; stopped after the worker, so its last spans go out.
    const tracing = config.tracing ? startTracing(config.tracing, { logger }) : undefined;
    if (tracing && config.tracing) {
      cleanups.push(() => tracing.shutdown());
      // The origin only: a URL's user:password part stays out of the logs.
      logger.info({ collector: new URL(config.tracing.endpoint).origin }, 'tracing to an OTLP collector');
    }

    const temporal = await connectTemporal(
      config.temporal,
      config.operations,
      `${config.ingress.publicUrl}/codec`,
      tracing?.clientInterceptors,
    );
    cleanups.push(() => temporal.close());
    logger.info({ address: temporal.address, namespace: temporal.namespace }, 'temporal ready');

    // Before the worker polls: a refresh workflow left from the last run then finds the fresh grants.
    const demo = options.demoInstallations
      ? await seedDemoInstallations({
          sandbox,
          services,
          installations: shared.installations,
          config,
          client: temporal.client,
          logger,
        }).catch((err: unknown) => {
          logger.warn({ err }, 'the demo installations could not be seeded');
          return [];
        })
      : [];

    // One keyring read for every service that seals secrets (Stripe, delivery, orders, Zoho, audit sheet).
    const box = await loadSecretBox(config.encryption);
    const stripe = stripeServicesFrom({
      db: store.db,
      box,
      config,
      client: temporal.client,
      taskQueue: config.temporal.taskQueue,
      sandboxUrl: sandbox.stripe?.url,
    });
    const stripeDemo =
      options.demoInstallations && sandbox.stripe
        ? await connectDemoStripeAccounts({
            stripe: sandbox.stripe,
            services: stripe,
            db: store.db,
            audit: shared.audit,
            installations: shared.installations,
            slugs: demo.map((d) => d.slug),
            publicUrl: config.ingress.publicUrl,
            logger,
          }).catch((err: unknown) => {
            logger.warn({ err }, 'the demo Stripe accounts could not be connected');
            return [];
          })
        : [];
    const syncDeps = activityDepsFrom(
      store,
      services,
      config,
      { client: temporal.client, taskQueue: config.temporal.taskQueue },
      stripe,
    );
    const delivery = deliveryServicesFrom({
      config,
      db: store.db,
      box,
      connections: services.connections,
      xeroApi: syncDeps.xeroApi,
      crmTargets: syncDeps.crmTargets,
      loadInstallationSettings: shared.mappingSettings.loadInstallation,
      audit: shared.audit,
      temporal: { client: temporal.client, taskQueue: config.temporal.taskQueue },
      stripe,
      pacer: services.shared.pacer,
      mailpit,
    });
    // Pooled SMTP connections close once the worker has drained (cleanups run in reverse).
    cleanups.push(() => delivery.close());
    if (mailpit && demo.length > 0)
      await connectDemoMail({
        mailpit,
        accounts: delivery.accounts,
        installations: shared.installations,
        mappingSettings: shared.mappingSettings,
        audit: shared.audit,
        slugs: demo.map((d) => d.slug),
      }).catch((err: unknown) => logger.warn({ err }, 'the demo mail accounts could not be connected'));
    const orders = orderServicesFrom({
      db: store.db,
      box,
      temporal: { client: temporal.client, taskQueue: config.temporal.taskQueue },
      xero: installationXeroApi({ connections: services.connections, xeroApi: syncDeps.xeroApi }),
      crmTargets: syncDeps.crmTargets,
      loadOrganisationSettings: shared.mappingSettings.load,
      loadInstallationSettings: shared.mappingSettings.loadInstallation,
      mail: { accounts: delivery.accounts, transports: delivery.transports },
      audit: shared.audit,
    });
    const zohoWatch = zohoWatchServicesFrom({
      db: store.db,
      box,
      connections: services.connections,
      refresh: services.refresh,
      pacer: shared.pacer,
      audit: shared.audit,
      publicUrl: config.ingress.publicUrl,
    });
    const activityDeps = { ...syncDeps, startDelivery: delivery.startDelivery };
    const worker = await createWorker({
      connection: temporal.nativeConnection,
      namespace: temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      activities: {
        ...createActivities(activityDeps),
        ...createOperationsActivities({ ...activityDeps, db: store.db, alerter: shared.alerter }),
        ...delivery.activities,
        ...orders.activities,
        ...zohoWatch.activities,
        ...createAuditSheetActivities(
          auditSheetDepsFrom({
            db: store.db,
            audit: shared.audit,
            box,
            endpoints: sheetsEndpointsOf(sheetsModeOf(config), sandbox.sheets?.url),
          }),
        ),
      },
      dataConverter: temporal.dataConverter,
      ...(tracing ? { tracing: tracing.workerOptions } : {}),
    });
    const running = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    running.catch((err: unknown) => logger.error({ err }, 'worker stopped with an error'));
    await resumeAuditSheetDrains(store.db, temporal.client, config.temporal.taskQueue).catch((err: unknown) =>
      logger.warn({ err }, 'the audit sheet drains could not be resumed'),
    );

    const counting = startWorkflowCounting(temporal.client, {
      everyMs: config.opsListener.countsRefreshMs,
      logger,
    });
    // A round of counts in flight finishes before the client it queries with is closed.
    cleanups.push(async () => {
      counting.stop();
      await counting.refreshed();
    });
    const codecToken = await loadCodecToken(config.operations.codecToken);
    const codec = new AesGcmPayloadCodec(await loadPayloadKeys(config.operations.payloadKeys));
    const installationOf = installationOfAccount(store.db);
    // A paused installation's webhooks are held until it is resumed; a disconnected account's dropped.
    const dispatch = holdingDispatchers(store.db, {
      xero: xeroEventDispatcher(temporal.client, config.temporal.taskQueue, { installationOf }),
      deal: crmDealDispatcher(temporal.client, config.temporal.taskQueue, { installationOf }),
    });
    const dispatchDeal = dispatch.deal;
    const lifecycle = {
      ...lifecycleDepsFrom({ config, store, services, client: temporal.client }),
      zohoWatch: zohoWatch.keeper,
    };
    const routeDeps = {
      logger,
      publicUrl: config.ingress.publicUrl,
      codec: { codec, token: codecToken, uiOrigins: config.operations.codecUiOrigins },
      connectFlows: connectFlows(services, config, temporal.client),
      connect: {
        tickets: shared.tickets,
        installations: shared.installations,
        operatorToken: await loadOperatorToken(config.dataDir),
      },
      secrets: {
        xeroWebhookKey,
        hubspotClientSecret: crmSecrets.hubspot,
        salesforceCalloutSecret: crmSecrets.salesforce,
      },
      dispatchXero: dispatch.xero,
      dispatchDeal,
      receivables: { db: store.db },
      portal: delivery.portal.routes,
      orders: orders.route,
      zoho: zohoWatch.route,
      stripe: { accounts: stripe.connections, ledger: stripe.ledger, dispatch: stripe.dispatch },
      hubspotApp: () => hubspotAppDepsFrom(store, services, config, dispatchDeal),
      disconnectConnection: async ({ connection, actor }: { connection: Connection; actor: string }) => {
        await disconnectConnection(lifecycle, connection.id, actor);
      },
      connections: services.connections,
      reviews: reviewDeskFrom({
        db: store.db,
        crmTargets: activityDeps.crmTargets,
        links: services.shared.links,
        audit: services.shared.audit,
        dispatchXero: dispatch.xero,
      }),
      metrics: {
        registry: metricsRegistry,
        temporalMetricsUrl: `http://127.0.0.1:${config.operations.temporalMetricsPort}/metrics`,
        publicToken: config.opsListener.metricsToken,
      },
    };
    const health = { temporal, store };
    const ingress = await startIngress({
      host: config.ingress.host,
      port: config.ingress.port,
      logger,
      health,
      routes: publicRoutes(routeDeps),
    });
    cleanups.push(() => ingress.close());
    const operations = await startIngress({
      host: config.opsListener.host,
      port: config.opsListener.port,
      logger,
      health,
      routes: operationsRoutes(routeDeps),
    });
    cleanups.push(() => operations.close());
    logger.info({ ingress: ingress.url, operations: operations.url }, 'listening');

    const connections = await services.connections.list();
    for (const connection of connections)
      if (connection.status === 'active')
        await startConnectionWork(
          temporal.client,
          config,
          connection,
          connections,
          await services.installationOf(connection.vendor, connection.externalId),
        );

    await ensureReceivablesSchedules({
      client: temporal.client,
      taskQueue: config.temporal.taskQueue,
      installations: await shared.installations.list(),
      loadInstallationSettings: shared.mappingSettings.loadInstallation,
      logger,
    });

    await orders.ensureSchedules(logger);

    await temporal.client.workflow.start(systemCheckWorkflow, {
      taskQueue: config.temporal.taskQueue,
      workflowId: `system-check:${hostname()}:${new Date().toISOString()}`,
      args: [{ reason: 'worker start-up' }],
    });

    return {
      temporal,
      store,
      ingress,
      operations,
      worker,
      sandbox,
      demo,
      stripeDemo,
      crmTargets: activityDeps.crmTargets,
      orders,
      mailpit,
      stop: stopStarted,
    };
  } catch (err) {
    await stopStarted();
    throw err;
  }
}
