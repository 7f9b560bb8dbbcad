import type { Logger } from 'pino';
import { startApp, type App } from '../../worker/app';
import { loadConfig, type Config } from '../../worker/config';
import { DevServerError } from '../../worker/temporal/devServer';
import { MailpitError } from '../../worker/delivery/mail/mailpitServer';
import { freePort } from './ports';
import { mailpitPath } from './mailpitBinary';
import { TEST_ENV } from './testEnv';

/** Every port `npm start` binds; each start picks them afresh. */
const PORT_SETTINGS = [
  'TEMPORAL_DEV_PORT',
  'TEMPORAL_DEV_UI_PORT',
  'INGRESS_PORT',
  'OPS_PORT',
  'SANDBOX_XERO_PORT',
  'SANDBOX_SALESFORCE_PORT',
  'SANDBOX_HUBSPOT_PORT',
  'SANDBOX_STRIPE_PORT',
  'SANDBOX_ZOHO_PORT',
  'SANDBOX_MAILPIT_SMTP_PORT',
  'SANDBOX_MAILPIT_UI_PORT',
] as const;

const ATTEMPTS = 3;

/**
 * Seconds pass between picking a port and the dev server or a sandbox binding it (seeding,
 * migrations), and another test's server can take it meanwhile. A lost race is told apart from a
 * real failure by its message and the start is made again on fresh ports; startApp has already
 * stopped whatever it had started.
 */
function lostPortRace(err: unknown): boolean {
  if (err instanceof DevServerError || err instanceof MailpitError) return /already in use/.test(err.message);
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

/** The embedded `npm start` path on fresh ports, with the test's own settings over them. */
export async function startEmbeddedApp(
  settings: Record<string, string>,
  logger: Logger,
  options: { demoInstallations?: boolean; mailpit?: boolean } = {},
): Promise<{ app: App; config: Config }> {
  for (let attempt = 1; ; attempt++) {
    const ports: Record<string, string> = {};
    for (const name of PORT_SETTINGS) ports[name] = String(await freePort());
    const config = loadConfig({
      TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH ?? process.env[TEST_ENV.temporalCli],
      // npm test's setup passes Mailpit's path down; a lone jest run asks setup for it.
      ...((options.mailpit ?? options.demoInstallations) ? { MAILPIT_PATH: mailpitPath() } : {}),
      ...ports,
      ...settings,
    });
    try {
      return { app: await startApp(config, logger, undefined, options), config };
    } catch (err) {
      if (!lostPortRace(err) || attempt === ATTEMPTS) throw err;
    }
  }
}
