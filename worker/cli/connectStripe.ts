import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { AuditLog } from '../audit/auditLog';
import { loadConfig } from '../config';
import { redactSecretValues } from '../configSecrets';
import { loadSecretBox } from '../connections/keyring';
import { connectStripeAccount } from '../connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../connectors/stripe/stripeConnections';
import { StripeKeyError } from '../connectors/stripe/stripeKeys';
import { stripeModeOf } from '../connectors/stripe/stripeMode';
import { installationSlugSchema } from '../installations/installationStore';
import { openStore } from '../store/store';

const USAGE = `usage: npm run connect:stripe -- --installation <slug> [--by <who>]
  Asks for the Stripe account's restricted key (rk_live_… or rk_test_…) and its webhook endpoint's
  signing secret (whsec_…), without echoing them; piped, reads them from the first two lines of stdin.
  They are sealed in the store. Connecting again replaces them (a rolled key or secret).`;

/**
 * `npm run connect:stripe`: connects an installation's Stripe account (restricted key + webhook
 * signing secret). The secrets never go on the command line, where the shell's history and `ps`
 * would keep them. Prints the path the account's webhook endpoint must call.
 */
async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const slug = installationSlugSchema.safeParse(valueOf('--installation'));
  if (!slug.success) {
    console.error(`--installation: ${slug.error.issues[0]?.message ?? 'required'}\n\n${USAGE}`);
    process.exit(2);
  }
  const config = loadConfig();
  const [apiKey, webhookSecret] = process.stdin.isTTY
    ? [await askHidden('Restricted API key (rk_…): '), await askHidden('Webhook signing secret (whsec_…): ')]
    : await stdinLines();
  const store = await openStore(config.store);
  try {
    const connected = await connectStripeAccount(
      {
        db: store.db,
        connections: new StripeConnections(store.db, await loadSecretBox(config.encryption)),
        audit: new AuditLog(store.db),
        mode: stripeModeOf(config),
      },
      {
        installation: slug.data,
        apiKey: apiKey ?? '',
        webhookSecret: webhookSecret ?? '',
        by: valueOf('--by') ?? `cli:${process.env.USER ?? 'unknown'}`,
      },
    );
    process.stdout.write(
      `Stripe connected to ${slug.data} (${connected.keyHint}).\n` +
        `Webhook endpoint URL: ${config.ingress.publicUrl}${connected.webhookPath}\n` +
        `Events: payment_intent.succeeded, payment_intent.payment_failed, charge.refunded, ` +
        `charge.dispute.created, invoice.paid, invoice.payment_failed, customer.subscription.created/updated/deleted\n`,
    );
  } finally {
    await store.close();
  }
}

/** A line typed on the terminal without echoing it. */
async function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
  try {
    return (await rl.question('')).trim();
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

async function stdinLines(): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim());
}

run().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(redactSecretValues(message, process.env));
  process.exit(err instanceof StripeKeyError ? 2 : 1);
});
