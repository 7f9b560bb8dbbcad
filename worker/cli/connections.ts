import { loadConfig } from '../config';
import { redactSecretValues } from '../configSecrets';
import { ConnectionStore } from '../connections/connectionStore';
import { loadSecretBox } from '../connections/keyring';
import { connectionReport, formatConnectionReport } from '../connections/report';
import { openStore } from '../store/store';

/**
 * `npm run connections` lists every connection; `npm run connections -- --json` as JSON;
 * `npm run connections -- reencrypt` re-seals all credentials with the current (first) key after a
 * key was added to LEDGERBRIDGE_ENCRYPTION_KEYS; safe while workers run (PostgreSQL): each credential
 * is re-sealed under the refresh lock, and a token refreshed meanwhile is kept.
 */
async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const config = loadConfig();
  const store = await openStore(config.store);
  try {
    if (args[0] === 'reencrypt') {
      const count = await new ConnectionStore(
        store.db,
        await loadSecretBox(config.encryption),
      ).reencryptAll();
      process.stdout.write(`Re-encrypted ${count} connection credential(s) with the current key.\n`);
      return;
    }
    const rows = await connectionReport(store.db);
    process.stdout.write(
      `${args.includes('--json') ? JSON.stringify(rows, null, 2) : formatConnectionReport(rows)}\n`,
    );
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  console.error(redactSecretValues(err instanceof Error ? err.message : String(err), process.env));
  process.exit(1);
});
