import { z } from 'zod';
import { loadConfig } from '../config';
import { redactSecretValues } from '../configSecrets';
import { InstallationStore, installationSlugSchema } from '../installations/installationStore';
import { formatInstallationReport, installationReport } from '../installations/installationReport';
import { openStore } from '../store/store';

/**
 * `npm run installations` lists every installation (customer) with its connected accounts;
 * `-- --json` as JSON; `-- create <slug> [--name "Customer name"]` makes one (or finds it, when it
 * exists).
 */
const createArgs = z.object({ slug: installationSlugSchema, name: z.string().max(200).optional() });

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  const config = loadConfig();
  const store = await openStore(config.store);
  try {
    if (args[0] === 'create') {
      const nameAt = args.indexOf('--name');
      const parsed = createArgs.safeParse({
        slug: args[1],
        ...(nameAt > 0 ? { name: args[nameAt + 1] } : {}),
      });
      if (!parsed.success)
        throw new Error(
          `usage: npm run installations -- create <slug> [--name "Customer name"]\n${parsed.error.issues
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('\n')}`,
        );
      const installation = await new InstallationStore(store.db).ensure(parsed.data);
      process.stdout.write(`Installation ${installation.slug} (${installation.status}).\n`);
      return;
    }
    if (args[0] && !args[0].startsWith('--')) throw new Error(`unknown command "${args[0]}"; known: create`);
    const rows = await installationReport(store.db);
    process.stdout.write(
      `${args.includes('--json') ? JSON.stringify(rows, null, 2) : formatInstallationReport(rows)}\n`,
    );
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  console.error(redactSecretValues(err instanceof Error ? err.message : String(err), process.env));
  process.exit(1);
});
