import { readFile, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { alignmentServices } from '../alignment/alignmentServices';
import { exportSummary, importSummary } from '../alignment/alignmentReport';
import { exportAlignment } from '../alignment/exportAlignment';
import { importAlignment } from '../alignment/importAlignment';
import { AlignUsageError, parseAlignArgs } from '../alignment/parseAlignArgs';
import { readWorkbook, writeWorkbook } from '../alignment/workbookFiles';
import { loadConfig } from '../config';
import { openStore } from '../store/store';

/**
 * `npm run align -- export|import …`: the first alignment of an installation's customers, done by
 * people in a spreadsheet (see parseAlignArgs for the usage). Works on the store and vendors the
 * worker uses; in the embedded mode PGlite belongs to one process: use DATABASE_URL, or run it
 * while `npm start` is stopped (with the sandbox vendors, the emulators run inside npm start).
 */
async function run(): Promise<void> {
  const command = parseAlignArgs(process.argv.slice(2));
  const config = loadConfig();
  const store = await openStore(config.store);
  try {
    const deps = await alignmentServices(config, store);
    if (command.name === 'export') {
      const result = await exportAlignment(deps, command.installation);
      const bytes = writeWorkbook(result.rows, command.format, result.references);
      if (command.out === '-') return void process.stdout.write(bytes);
      await writeFile(command.out, bytes);
      return void process.stdout.write(`${exportSummary(command.out, result)}\n`);
    }
    const table = readWorkbook(await readFile(command.file), command.format);
    const result = await importAlignment(deps, {
      table,
      dryRun: command.dryRun,
      by: `ops:${command.by ?? userInfo().username}`,
    });
    process.stdout.write(`${importSummary(result, command.dryRun)}\n`);
    if (result.errors.length > 0 || (result.applied?.failed.length ?? 0) > 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

run().catch((err: unknown) => {
  console.error(err instanceof AlignUsageError || err instanceof Error ? err.message : err);
  process.exit(1);
});
