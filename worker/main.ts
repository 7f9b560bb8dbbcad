import { inspect } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { redactSecretValues } from './configSecrets';
import { createLogger } from './logger';
import { startApp } from './app';
import { demoSummary } from './installations/demoInstallations';
import { dealLookup, makeDemoFailedPayment } from './payments/demoFailedPayment';
import { installTemporalRuntime } from './temporal/runtime';
import { makeDemoInvoiceEmail } from './delivery/demoInvoiceEmail';
import { InstallationStore } from './installations/installationStore';
import { makeDemoOrder } from './orders/demoOrder';

/** `npm start`: runs the main job until Ctrl-C / SIGTERM, then drains and stops what it started. */
async function run(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  installTemporalRuntime(logger, { metricsPort: config.operations.temporalMetricsPort });
  // In the sandbox, two demo customers are connected at once (worker/installations/demoInstallations.ts).
  const app = await startApp(config, logger, undefined, { demoInstallations: true });

  const ui = app.temporal.uiUrl ?? '(remote server: use its own UI or Temporal Cloud)';
  process.stdout.write(
    [
      '',
      'Ledgerbridge is running.',
      `  Temporal UI     ${ui}`,
      `  Temporal gRPC   ${app.temporal.address} (namespace ${app.temporal.namespace}, task queue ${config.temporal.taskQueue})`,
      `  Worker ingress  ${app.ingress.url}  (health: ${app.ingress.url}/healthz)`,
      `  Xero sandbox    ${app.sandbox.xero ? `${app.sandbox.xero.url}  (demo organisation ${app.sandbox.xero.tenantId}; control API ${app.sandbox.xero.url}/__sandbox/state)` : 'off: live Xero (XERO_CLIENT_ID set)'}`,
      `  Salesforce sbx  ${app.sandbox.salesforce ? `${app.sandbox.salesforce.url}  (demo org ${app.sandbox.salesforce.orgId}; control API ${app.sandbox.salesforce.url}/__sandbox/state)` : 'off: live Salesforce (SALESFORCE_CLIENT_ID set)'}`,
      `  HubSpot sandbox ${app.sandbox.hubspot ? `${app.sandbox.hubspot.url}  (demo portal ${app.sandbox.hubspot.portalId}; control API ${app.sandbox.hubspot.url}/__sandbox/state)` : 'off: live HubSpot (HUBSPOT_CLIENT_ID or HUBSPOT_ACCESS_TOKEN set)'}`,
      `  Zoho sandbox    ${app.sandbox.zoho ? `${app.sandbox.zoho.url}  (demo org ${app.sandbox.zoho.orgId} in ${app.sandbox.zoho.dc}; control API ${app.sandbox.zoho.url}/__sandbox/state)` : 'off: live Zoho CRM (ZOHO_CLIENT_ID set)'}`,
      `  Stripe sandbox  ${app.sandbox.stripe ? `${app.sandbox.stripe.url}  (control API ${app.sandbox.stripe.url}/__sandbox/state; ${app.stripeDemo.map((s) => `${s.slug}: ${s.accountId}`).join(', ')})` : 'off: live Stripe (connect with npm run connect:stripe)'}`,
      `  Mail (Mailpit)  ${app.mailpit ? `${app.mailpit.uiUrl}  (the demo's invoice e-mails; SMTP ${app.mailpit.smtpHost}:${app.mailpit.smtpPort})${app.mailpit.webUi ? '' : '; API only: this Mailpit was built without its web UI'}` : 'off: no Mailpit (live mail, or no binary: see the log)'}`,
      `  Store           ${app.store.kind === 'pglite' ? `PGlite in ${config.store.kind === 'pglite' ? config.store.dataDir : ''}` : 'PostgreSQL (DATABASE_URL)'}`,
      ...demoSummary(app.demo, { uiUrl: app.temporal.uiUrl, namespace: app.temporal.namespace }),
      app.demo.length > 0
        ? 'Connect more accounts: npm run connect -- xero | salesforce | hubspot | zoho --installation <slug>'
        : 'Connect the demo accounts: npm run connect -- xero | salesforce | hubspot',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  // The demo's failed card payment, once the demo deals exist (in the background: nothing waits on it).
  const demoStripe = app.stripeDemo[0];
  if (demoStripe)
    void makeDemoFailedPayment({
      sandbox: app.sandbox,
      account: demoStripe,
      client: app.temporal.client,
      hasDeal: dealLookup(app.crmTargets),
      logger,
    })
      .then((invoice) => {
        if (invoice)
          process.stdout.write(
            `Demo: a declined card payment for Xero invoice ${invoice} (${demoStripe.slug}); its deal shows the failed attempt.\n`,
          );
      })
      .catch((err: unknown) => logger.warn({ err }, 'the demo failed payment was not made'));

  // The demo's invoice e-mail: a new invoice approved in Xero, e-mailed through Mailpit with its pay link.
  if (app.mailpit && app.demo.length > 0) {
    const mailpit = app.mailpit;
    void makeDemoInvoiceEmail({ sandbox: app.sandbox, mailpit, client: app.temporal.client })
      .then((sent) => {
        if (sent)
          process.stdout.write(
            `Demo: invoice ${sent.number} e-mailed to ${sent.to}: read it at ${mailpit.uiUrl}; its link opens the customer portal.\n`,
          );
      })
      .catch((err: unknown) => logger.warn({ err }, 'the demo invoice e-mail was not made'));
  }

  // The demo's web-shop order: a signed card order posted to the ingress becomes a paid Xero invoice.
  if (app.demo.length > 0)
    void makeDemoOrder({
      demo: app.demo,
      installations: new InstallationStore(app.store.db),
      endpoints: app.orders.endpoints,
      client: app.temporal.client,
      ingressUrl: app.ingress.url,
      dataDir: config.dataDir,
    })
      .then((made) => {
        if (made)
          process.stdout.write(
            `Demo: web-shop order ${made.orderId} posted to ${made.url}: ${made.outcome.state}${made.outcome.xeroInvoiceId ? ` (Xero invoice ${made.outcome.xeroInvoiceId})` : ''}; the endpoint's secrets are in ${made.secretsFile}.\n`,
          );
      })
      .catch((err: unknown) => logger.warn({ err }, 'the demo order was not made'));

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining worker');
    app
      .stop()
      .then(() => {
        logger.info('stopped cleanly');
        process.exit(0);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

run().catch((err: unknown) => {
  // Whatever failed, the values of secret variables stay out of the terminal and its logs.
  console.error(redactSecretValues(err instanceof ConfigError ? err.message : inspect(err), process.env));
  process.exit(1);
});
