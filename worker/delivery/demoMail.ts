import path from 'node:path';
import type { AuditLog } from '../audit/auditLog';
import type { Config } from '../config';
import type { InstallationStore } from '../installations/installationStore';
import type { Logger } from '../logger';
import type { MappingSettingsStore } from '../sync/mappingSettingsStore';
import { parseMailAccount, SANDBOX_SMTP_ACCOUNT } from './mail/mailAccountInput';
import type { MailAccounts } from './mail/mailAccounts';
import { mailModeOf } from './mail/mailMode';
import { MailpitError, startMailpit, type MailpitServer } from './mail/mailpitServer';

/**
 * The sandbox's mail catcher, started while every vendor runs in the sandbox: the demo's invoice
 * e-mails land there and its web UI shows them. Without a Mailpit binary (no Go at setup) the app
 * runs on and says so; delivery then fails its sends (retried) until one is given. A taken port
 * fails the start, as any other listener's does.
 */
export async function startSandboxMailpit(
  config: Pick<Config, 'vendors' | 'dataDir'>,
  logger: Logger,
): Promise<MailpitServer | undefined> {
  if (mailModeOf(config) !== 'sandbox') return undefined;
  const { mailpit, host } = config.vendors.sandbox;
  if (config.vendors.sandbox.external) return externalMailpit(host, mailpit, logger);
  try {
    return await startMailpit({
      binaryPath: mailpit.binaryPath,
      host,
      smtpPort: mailpit.smtpPort,
      uiPort: mailpit.uiPort,
      logFile: path.join(config.dataDir, 'mailpit.log'),
    });
  } catch (err) {
    // A port taken is a configuration error like any other listener's; a missing binary is not fatal.
    if (err instanceof MailpitError && /already in use/.test(err.message)) throw err;
    logger.warn({ err }, 'Mailpit did not start: the demo e-mails have nowhere to go');
    return undefined;
  }
}

/**
 * SANDBOX_EXTERNAL: the emulators run elsewhere already, and so may Mailpit (bench:delivery starts it
 * so that it outlives the worker). One answering /readyz at SANDBOX_HOST:SANDBOX_MAILPIT_UI_PORT is
 * used, not started or stopped: a retry after a crash asks it by Message-ID before sending again.
 */
async function externalMailpit(
  host: string,
  ports: { smtpPort: number; uiPort: number },
  logger: Logger,
): Promise<MailpitServer | undefined> {
  const uiUrl = `http://${host}:${ports.uiPort}`;
  const ready = await fetch(`${uiUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
    (res) => res.ok,
    () => false,
  );
  if (!ready) {
    logger.info({ uiUrl }, 'no external Mailpit answers: sends with a lost outcome are sent again');
    return undefined;
  }
  // As startMailpit tells it: a build with the web UI serves its compiled script.
  const webUi = await fetch(`${uiUrl}/dist/app.js`, { signal: AbortSignal.timeout(2_000) }).then(
    (res) => res.ok,
    () => false,
  );
  return {
    smtpHost: host,
    smtpPort: ports.smtpPort,
    uiUrl,
    apiUrl: `${uiUrl}/api/v1`,
    webUi,
    stop: () => Promise.resolve(),
  };
}

/** What the demo delivers: Ledgerbridge sends from the sandbox account, PDFs filed in the CRM. */
const DEMO_DELIVERY = {
  sender: 'ledgerbridge',
  reminderDays: [-3, 0, 7, 14],
  fileInCrm: true,
  portalLinkDays: 30,
} as const;

/**
 * npm start's demo installations send their invoices through Mailpit: each gets the sandbox mail
 * account (replaced on every start, Mailpit's port may differ) and, unless an admin has saved these
 * sections already, delivery on and Stripe payments recorded in Xero (so an invoice paid through the
 * portal's Pay button is paid in Xero, and its reminders stop).
 */
export async function connectDemoMail(deps: {
  mailpit: MailpitServer;
  accounts: MailAccounts;
  installations: InstallationStore;
  mappingSettings: MappingSettingsStore;
  audit: Pick<AuditLog, 'record'>;
  slugs: string[];
}): Promise<string[]> {
  const connected: string[] = [];
  for (const slug of deps.slugs) {
    const installation = await deps.installations.bySlug(slug);
    if (!installation) continue;
    const account = parseMailAccount(
      {
        host: deps.mailpit.smtpHost,
        port: deps.mailpit.smtpPort,
        security: 'none',
        ...SANDBOX_SMTP_ACCOUNT,
        fromAddress: `accounts@${slug}.example.com`,
        fromName: installation.name || slug,
      },
      'sandbox',
    );
    await deps.accounts.save(installation.id, account, 'npm start (demo)');
    const saved = await deps.mappingSettings.current(installation.id);
    const stored = await deps.mappingSettings.loadInstallation(installation.id);
    const has = (section: string) => typeof stored === 'object' && stored !== null && section in stored;
    const hasDelivery = has('delivery');
    if (!hasDelivery || !has('payments'))
      await deps.mappingSettings.save(
        installation.id,
        {
          ...(saved?.settings ?? {}),
          ...(hasDelivery ? {} : { delivery: DEMO_DELIVERY }),
          ...(has('payments') ? {} : { payments: { recordInXero: true } }),
        },
        { source: 'demo', savedBy: 'npm start (demo)', ...(saved ? { expectedVersion: saved.version } : {}) },
      );
    await deps.audit.record({
      action: 'mail_account_connected',
      outcome: 'succeeded',
      actor: 'npm start (demo)',
      subject: { installationId: installation.id },
      detail: { host: account.host, port: account.port, mode: 'sandbox', deliveryOn: !hasDelivery },
    });
    connected.push(slug);
  }
  return connected;
}
