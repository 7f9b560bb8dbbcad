import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog } from '../audit/auditLog';
import { loadConfig } from '../config';
import { redactSecretValues } from '../configSecrets';
import { ConnectionStore } from '../connections/connectionStore';
import { loadSecretBox } from '../connections/keyring';
import { InstallationStore } from '../installations/installationStore';
import { connectOrderEndpoint, OrderEndpointError } from '../orders/connectOrderEndpoint';
import { OrderEndpoints } from '../orders/orderEndpoints';
import { openStore } from '../store/store';

const USAGE = `usage: npm run connect:orders -- --installation <slug> --customer-service <e-mail>
         [--xero-tenant <id>] [--card-account <code>] [--secrets-file <path>] [--by <who>]
  Sets up the installation's order endpoint (POST /orders/<installation id>): orders are invoiced in
  its Xero organisation (the only one connected, or --xero-tenant), card payments recorded to
  --card-account (default: the organisation's only bank account in the order's currency), and
  rejected orders reported to --customer-service. A new signing secret and bearer token are written
  to --secrets-file (default <data dir>/orders-<slug>.secrets.json, readable by you only), never
  printed; the previous signing secret stays valid until the next run, the previous token does not.`;

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      installation: { type: 'string' },
      'customer-service': { type: 'string' },
      'xero-tenant': { type: 'string' },
      'card-account': { type: 'string' },
      'secrets-file': { type: 'string' },
      by: { type: 'string' },
    },
  });
  const config = loadConfig();
  const store = await openStore(config.store);
  try {
    const box = await loadSecretBox(config.encryption);
    const issued = await connectOrderEndpoint(
      {
        installations: new InstallationStore(store.db),
        connections: new ConnectionStore(store.db, box),
        endpoints: new OrderEndpoints(store.db, box),
        audit: new AuditLog(store.db),
      },
      {
        installation: values.installation ?? '',
        customerServiceEmail: values['customer-service'] ?? '',
        ...(values['xero-tenant'] ? { xeroTenantId: values['xero-tenant'] } : {}),
        ...(values['card-account'] ? { cardAccountCode: values['card-account'] } : {}),
        by: values.by ?? `cli:${process.env.USER ?? 'unknown'}`,
      },
    );
    const file =
      values['secrets-file'] ?? path.join(config.dataDir, `orders-${values.installation}.secrets.json`);
    const url = `${config.ingress.publicUrl}${issued.path}`;
    const secrets = { url, signingSecret: issued.signingSecret, token: issued.token };
    await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
    process.stdout.write(
      `Order endpoint ready: POST ${url} (XML or JSON), invoicing in Xero organisation ${issued.xeroTenantId}.\n` +
        `Its signing secret and token are in ${file}: give them to the shop, then delete the file.\n`,
    );
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err);
  console.error(
    `${redactSecretValues(message, process.env)}${err instanceof OrderEndpointError ? `\n\n${USAGE}` : ''}`,
  );
  process.exit(
    err instanceof OrderEndpointError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
      ? 2
      : 1,
  );
});
