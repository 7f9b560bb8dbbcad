import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { loadConfig, type Config } from '../config';
import { redactSecretValues } from '../configSecrets';
import { installationSlugSchema } from '../installations/installationStore';
import { followConnectLink } from './connectBrowser';
import { operatorConnectTicket, reachableHost } from './connectTicketSource';
import { organisationChooser } from './organisationChoice';

/**
 * `npm run connect -- <xero|salesforce|hubspot|zoho> [--installation <slug>]`: connects an account into
 * an installation (default `default`, made if missing) through the running worker's ingress, with a
 * connect ticket issued to the operator. `npm run connect -- <salesforce|hubspot|zoho> --new-installation
 * [--name "Customer"]` connects a new customer's CRM: into the installation already holding that org
 * or portal, else a new one (named after it unless --name). Server-side grants (Salesforce, a HubSpot
 * static token) connect at once, and so do the sandbox's consent pages; for a live vendor's consent
 * it prints the link to open in a browser (good once, for 10 minutes). When the sandbox's Xero consent
 * offers several organisations, `--organisation <name|id>` picks one (else it asks on a terminal).
 */
const VENDORS = ['xero', 'salesforce', 'hubspot', 'zoho'] as const;
const USAGE = `usage: npm run connect -- <${VENDORS.join('|')}> [--installation <slug>]
       npm run connect -- xero [--installation <slug>] [--organisation <name|id>]
       npm run connect -- <salesforce|hubspot|zoho> --new-installation [--name "Customer name"]`;

const argsSchema = z.discriminatedUnion('newInstallation', [
  z.object({
    newInstallation: z.literal(false),
    vendor: z.enum(VENDORS),
    installation: installationSlugSchema.optional(),
    organisation: z.string().trim().min(1, 'names a Xero organisation by name or ID').optional(),
  }),
  z.object({
    newInstallation: z.literal(true),
    vendor: z.enum(
      ['salesforce', 'hubspot', 'zoho'],
      'an install (--new-installation) is for salesforce, hubspot or zoho',
    ),
    name: z.string().trim().min(1).max(200).optional(),
  }),
]);

function parseArgs(args: string[]): z.infer<typeof argsSchema> {
  const valueOf = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? { [flag.slice(2)]: args[at + 1] } : {};
  };
  const newInstallation = args.includes('--new-installation');
  const parsed = argsSchema.safeParse({
    vendor: args[0],
    newInstallation,
    ...(newInstallation ? valueOf('--name') : { ...valueOf('--installation'), ...valueOf('--organisation') }),
  });
  if (!parsed.success)
    throw new Error(
      `${USAGE}\n${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return parsed.data;
}

async function run(): Promise<void> {
  const parsed = parseArgs(process.argv.slice(2));
  const { vendor } = parsed;
  const config = loadConfig();
  const base = `http://${reachableHost(config.ingress.host)}:${config.ingress.port}`;
  const health = await fetch(`${base}/healthz`).catch(() => undefined);
  if (!health) throw new Error(`the worker is not running at ${base}: start it with npm start`);

  const issued = await operatorConnectTicket(
    config,
    parsed.newInstallation
      ? { vendor, newInstallation: { name: parsed.name } }
      : { vendor, installation: parsed.installation },
  );
  const into = issued.installation
    ? `the installation "${issued.installation.slug}"`
    : 'its installation (the one already holding it, else a new one)';
  if (issued.installation?.created)
    process.stdout.write(`Created the installation "${issued.installation.slug}".\n`);
  // Start and callback on the public URL: the consent's cookie is kept for that origin.
  const startUrl = `${config.ingress.publicUrl}/oauth/${vendor}/start?ticket=${issued.ticket}`;
  if (needsPerson(config, vendor)) {
    const minutes = Math.round((issued.expiresAt.getTime() - Date.now()) / 60_000);
    process.stdout.write(
      `Open this link in a browser within ${minutes} minutes (it works once) and approve access; the account joins ${into}:\n  ${startUrl}\n`,
    );
    return;
  }
  const page = await followConnectLink(startUrl, {
    choose: organisationChooser(
      'organisation' in parsed ? parsed.organisation : undefined,
      process.stdin.isTTY ? askOnTerminal : undefined,
    ),
  });
  if (page.status !== 200) throw new Error(`connect failed (${page.status}): ${page.text}`);
  process.stdout.write(
    `${page.text} It joined ${into}.\nSee them with: npm run installations (after stopping npm start in the embedded mode)\n`,
  );
}

async function askOnTerminal(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

/** A live vendor's consent page needs a person; server-side grants and the sandbox do not. */
function needsPerson(config: Config, vendor: (typeof VENDORS)[number]): boolean {
  if (vendor === 'salesforce') return false;
  const settings = config.vendors[vendor];
  return settings.mode === 'live' && !('accessToken' in settings);
}

run().catch((err: unknown) => {
  console.error(redactSecretValues(err instanceof Error ? err.message : String(err), process.env));
  process.exit(1);
});
