import { z } from 'zod';
import { envFields } from './envFields';
import type { VendorPaceConfig } from './pacing/pacePolicies';

/**
 * Per vendor: the sandbox emulator (default) or the live API once real credentials are given. The
 * variables are part of the one config schema in config.ts; this file only keeps it readable.
 */
const { port, optionalText } = envFields;
const positiveInt = z.coerce
  .number({ error: 'must be a whole number' })
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be at least 1' });

export const vendorEnvShape = {
  SANDBOX_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SANDBOX_XERO_PORT: port.default(4101),
  SANDBOX_SALESFORCE_PORT: port.default(4102),
  SANDBOX_HUBSPOT_PORT: port.default(4103),
  /** The Stripe emulator's port, while Stripe runs in the sandbox (connectors/stripe/stripeMode.ts). */
  SANDBOX_STRIPE_PORT: port.default(4104),
  /** The Zoho CRM emulator's port (its data centres are path prefixes: sandbox/zoho/README.md). */
  SANDBOX_ZOHO_PORT: port.default(4105),
  /** Mailpit, which catches the sandbox's invoice e-mails (worker/delivery/mail/mailpitServer.ts). */
  SANDBOX_MAILPIT_SMTP_PORT: port.default(4125),
  SANDBOX_MAILPIT_UI_PORT: port.default(4126),
  /** The Mailpit binary (npm start's setup builds it with Go and sets this). */
  MAILPIT_PATH: optionalText,
  /** The embedded Xero emulator's limits per organisation: Xero's (60, 5,000) unless a bench lifts them. */
  SANDBOX_XERO_REQUESTS_PER_MINUTE: positiveInt.optional(),
  SANDBOX_XERO_REQUESTS_PER_DAY: positiveInt.optional(),
  SANDBOX_SEED: z.coerce
    .number({ error: 'must be an integer' })
    .int({ error: 'must be an integer' })
    .default(42),
  /** The emulators already run at SANDBOX_HOST and the ports (their own process, as in bench:chaos). */
  SANDBOX_EXTERNAL: optionalText.pipe(
    z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  ),
  /**
   * Where installations' live audit sheets go: `live` (Google; sandbox service account keys refused)
   * or `sandbox` (the Sheets emulator). Default: the sandbox while every vendor runs in it, else live.
   */
  GOOGLE_SHEETS_MODE: optionalText.pipe(
    z.enum(['sandbox', 'live'], { error: 'must be sandbox or live' }).optional(),
  ),
  XERO_CLIENT_ID: optionalText,
  XERO_CLIENT_SECRET: optionalText,
  XERO_WEBHOOK_KEY: optionalText,
  XERO_POLL_INTERVAL_SECONDS: positiveInt.default(300),
  CRM_POLL_INTERVAL_SECONDS: positiveInt.default(300),
  /** When each Xero–CRM pair's parity check runs: a five-field cron expression, in UTC. */
  PARITY_SCHEDULE: z
    .string()
    .trim()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression such as "0 2 * * *"')
    .default('0 2 * * *'),
  SALESFORCE_LOGIN_URL: z
    .url({ error: 'must be a URL such as https://login.salesforce.com' })
    .default('https://login.salesforce.com'),
  SALESFORCE_CLIENT_ID: optionalText,
  SALESFORCE_USERNAME: optionalText,
  SALESFORCE_PRIVATE_KEY_PATH: optionalText,
  SALESFORCE_CLIENT_SECRET: optionalText,
  SALESFORCE_CALLOUT_SECRET: optionalText,
  HUBSPOT_CLIENT_ID: optionalText,
  HUBSPOT_CLIENT_SECRET: optionalText,
  HUBSPOT_ACCESS_TOKEN: optionalText,
  /** A Zoho API Console server-based client (multi-DC enabled): live Zoho once both are given. */
  ZOHO_CLIENT_ID: optionalText,
  ZOHO_CLIENT_SECRET: optionalText,
  /** The org's API credits a day (Zoho: by edition and licences; Enterprise from 50,000). */
  ZOHO_CREDITS_PER_DAY: positiveInt.default(50_000),
  XERO_REQUESTS_PER_MINUTE: positiveInt.default(60),
  XERO_REQUESTS_PER_DAY: positiveInt.default(5_000),
  HUBSPOT_REQUESTS_PER_10S: positiveInt.default(100),
  HUBSPOT_REQUESTS_PER_DAY: positiveInt.default(250_000),
  SALESFORCE_REQUESTS_PER_DAY: positiveInt.default(15_000),
  SALESFORCE_CONCURRENCY: positiveInt.default(10),
};

type VendorEnv = z.infer<ReturnType<typeof z.object<typeof vendorEnvShape>>>;

export type VendorMode<Live> = { mode: 'sandbox'; baseUrl: string } | ({ mode: 'live' } & Live);

export interface VendorsConfig {
  /** external: the emulators run elsewhere already; the worker starts none. */
  sandbox: {
    host: string;
    seed: number;
    external: boolean;
    stripeUrl: string;
    /** Lifted Xero limits for the embedded emulator (absent: Xero's own). */
    xeroLimits?: { perMinute?: number; perDay?: number };
    /** Where the sandbox's Mailpit listens (SANDBOX_HOST), and its binary when known. */
    mailpit: { smtpPort: number; uiPort: number; binaryPath?: string };
  };
  /** How often each CRM connection's safety-net poll for won deals without an invoice runs. */
  crmPollEveryMs: number;
  /** Cron (UTC) of the nightly parity check per Xero organisation and CRM connection. */
  paritySchedule: string;
  /** GOOGLE_SHEETS_MODE, if set; otherwise it follows the other vendors (auditSheet/sheetsMode.ts). */
  sheetsMode: 'sandbox' | 'live' | undefined;
  xero: VendorMode<{ clientId: string; clientSecret: string }> & {
    webhookKey: string | undefined;
    /** How often the safety-net pull runs per organisation. */
    pollEveryMs: number;
  };
  salesforce: VendorMode<
    { loginUrl: string; clientId: string } & (
      | { flow: 'jwt_bearer'; username: string; privateKeyPath: string }
      | { flow: 'client_credentials'; clientSecret: string }
    )
  > & {
    /** The secret the package's Closed Won callout is signed with (its Named Credential holds it). */
    calloutSecret: string | undefined;
  };
  /** A static-token install may still name the app's client secret: it verifies the app's signed requests. */
  hubspot: VendorMode<
    { clientId: string; clientSecret: string } | { accessToken: string; clientSecret?: string }
  >;
  zoho: VendorMode<{ clientId: string; clientSecret: string }>;
  /** HubSpot's limits depend on the portal's subscription, Salesforce's on the org's licences. */
  pace: VendorPaceConfig;
}

export function checkVendorEnv(env: VendorEnv, addIssue: (variable: string, message: string) => void): void {
  if (Boolean(env.XERO_CLIENT_ID) !== Boolean(env.XERO_CLIENT_SECRET)) {
    addIssue(
      env.XERO_CLIENT_ID ? 'XERO_CLIENT_SECRET' : 'XERO_CLIENT_ID',
      'XERO_CLIENT_ID and XERO_CLIENT_SECRET go together',
    );
  }
  if (
    env.SALESFORCE_CLIENT_ID &&
    !env.SALESFORCE_CLIENT_SECRET &&
    !(env.SALESFORCE_USERNAME && env.SALESFORCE_PRIVATE_KEY_PATH)
  ) {
    addIssue(
      'SALESFORCE_CLIENT_ID',
      'needs SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY_PATH (JWT bearer) or SALESFORCE_CLIENT_SECRET (client credentials)',
    );
  }
  if (Boolean(env.ZOHO_CLIENT_ID) !== Boolean(env.ZOHO_CLIENT_SECRET)) {
    addIssue(
      env.ZOHO_CLIENT_ID ? 'ZOHO_CLIENT_SECRET' : 'ZOHO_CLIENT_ID',
      'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET go together',
    );
  }
  // A static-token install (HUBSPOT_ACCESS_TOKEN) takes the client secret alone.
  if (
    Boolean(env.HUBSPOT_CLIENT_ID) !== Boolean(env.HUBSPOT_CLIENT_SECRET) &&
    !(env.HUBSPOT_ACCESS_TOKEN && env.HUBSPOT_CLIENT_SECRET && !env.HUBSPOT_CLIENT_ID)
  ) {
    addIssue(
      env.HUBSPOT_CLIENT_ID ? 'HUBSPOT_CLIENT_SECRET' : 'HUBSPOT_CLIENT_ID',
      'HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET go together',
    );
  }
}

export function resolveVendors(env: VendorEnv): VendorsConfig {
  const sandboxUrl = (p: number) => `http://${env.SANDBOX_HOST}:${p}`;
  return {
    sandbox: {
      host: env.SANDBOX_HOST,
      seed: env.SANDBOX_SEED,
      external: env.SANDBOX_EXTERNAL === 'true',
      stripeUrl: sandboxUrl(env.SANDBOX_STRIPE_PORT),
      mailpit: {
        smtpPort: env.SANDBOX_MAILPIT_SMTP_PORT,
        uiPort: env.SANDBOX_MAILPIT_UI_PORT,
        ...(env.MAILPIT_PATH ? { binaryPath: env.MAILPIT_PATH } : {}),
      },
      ...(env.SANDBOX_XERO_REQUESTS_PER_MINUTE || env.SANDBOX_XERO_REQUESTS_PER_DAY
        ? {
            xeroLimits: {
              ...(env.SANDBOX_XERO_REQUESTS_PER_MINUTE
                ? { perMinute: env.SANDBOX_XERO_REQUESTS_PER_MINUTE }
                : {}),
              ...(env.SANDBOX_XERO_REQUESTS_PER_DAY ? { perDay: env.SANDBOX_XERO_REQUESTS_PER_DAY } : {}),
            },
          }
        : {}),
    },
    crmPollEveryMs: env.CRM_POLL_INTERVAL_SECONDS * 1000,
    paritySchedule: env.PARITY_SCHEDULE,
    sheetsMode: env.GOOGLE_SHEETS_MODE,
    pace: {
      xero: { perMinute: env.XERO_REQUESTS_PER_MINUTE, perDay: env.XERO_REQUESTS_PER_DAY },
      hubspot: { per10Seconds: env.HUBSPOT_REQUESTS_PER_10S, perDay: env.HUBSPOT_REQUESTS_PER_DAY },
      salesforce: { perDay: env.SALESFORCE_REQUESTS_PER_DAY, concurrency: env.SALESFORCE_CONCURRENCY },
      zoho: { creditsPerDay: env.ZOHO_CREDITS_PER_DAY },
    },
    xero: {
      ...(env.XERO_CLIENT_ID && env.XERO_CLIENT_SECRET
        ? { mode: 'live' as const, clientId: env.XERO_CLIENT_ID, clientSecret: env.XERO_CLIENT_SECRET }
        : { mode: 'sandbox' as const, baseUrl: sandboxUrl(env.SANDBOX_XERO_PORT) }),
      webhookKey: env.XERO_WEBHOOK_KEY,
      pollEveryMs: env.XERO_POLL_INTERVAL_SECONDS * 1000,
    },
    salesforce: {
      calloutSecret: env.SALESFORCE_CALLOUT_SECRET,
      ...salesforceMode(env),
    },
    hubspot: env.HUBSPOT_ACCESS_TOKEN
      ? {
          mode: 'live',
          accessToken: env.HUBSPOT_ACCESS_TOKEN,
          ...(env.HUBSPOT_CLIENT_SECRET ? { clientSecret: env.HUBSPOT_CLIENT_SECRET } : {}),
        }
      : env.HUBSPOT_CLIENT_ID && env.HUBSPOT_CLIENT_SECRET
        ? { mode: 'live', clientId: env.HUBSPOT_CLIENT_ID, clientSecret: env.HUBSPOT_CLIENT_SECRET }
        : { mode: 'sandbox', baseUrl: sandboxUrl(env.SANDBOX_HUBSPOT_PORT) },
    zoho:
      env.ZOHO_CLIENT_ID && env.ZOHO_CLIENT_SECRET
        ? { mode: 'live', clientId: env.ZOHO_CLIENT_ID, clientSecret: env.ZOHO_CLIENT_SECRET }
        : { mode: 'sandbox', baseUrl: sandboxUrl(env.SANDBOX_ZOHO_PORT) },
  };
}

function salesforceMode(
  env: VendorEnv,
): VendorMode<
  { loginUrl: string; clientId: string } & (
    | { flow: 'jwt_bearer'; username: string; privateKeyPath: string }
    | { flow: 'client_credentials'; clientSecret: string }
  )
> {
  const sf = env.SALESFORCE_CLIENT_ID;
  const sandboxUrl = `http://${env.SANDBOX_HOST}:${env.SANDBOX_SALESFORCE_PORT}`;
  if (!sf) return { mode: 'sandbox', baseUrl: sandboxUrl };
  return env.SALESFORCE_USERNAME && env.SALESFORCE_PRIVATE_KEY_PATH
    ? {
        mode: 'live',
        loginUrl: env.SALESFORCE_LOGIN_URL,
        clientId: sf,
        flow: 'jwt_bearer',
        username: env.SALESFORCE_USERNAME,
        privateKeyPath: env.SALESFORCE_PRIVATE_KEY_PATH,
      }
    : {
        mode: 'live',
        loginUrl: env.SALESFORCE_LOGIN_URL,
        clientId: sf,
        flow: 'client_credentials',
        clientSecret: env.SALESFORCE_CLIENT_SECRET ?? '',
      };
}

/** The vendors running against their live API (not the sandbox emulator). */
export function liveVendors(vendors: VendorsConfig): Array<'xero' | 'salesforce' | 'hubspot' | 'zoho'> {
  return (['xero', 'salesforce', 'hubspot', 'zoho'] as const).filter((name) => vendors[name].mode === 'live');
}

/** Every core vendor runs in the sandbox (the demo): vendors added later follow it unless told otherwise. */
export function allVendorsSandboxed(
  vendors: Pick<VendorsConfig, 'xero' | 'salesforce' | 'hubspot'>,
): boolean {
  return (
    vendors.xero.mode === 'sandbox' &&
    vendors.salesforce.mode === 'sandbox' &&
    vendors.hubspot.mode === 'sandbox'
  );
}
